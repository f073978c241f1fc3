// A confirmation dialog for a destructive or security-sensitive action; shows the
// server's refusal instead of closing when the action fails.
import { useState } from 'react';
import type { ReactNode } from 'react';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/States';

export function ConfirmDialog({
  title,
  confirmLabel,
  danger = false,
  onConfirm,
  onClose,
  children,
}: {
  title: string;
  confirmLabel: string;
  danger?: boolean;
  /** Runs the action; the dialog closes itself only through onClose after success. */
  onConfirm: () => Promise<void>;
  onClose: () => void;
  children: ReactNode;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  async function confirm() {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  }
  return (
    <Dialog title={title} open onClose={onClose}>
      {children}
      {error !== null && <ErrorNotice error={error} />}
      <div className="actions">
        <button
          type="button"
          className={danger ? 'danger' : 'primary'}
          disabled={busy}
          onClick={() => void confirm()}
        >
          {busy ? 'Working…' : confirmLabel}
        </button>
        <button type="button" onClick={onClose} disabled={busy}>
          Cancel
        </button>
      </div>
    </Dialog>
  );
}
