// A failed transaction inside its dialog: the server's message, what to do next, and the
// errors that belong to one field (shown next to that field instead).
import { ApiError } from '../../api/client';

/** Field name → message, from a validation error or a date/reason error of the server. */
export function fieldErrorsOf(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const byCode: Record<string, string> = {
    EFFECTIVE_DATE_OUT_OF_TERM: 'effectiveDate',
    EFFECTIVE_DATE_BEFORE_CANCELLATION: 'effectiveDate',
    INVALID_RENEWAL_DATE: 'effectiveDate',
    UNKNOWN_REASON_CODE: 'cancellationReasonCode',
  };
  if (byCode[error.code]) return { [byCode[error.code]]: error.message };
  const details = error.details as { fieldErrors?: Record<string, string[] | string> } | undefined;
  const out: Record<string, string> = {};
  for (const [field, messages] of Object.entries(details?.fieldErrors ?? {})) {
    const text = Array.isArray(messages) ? messages.join('; ') : String(messages);
    out[field] = text ? text[0].toUpperCase() + text.slice(1) : 'Invalid';
  }
  return out;
}

function nextStep(error: unknown, canOverride: boolean): string {
  if (!(error instanceof ApiError)) return 'Try again.';
  const details = (error.details ?? {}) as { referralId?: string; index?: number };
  switch (error.code) {
    case 'UW_REFERRAL_REQUIRED':
      return canOverride
        ? 'As an underwriter you may approve it now: fill in the override reason and confirm again.'
        : `An underwriter must approve the referral${details.referralId ? ` ${details.referralId}` : ''} in the Referrals queue; once approved, confirm again.`;
    case 'UW_DECLINED':
      return 'Underwriting declines this change. Change the values and preview again.';
    case 'INVALID_STATE':
      return 'The policy’s status does not allow this now. Close this dialog and reload the policy to see where it stands.';
    case 'VALIDATION_ERROR':
      return 'Correct the highlighted fields and try again.';
    case 'EFFECTIVE_DATE_OUT_OF_TERM':
    case 'EFFECTIVE_DATE_BEFORE_CANCELLATION':
    case 'INVALID_RENEWAL_DATE':
      return 'Choose another effective date and try again.';
    case 'NO_CHANGES':
      return 'Change at least one value, then preview again.';
    case 'INVALID_CHANGES':
      return `Fix change ${(details.index ?? 0) + 1} and preview again.`;
    case 'INVALID_QUOTE':
      return 'The changed policy is not valid for its product. Correct the values and preview again.';
    case 'UNKNOWN_REASON_CODE':
      return 'Choose a reason from the list.';
    case 'ALREADY_NON_RENEWED':
      return 'A non-renewal notice already exists for this term; nothing more to do.';
    case 'NETWORK':
      return 'Check your connection and try again; what you entered is kept.';
    default:
      return error.status >= 500
        ? 'Try again in a moment; if it keeps failing, give the reference below to support.'
        : 'Correct the values and try again.';
  }
}

export function TransactionError({
  error,
  canOverride = false,
}: {
  error: unknown;
  canOverride?: boolean;
}) {
  if (!error) return null;
  const message = error instanceof Error ? error.message : String(error);
  const trace = error instanceof ApiError ? error.traceId : undefined;
  return (
    <div className="state state-error policy-error" role="alert">
      <p>{message}</p>
      <p>{nextStep(error, canOverride)}</p>
      {trace && <p className="muted">Reference: {trace}</p>}
    </div>
  );
}
