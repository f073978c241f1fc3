// Reinstate and rewrite a cancelled policy, and issue a bound one: a date (and reason)
// then one confirming button each.
import { useState } from 'react';
import { api } from '../../api/client';
import { Field } from '../../components/Field';
import { date, money } from '../../components/format';
import type { IssueResponse, PolicyView, TransactionResult } from './policyApi';
import { amountOf, lastCancellation, policyPath, todayIso } from './policyApi';
import { fieldErrorsOf, TransactionError } from './TransactionError';
import type { Done } from './useSubmit';
import { useSubmit } from './useSubmit';

function DateField({
  label,
  value,
  onChange,
  hint,
  error,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  hint?: string;
  error?: string;
}) {
  return (
    <Field label={label} hint={hint} error={error}>
      <input type="date" value={value} onChange={(e) => onChange(e.target.value)} />
    </Field>
  );
}

export function ReinstateDialog({ policy, onDone }: { policy: PolicyView; onDone: Done }) {
  const cancelledOn = lastCancellation(policy)?.effectiveDate;
  const [effectiveDate, setEffectiveDate] = useState(cancelledOn ?? todayIso());
  const [reason, setReason] = useState('');
  const [required, setRequired] = useState(false);
  const { busy, error, run, clearError } = useSubmit();

  async function confirm() {
    setRequired(!effectiveDate);
    if (!effectiveDate) return;
    const body: Record<string, string> = { effectiveDate };
    if (reason.trim()) body.reason = reason.trim();
    const result = await run('confirm', () =>
      api.post<TransactionResult>(`${policyPath(policy.policyId)}/reinstate`, body),
    );
    if (result) {
      onDone(
        `Reinstatement ${result.transactionNumber} recorded, effective ${date(result.effectiveDate)}. Premium charged: ${money(amountOf(result.premium.total))}.`,
      );
    }
  }

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void confirm();
      }}
      noValidate
    >
      <DateField
        label="Effective date"
        value={effectiveDate}
        onChange={(v) => {
          setEffectiveDate(v);
          clearError();
        }}
        hint={cancelledOn ? `On or after the cancellation date ${date(cancelledOn)}` : undefined}
        error={required ? 'Required' : fieldErrorsOf(error).effectiveDate}
      />
      <Field label="Reason" hint="Optional">
        <input value={reason} onChange={(e) => setReason(e.target.value)} />
      </Field>
      <p className="muted">Cover is switched back on from this date; the premium for the rest of the term is charged.</p>
      <TransactionError error={error} />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy !== null}>
          {busy ? 'Reinstating…' : 'Confirm reinstatement'}
        </button>
      </div>
    </form>
  );
}

export function RewriteDialog({
  policy,
  canOverride,
  onDone,
}: {
  policy: PolicyView;
  canOverride: boolean;
  onDone: Done;
}) {
  const cancelledOn = lastCancellation(policy)?.effectiveDate;
  const today = todayIso();
  const [effectiveDate, setEffectiveDate] = useState(
    cancelledOn && cancelledOn > today ? cancelledOn : today,
  );
  const [overrideReason, setOverrideReason] = useState('');
  const { busy, error, run, clearError, referred } = useSubmit();

  async function confirm() {
    const body: Record<string, string> = {};
    if (effectiveDate) body.effectiveDate = effectiveDate;
    if (overrideReason.trim()) body.overrideReason = overrideReason.trim();
    const result = await run('confirm', () =>
      api.post<TransactionResult>(`${policyPath(policy.policyId)}/rewrite`, body),
    );
    if (result) {
      onDone(
        `Rewrite ${result.transactionNumber} recorded: a new term from ${date(result.effectiveDate)}. New term premium: ${money(amountOf(result.premium.total))}.`,
      );
    }
  }

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void confirm();
      }}
      noValidate
    >
      <DateField
        label="Effective date"
        value={effectiveDate}
        onChange={(v) => {
          setEffectiveDate(v);
          clearError();
        }}
        hint={`The new term’s start${cancelledOn ? `, on or after the cancellation date ${date(cancelledOn)}` : ''}`}
        error={fieldErrorsOf(error).effectiveDate}
      />
      {canOverride && referred && (
        <Field label="Override reason" hint="Approves the referral on the spot (underwriters)">
          <input value={overrideReason} onChange={(e) => setOverrideReason(e.target.value)} />
        </Field>
      )}
      <p className="muted">The new term is rated with the current product when you confirm.</p>
      <TransactionError error={error} canOverride={canOverride} />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy !== null}>
          {busy ? 'Rewriting…' : 'Confirm rewrite'}
        </button>
      </div>
    </form>
  );
}

export function IssueDialog({ policy, onDone }: { policy: PolicyView; onDone: Done }) {
  const { busy, error, run } = useSubmit();
  async function confirm() {
    const result = await run('confirm', () =>
      api.post<IssueResponse>(`${policyPath(policy.policyId)}/issue`, {}),
    );
    if (result) onDone(`Policy ${result.policyNumber} issued.`);
  }
  return (
    <div>
      <p>Issuing makes the bound policy {policy.policyNumber} active for its term.</p>
      <TransactionError error={error} />
      <div className="actions">
        <button type="button" className="primary" disabled={busy !== null} onClick={() => void confirm()}>
          {busy ? 'Issuing…' : 'Confirm issue'}
        </button>
      </div>
    </div>
  );
}
