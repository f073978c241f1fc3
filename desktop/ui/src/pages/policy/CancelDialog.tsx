// Cancel: an effective date and a reason code (which decides the return premium). The
// server has no cancellation preview, so the refund is shown once the cancellation is done.
import { useState } from 'react';
import { api } from '../../api/client';
import { Field } from '../../components/Field';
import { date, money } from '../../components/format';
import { ErrorNotice, Loading } from '../../components/States';
import { useAsync } from '../../components/useAsync';
import type { CancellationReason, PolicyView, TransactionResult } from './policyApi';
import { amountOf, dateInTerm, humanize, policyPath } from './policyApi';
import { fieldErrorsOf } from './TransactionError';
import { EffectiveDateField, TransactionForm } from './TransactionForm';
import type { Done } from './useSubmit';
import { useSubmit } from './useSubmit';

export const REASON_CODES_PATH = '/api/v1/reference/cancellation-reason-codes';

const method = (code: string | null | undefined) => (code ? humanize(code).toLowerCase() : '');

export function CancelDialog({ policy, onDone }: { policy: PolicyView; onDone: Done }) {
  const [codes, reloadCodes] = useAsync(
    () => api.get<{ items: CancellationReason[] }>(REASON_CODES_PATH).then((r) => r.items),
    [],
  );
  const [effectiveDate, setEffectiveDate] = useState(() => dateInTerm(policy.term));
  const [code, setCode] = useState('');
  const [notes, setNotes] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  const { busy, error, run, clearError } = useSubmit();

  const reasons = codes.status === 'ready' ? codes.data : [];
  const chosen = reasons.find((r) => r.reasonCode === code);

  async function confirm() {
    const errors: Record<string, string> = {};
    if (!effectiveDate) errors.effectiveDate = 'Required';
    if (!code) errors.cancellationReasonCode = 'Choose a reason';
    setLocal(errors);
    if (Object.keys(errors).length > 0) return;
    const body: Record<string, string> = { effectiveDate, cancellationReasonCode: code };
    if (notes.trim()) body.reason = notes.trim();
    const result = await run('confirm', () =>
      api.post<TransactionResult>(`${policyPath(policy.policyId)}/cancel`, body),
    );
    if (result) {
      const meta = (result.meta ?? {}) as {
        refund?: unknown;
        returnPremiumMethod?: string;
        earnedPercent?: number;
      };
      const refund = amountOf(meta.refund) ?? -(amountOf(result.premium.total) ?? 0);
      const how = [method(meta.returnPremiumMethod), meta.earnedPercent != null && `${meta.earnedPercent}% earned`]
        .filter(Boolean)
        .join(', ');
      onDone(
        `Cancellation ${result.transactionNumber} recorded, effective ${date(result.effectiveDate)}. Refund: ${money(refund)}${how ? ` (${how})` : ''}.`,
      );
    }
  }

  const server = fieldErrorsOf(error);
  return (
    <TransactionForm
      onSubmit={confirm}
      error={error}
      label="Confirm cancellation"
      busyLabel="Cancelling…"
      busy={busy !== null}
      disabled={codes.status !== 'ready'}
      danger
    >
      <EffectiveDateField
        value={effectiveDate}
        onChange={(value) => {
          setEffectiveDate(value);
          clearError();
        }}
        term={policy.term}
        error={local.effectiveDate ?? server.effectiveDate}
      />
      {codes.status === 'loading' && <Loading what="cancellation reasons" />}
      {codes.status === 'error' && <ErrorNotice error={codes.error} onRetry={reloadCodes} />}
      {codes.status === 'ready' && (
        <Field
          label="Reason"
          hint={
            chosen
              ? `Return premium: ${method(chosen.returnPremium)}${chosen.noticeDays ? ` · ${chosen.noticeDays} days’ notice` : ''}`
              : 'The reason decides how much premium is returned'
          }
          error={local.cancellationReasonCode ?? server.cancellationReasonCode}
        >
          <select
            value={code}
            onChange={(e) => {
              setCode(e.target.value);
              clearError();
            }}
          >
            <option value="">Choose a reason…</option>
            {reasons.map((r) => (
              <option key={r.reasonCode} value={r.reasonCode}>
                {r.description} ({r.reasonCode})
              </option>
            ))}
          </select>
        </Field>
      )}
      <Field label="Notes" hint="Optional; kept with the cancellation">
        <input value={notes} onChange={(e) => setNotes(e.target.value)} />
      </Field>
      <p className="muted">The refund is worked out when you confirm and shown afterwards.</p>
    </TransactionForm>
  );
}
