// Desktop only: the premium of the quote being edited, rated on this machine with the
// built-in products as the user types. Labelled as a preview: the server's rating counts.
import { useEffect, useState } from 'react';
import { platform } from '@platform';
import type { OfflinePreview as Preview } from '../../platform/types';
import { money } from '../../components/format';

type State = { kind: 'idle' } | { kind: 'ready'; preview: Preview } | { kind: 'not-yet'; why: string };

export function OfflinePreview({ tenant, payload }: { tenant: string; payload: unknown }) {
  const desktop = platform.desktop;
  const [state, setState] = useState<State>({ kind: 'idle' });
  const json = JSON.stringify(payload);
  useEffect(() => {
    if (!desktop) return;
    let live = true;
    // Wait for a pause in typing before rating.
    const timer = setTimeout(() => {
      desktop.previewPremium(tenant, JSON.parse(json)).then(
        (preview) => live && setState({ kind: 'ready', preview }),
        (why: unknown) => live && setState({ kind: 'not-yet', why: String(why) }),
      );
    }, 300);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [desktop, tenant, json]);
  if (!desktop) return null;
  return (
    <aside className="card offline-preview" aria-label="Offline premium preview" aria-live="polite">
      <strong>Offline premium preview</strong>{' '}
      <span className="muted">(rated on this computer; not a quote — use Rate for the real one)</span>
      {state.kind === 'ready' && (
        <p data-testid="offline-premium">
          {money(state.preview.total)} · {state.preview.decision}
        </p>
      )}
      {state.kind === 'not-yet' && <p className="muted">{state.why}</p>}
    </aside>
  );
}
