// A confirmation dialog for a destructive or security-sensitive action (it shows the
// server's refusal instead of closing when the action fails), and the confirm / cancel
// buttons that end every dialog's form.
import { useState } from 'react';
import type { ReactNode } from 'react';
import { Dialog } from './Dialog';
import { ErrorNotice } from './States';

/**
 * The confirming button (a submit button, or `onConfirm` on click) reading `busyLabel`
 * while busy, and "Cancel" when `onCancel` is given. Both are disabled while busy.
 */
export function DialogActions({
  label,
  busyLabel,
  busy,
  disabled = false,
  danger = false,
  onConfirm,
  onCancel,
}: {
  label: string;
  busyLabel?: string;
  busy: boolean;
  /** Disables the confirming button for another reason than being busy. */
  disabled?: boolean;
  danger?: boolean;
  onConfirm?: () => void;
  onCancel?: () => void;
}) {
  return (
    <div className="actions">
      <button
        type={onConfirm ? 'button' : 'submit'}
        className={danger ? 'danger' : 'primary'}
        disabled={busy || disabled}
        onClick={onConfirm}
      >
        {busy && busyLabel ? busyLabel : label}
      </button>
      {onCancel && (
        <button type="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      )}
    </div>
  );
}

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
      <DialogActions
        label={confirmLabel}
        busyLabel="Working…"
        busy={busy}
        danger={danger}
        onConfirm={() => void confirm()}
        onCancel={onClose}
      />
    </Dialog>
  );
}
