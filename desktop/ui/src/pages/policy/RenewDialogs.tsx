// Renew (a preview of the next term, then the renewal) and non-renew (a notice date and a
// reason; the policy then ends at its expiration).
import { useState } from 'react';
import { api } from '../../api/client';
import { Field } from '../../components/Field';
import { date, money } from '../../components/format';
import type { NonRenewResponse, PolicyView, RenewPreview, TransactionResult } from './policyApi';
import { amountOf, policyPath, todayIso, totalOf } from './policyApi';
import { TransactionError } from './TransactionError';
import { OverrideReasonField, PreviewActions, TransactionForm } from './TransactionForm';
import type { Done } from './useSubmit';
import { useSubmit } from './useSubmit';

export function RenewDialog({
  policy,
  canOverride,
  onDone,
}: {
  policy: PolicyView;
  canOverride: boolean;
  onDone: Done;
}) {
  const [preview, setPreview] = useState<RenewPreview | null>(null);
  const [overrideReason, setOverrideReason] = useState('');
  const { busy, error, run, clearError, referred: wasReferred } = useSubmit();
  const base = policyPath(policy.policyId);

  async function doPreview() {
    const result = await run('preview', () => api.post<RenewPreview>(`${base}/renew/preview`, {}));
    if (result) setPreview(result);
  }

  async function confirm() {
    const body: Record<string, string> = {};
    if (overrideReason.trim()) body.overrideReason = overrideReason.trim();
    const result = await run('confirm', () => api.post<TransactionResult>(`${base}/renew`, body));
    if (result) {
      onDone(
        `Renewal ${result.transactionNumber} recorded: the next term starts ${date(result.effectiveDate)}. New term premium: ${money(amountOf(result.premium.total))}.`,
      );
    }
  }

  const referred = preview?.underwriting.decision === 'Refer' || wasReferred;
  const declined = preview?.underwriting.decision === 'Decline';
  return (
    <div>
      <p>
        Renews {policy.policyNumber} into its next term, re-rated with the current product. The
        current term ends {date(policy.term.expirationDate)}.
      </p>
      {preview && (
        <section aria-labelledby="renew-preview-title" className="policy-preview">
          <h3 id="renew-preview-title">Preview</h3>
          <dl className="summary">
            <dt>Next term</dt>
            <dd>
              {date(preview.nextEffectiveDate)} – {date(preview.nextExpirationDate)}
            </dd>
            <dt>Renewal premium</dt>
            <dd data-testid="renewal-premium">{money(amountOf(preview.premium.total))}</dd>
            <dt>Fees and taxes</dt>
            <dd>
              {money(amountOf(preview.premium.fees))} fees, {money(amountOf(preview.premium.taxes))} taxes
            </dd>
            <dt>Current premium</dt>
            <dd>{money(totalOf(policy.premium))}</dd>
            <dt>Underwriting</dt>
            <dd>
              {preview.underwriting.decision}
              {preview.underwriting.reasons.length > 0 && `: ${preview.underwriting.reasons.join('; ')}`}
            </dd>
          </dl>
        </section>
      )}
      {canOverride && referred && (
        <OverrideReasonField
          value={overrideReason}
          onChange={(value) => {
            setOverrideReason(value);
            clearError();
          }}
        />
      )}
      <TransactionError error={error} canOverride={canOverride} />
      <PreviewActions
        busy={busy}
        previewed={preview !== null}
        declined={declined}
        label="Confirm renewal"
        busyLabel="Renewing…"
        onPreview={() => void doPreview()}
        onConfirm={() => void confirm()}
      >
        {declined && <span className="field-error">Underwriting declines the renewal.</span>}
      </PreviewActions>
    </div>
  );
}

/** The reasons the reference UI offers for a non-renewal (free text to the server). */
export const NON_RENEWAL_REASONS: [string, string][] = [
  ['UNDERWRITING_CHANGE', 'Underwriting change'],
  ['CAPACITY', 'Capacity'],
  ['MARKET_EXIT', 'Market exit'],
  ['ADVERSE_LOSS_HISTORY', 'Adverse loss history'],
  ['UNACCEPTABLE_RISK_CHANGE', 'Unacceptable change in risk'],
  ['OTHER', 'Other'],
];

export function NonRenewDialog({ policy, onDone }: { policy: PolicyView; onDone: Done }) {
  const [noticeDate, setNoticeDate] = useState(todayIso());
  const [reasonCode, setReasonCode] = useState('');
  const [details, setDetails] = useState('');
  const [missing, setMissing] = useState(false);
  const { busy, error, run, clearError } = useSubmit();

  async function confirm() {
    setMissing(!reasonCode);
    if (!reasonCode) return;
    const body: Record<string, string> = { reasonCode };
    if (noticeDate) body.noticeDate = noticeDate;
    if (details.trim()) body.reasonDescription = details.trim();
    const result = await run('confirm', () =>
      api.post<NonRenewResponse>(`${policyPath(policy.policyId)}/non-renew`, body),
    );
    if (result) {
      onDone(
        `Non-renewal ${result.transactionNumber} recorded: the policy ends on ${date(result.nonRenewedAt)}. No premium change.`,
      );
    }
  }

  return (
    <TransactionForm
      onSubmit={confirm}
      error={error}
      label="Confirm non-renewal"
      busyLabel="Sending…"
      busy={busy !== null}
      danger
    >
      <p>
        The policy will not renew: it ends at its expiration, {date(policy.term.expirationDate)}.
      </p>
      <Field label="Notice date" hint="Date the notice is sent to the insured">
        <input
          type="date"
          value={noticeDate}
          onChange={(e) => {
            setNoticeDate(e.target.value);
            clearError();
          }}
        />
      </Field>
      <Field label="Reason" error={missing ? 'Choose a reason' : undefined}>
        <select
          value={reasonCode}
          onChange={(e) => {
            setReasonCode(e.target.value);
            clearError();
          }}
        >
          <option value="">Choose a reason…</option>
          {NON_RENEWAL_REASONS.map(([code, label]) => (
            <option key={code} value={code}>
              {label}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Details" hint="Optional; appears on the notice">
        <textarea rows={2} value={details} onChange={(e) => setDetails(e.target.value)} />
      </Field>
    </TransactionForm>
  );
}
