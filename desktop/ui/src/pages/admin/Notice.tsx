// The outcome of the last action in an admin area: a success line or the refusal.
import { ErrorNotice } from '../../components/States';

export type Outcome = { ok: string } | { error: unknown } | null;

export function OutcomeNotice({ outcome }: { outcome: Outcome }) {
  if (!outcome) return null;
  if ('ok' in outcome) {
    return (
      <div className="notice success" role="status">
        {outcome.ok}
      </div>
    );
  }
  return <ErrorNotice error={outcome.error} />;
}
