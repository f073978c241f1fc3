// Reinstate and rewrite a cancelled policy, and issue a bound one: a date (and reason)
// then one confirming button each.
import { useState } from 'react';
import { api } from '../../api/client';
import { DialogActions } from '../../components/ConfirmDialog';
import { Field } from '../../components/Field';
import { date, money } from '../../components/format';
import type { IssueResponse, PolicyView, TransactionResult } from './policyApi';
import { amountOf, lastCancellation, policyPath, todayIso } from './policyApi';
import { fieldErrorsOf, TransactionError } from './TransactionError';
import { EffectiveDateField, OverrideReasonField, TransactionForm } from './TransactionForm';
import type { Done } from './useSubmit';
import { useSubmit } from './useSubmit';

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
    <TransactionForm
      onSubmit={confirm}
      error={error}
      label="Confirm reinstatement"
      busyLabel="Reinstating…"
      busy={busy !== null}
    >
      <EffectiveDateField
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
    </TransactionForm>
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
    <TransactionForm
      onSubmit={confirm}
      error={error}
      canOverride={canOverride}
      label="Confirm rewrite"
      busyLabel="Rewriting…"
      busy={busy !== null}
    >
      <EffectiveDateField
        value={effectiveDate}
        onChange={(v) => {
          setEffectiveDate(v);
          clearError();
        }}
        hint={`The new term’s start${cancelledOn ? `, on or after the cancellation date ${date(cancelledOn)}` : ''}`}
        error={fieldErrorsOf(error).effectiveDate}
      />
      {canOverride && referred && (
        <OverrideReasonField value={overrideReason} onChange={setOverrideReason} />
      )}
      <p className="muted">The new term is rated with the current product when you confirm.</p>
    </TransactionForm>
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
      <DialogActions
        label="Confirm issue"
        busyLabel="Issuing…"
        busy={busy !== null}
        onConfirm={() => void confirm()}
      />
    </div>
  );
}
