// "Export CSV": downloads the current filters' CSV and hands it to the platform to save.
import { useState } from 'react';
import { downloadFile } from '../../components/download';
import { ErrorNotice } from '../../components/States';

type ExportState = { status: 'idle' | 'busy' | 'done' } | { status: 'error'; error: unknown };

export function ExportButton({ path, fileName }: { path: string; fileName: string }) {
  const [state, setState] = useState<ExportState>({ status: 'idle' });
  const run = async () => {
    setState({ status: 'busy' });
    try {
      await downloadFile(path, fileName);
      setState({ status: 'done' });
    } catch (error) {
      setState({ status: 'error', error });
    }
  };
  const busy = state.status === 'busy';
  return (
    <div className="search-export">
      <button
        type="button"
        onClick={() => void run()}
        disabled={busy}
        aria-busy={busy || undefined}
      >
        Export CSV
      </button>
      <span role="status" className="muted">
        {busy && 'Preparing the CSV…'}
        {state.status === 'done' && `Saved ${fileName}.`}
      </span>
      {state.status === 'error' && <ErrorNotice error={state.error} onRetry={() => void run()} />}
    </div>
  );
}
