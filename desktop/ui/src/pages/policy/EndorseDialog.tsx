// Endorse: an effective date and the values to change, a preview of the premium change,
// then the endorsement itself with the same request.
import { useMemo, useState } from 'react';
import { api } from '../../api/client';
import { Field } from '../../components/Field';
import { date } from '../../components/format';
import { ChangeEditor, changesFrom, editableFields, initialValues, parseExtraChanges } from './ChangeEditor';
import type { Values } from './ChangeEditor';
import { EndorsePreviewView } from './EndorsePreviewView';
import type { Change, EndorsePreview, PolicyView, TransactionResult } from './policyApi';
import { dateInTerm, policyPath, signedMoney } from './policyApi';
import { fieldErrorsOf, TransactionError } from './TransactionError';
import { EffectiveDateField, OverrideReasonField, PreviewActions } from './TransactionForm';
import type { Done } from './useSubmit';
import { useSubmit } from './useSubmit';

interface EndorseBody {
  effectiveDate: string;
  changes: Change[];
  reason?: string;
  overrideReason?: string;
}

export function EndorseDialog({
  policy,
  payload,
  canOverride,
  onDone,
}: {
  policy: PolicyView;
  payload: unknown;
  canOverride: boolean;
  onDone: Done;
}) {
  const fields = useMemo(() => editableFields(payload), [payload]);
  const [effectiveDate, setEffectiveDate] = useState(() => dateInTerm(policy.term));
  const [values, setValues] = useState<Values>(() => initialValues(fields));
  const [extra, setExtra] = useState('');
  const [reason, setReason] = useState('');
  const [overrideReason, setOverrideReason] = useState('');
  const [preview, setPreview] = useState<EndorsePreview | null>(null);
  const [local, setLocal] = useState<Record<string, string>>({});
  const { busy, error, run, clearError, referred: wasReferred } = useSubmit();

  const edited = () => {
    setPreview(null);
    clearError();
  };

  function build(): EndorseBody | null {
    const errors: Record<string, string> = {};
    if (!effectiveDate) errors.effectiveDate = 'Required';
    const fromFields = changesFrom(fields, values);
    Object.assign(errors, fromFields.errors);
    const fromBox = parseExtraChanges(extra);
    if (fromBox.error) errors.extra = fromBox.error;
    const changes = [...fromFields.changes, ...fromBox.changes];
    if (Object.keys(errors).length === 0 && changes.length === 0) {
      errors.changes = 'Change at least one value';
    }
    setLocal(errors);
    if (Object.keys(errors).length > 0) return null;
    const body: EndorseBody = { effectiveDate, changes };
    if (reason.trim()) body.reason = reason.trim();
    if (overrideReason.trim()) body.overrideReason = overrideReason.trim();
    return body;
  }

  async function doPreview() {
    const body = build();
    if (!body) return;
    const result = await run('preview', () =>
      api.post<EndorsePreview>(`${policyPath(policy.policyId)}/endorse/preview`, body),
    );
    if (result) setPreview(result);
  }

  async function confirm() {
    const body = build();
    if (!body) return;
    const result = await run('confirm', () =>
      api.post<TransactionResult>(`${policyPath(policy.policyId)}/endorse`, body),
    );
    if (result) {
      onDone(
        `Endorsement ${result.transactionNumber} recorded, effective ${date(result.effectiveDate)}. Premium change: ${signedMoney(result.premium.total)}.`,
      );
    }
  }

  const server = fieldErrorsOf(error);
  const referred = preview?.underwriting.decision === 'Refer' || wasReferred;
  const declined = preview?.underwriting.decision === 'Decline';

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void doPreview();
      }}
      noValidate
    >
      <EffectiveDateField
        value={effectiveDate}
        onChange={(value) => {
          setEffectiveDate(value);
          edited();
        }}
        term={policy.term}
        error={local.effectiveDate ?? server.effectiveDate}
      />
      <ChangeEditor
        fields={fields}
        values={values}
        errors={local}
        onChange={(path, value) => {
          setValues((v) => ({ ...v, [path]: value }));
          edited();
        }}
      />
      <Field
        label="Other changes (JSON Patch)"
        hint='Optional, e.g. [{"op":"add","path":"/risks/1","value":{"type":"autoVehicle"}}]'
        error={local.extra}
      >
        <textarea
          rows={3}
          value={extra}
          onChange={(e) => {
            setExtra(e.target.value);
            edited();
          }}
        />
      </Field>
      <Field label="Reason for change" hint="Optional; kept with the transaction">
        <input
          value={reason}
          onChange={(e) => {
            setReason(e.target.value);
            edited();
          }}
        />
      </Field>
      {canOverride && referred && (
        <OverrideReasonField
          value={overrideReason}
          onChange={(value) => {
            setOverrideReason(value);
            clearError();
          }}
        />
      )}
      {local.changes && (
        <p className="field-error" role="alert">
          {local.changes}
        </p>
      )}
      <TransactionError error={error} canOverride={canOverride} />
      {preview && <EndorsePreviewView preview={preview} />}
      {preview && referred && !canOverride && (
        <p className="notice" role="note">
          Underwriting refers this change: confirming raises a referral an underwriter must approve.
        </p>
      )}
      <PreviewActions
        busy={busy}
        previewed={preview !== null}
        declined={declined}
        label="Confirm endorsement"
        busyLabel="Endorsing…"
        onConfirm={() => void confirm()}
      >
        {!preview && <span className="muted">Preview the premium change before confirming.</span>}
        {declined && <span className="field-error">Underwriting declines this change.</span>}
      </PreviewActions>
    </form>
  );
}
