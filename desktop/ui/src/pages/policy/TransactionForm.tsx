// A transaction dialog's form and buttons: the fields, the failure explained, then the
// confirming button (or Preview, then the confirming button); and the fields several
// dialogs share, the effective date and an underwriter's override reason.
import type { ComponentProps, ReactNode } from 'react';
import { DialogActions } from '../../components/ConfirmDialog';
import { Field } from '../../components/Field';
import { date } from '../../components/format';
import { TransactionError } from './TransactionError';

/** A form that confirms the transaction on submit; the button is DialogActions'. */
export function TransactionForm({
  onSubmit,
  error,
  canOverride = false,
  children,
  ...actions
}: Omit<ComponentProps<typeof DialogActions>, 'onConfirm' | 'onCancel'> & {
  onSubmit: () => Promise<void>;
  /** The last failure (useSubmit's), explained above the button. */
  error: unknown;
  canOverride?: boolean;
  children: ReactNode;
}) {
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void onSubmit();
      }}
      noValidate
    >
      {children}
      <TransactionError error={error} canOverride={canOverride} />
      <DialogActions {...actions} />
    </form>
  );
}

/**
 * "Preview" (a submit button unless `onPreview` is given), then, once previewed, the
 * confirming button; `busy` is useSubmit's ('preview' or 'confirm'). Notes go after them.
 */
export function PreviewActions({
  busy,
  previewed,
  declined,
  label,
  busyLabel,
  onPreview,
  onConfirm,
  children,
}: {
  busy: string | null;
  previewed: boolean;
  /** Underwriting declines what was previewed: it cannot be confirmed. */
  declined: boolean;
  label: string;
  busyLabel: string;
  onPreview?: () => void;
  onConfirm: () => void;
  children?: ReactNode;
}) {
  return (
    <div className="actions">
      <button
        type={onPreview ? 'button' : 'submit'}
        className={previewed ? undefined : 'primary'}
        disabled={busy !== null}
        onClick={onPreview}
      >
        {busy === 'preview' ? 'Previewing…' : 'Preview'}
      </button>
      {previewed && (
        <button
          type="button"
          className="primary"
          disabled={busy !== null || declined}
          onClick={onConfirm}
        >
          {busy === 'confirm' ? busyLabel : label}
        </button>
      )}
      {children}
    </div>
  );
}

export function EffectiveDateField({
  value,
  onChange,
  term,
  hint,
  error,
}: {
  value: string;
  onChange: (value: string) => void;
  /** Limits the date to this term, and says so unless `hint` says otherwise. */
  term?: { effectiveDate: string; expirationDate: string };
  hint?: string;
  error?: string;
}) {
  return (
    <Field
      label="Effective date"
      hint={hint ?? (term && `Within the term ${date(term.effectiveDate)} – ${date(term.expirationDate)}`)}
      error={error}
    >
      <input
        type="date"
        value={value}
        min={term?.effectiveDate}
        max={term?.expirationDate}
        onChange={(e) => onChange(e.target.value)}
      />
    </Field>
  );
}

export function OverrideReasonField({
  value,
  onChange,
}: {
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <Field label="Override reason" hint="Approves the referral on the spot (underwriters)">
      <input value={value} onChange={(e) => onChange(e.target.value)} />
    </Field>
  );
}
