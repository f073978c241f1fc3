// Tenant settings: name, default country, MFA, quote validity, date and policy number
// formats and AI / ML configuration; "Save settings" sends only what changed.
import { useState } from 'react';
import type { FormEvent } from 'react';
import { can } from '../../auth/permissions';
import { useUser } from '../../auth/session';
import { Field } from '../../components/Field';
import { AsyncContent, ErrorNotice } from '../../components/States';
import { useAsync } from '../../components/useAsync';
import { adminApi, fieldErrors } from './adminApi';
import type { TenantSettings, TenantSettingsPatch } from './adminApi';
import { AiMlFields } from './AiMlFields';
import type { AiMlConfig } from './AiMlFields';
import { KeyValueEditor, fromRows, rowsProblem, toRows } from './KeyValueEditor';
import type { KvRow } from './KeyValueEditor';

const DATE_FORMATS = ['MM-DD-YYYY', 'DD-MM-YYYY', 'YYYY-MM-DD', 'MM/DD/YYYY', 'DD/MM/YYYY', 'DD.MM.YYYY'];

export function TenantArea() {
  const [state, reload] = useAsync(() => adminApi.tenant(), []);
  return (
    <section aria-labelledby="admin-tenant-title">
      <h2 id="admin-tenant-title">Tenant settings</h2>
      <AsyncContent state={state} what="tenant settings" onRetry={reload}>
        {(data) => <TenantForm initial={data} />}
      </AsyncContent>
    </section>
  );
}

interface Draft {
  name: string;
  defaultCountry: string;
  quoteValidityDays: string;
  mfaRequired: boolean;
  dateFormats: KvRow[];
  numberFormats: KvRow[];
  aiMl: AiMlConfig;
}

function draftOf(s: TenantSettings): Draft {
  return {
    name: s.name,
    defaultCountry: s.defaultCountry,
    quoteValidityDays: String(s.quoteValidityDays),
    mfaRequired: s.mfaRequired,
    dateFormats: toRows(s.dateFormatsByCountry),
    numberFormats: toRows(s.policyNumberFormatsByProduct),
    aiMl: s.aiMlConfig && typeof s.aiMlConfig === 'object' ? (s.aiMlConfig as AiMlConfig) : {},
  };
}

/** JSON with sorted keys, to compare objects regardless of key order. */
function stable(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

/** The changed settings, or the client-side problems that stop the save. */
function patchOf(draft: Draft, saved: TenantSettings) {
  const problems: Record<string, string> = {};
  const patch: TenantSettingsPatch = {};
  const name = draft.name.trim();
  if (name !== saved.name) patch.name = name;
  const country = draft.defaultCountry.trim().toUpperCase();
  if (country !== saved.defaultCountry) patch.defaultCountry = country;
  const days = Number(draft.quoteValidityDays);
  if (!Number.isInteger(days) || draft.quoteValidityDays.trim() === '') {
    problems.quoteValidityDays = 'Enter a whole number of days.';
  } else if (days !== saved.quoteValidityDays) {
    patch.quoteValidityDays = days;
  }
  if (draft.mfaRequired !== saved.mfaRequired) patch.mfaRequired = draft.mfaRequired;
  const dateProblem = rowsProblem(draft.dateFormats, 'country code');
  if (dateProblem) problems.dateFormatsByCountry = dateProblem;
  const dates = fromRows(draft.dateFormats);
  if (stable(dates) !== stable(saved.dateFormatsByCountry)) patch.dateFormatsByCountry = dates;
  const numberProblem = rowsProblem(draft.numberFormats, 'product code');
  if (numberProblem) problems.policyNumberFormatsByProduct = numberProblem;
  const numbers = fromRows(draft.numberFormats);
  if (stable(numbers) !== stable(saved.policyNumberFormatsByProduct)) {
    patch.policyNumberFormatsByProduct = numbers;
  }
  const thresholds = draft.aiMl.thresholds as Record<string, unknown> | undefined;
  if (thresholds && Object.values(thresholds).some((v) => typeof v !== 'number' || v < 0 || v > 1)) {
    problems.aiMlConfig = 'Thresholds are numbers from 0 to 1.';
  }
  if (stable(draft.aiMl) !== stable(saved.aiMlConfig)) patch.aiMlConfig = draft.aiMl;
  return { patch, problems };
}

function TenantForm({ initial }: { initial: TenantSettings }) {
  const user = useUser();
  const editable = can(user, 'admin.tenant.manage');
  const [saved, setSaved] = useState(initial);
  const [draft, setDraft] = useState(() => draftOf(initial));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setNotice(null);
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    setFailure(null);
    setNotice(null);
    const { patch, problems } = patchOf(draft, saved);
    setErrors(problems);
    if (Object.keys(problems).length) return;
    if (Object.keys(patch).length === 0) {
      setNotice('Nothing has changed.');
      return;
    }
    setBusy(true);
    try {
      const next = await adminApi.updateTenant(patch);
      setSaved(next);
      setDraft(draftOf(next));
      setNotice('Settings saved.');
    } catch (err) {
      const fields = fieldErrors(err);
      if (Object.keys(fields).length) setErrors(fields);
      else setFailure(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate>
      <dl className="summary card">
        <dt>Tenant ID</dt>
        <dd>{saved.tenantId}</dd>
        <dt>Password sign-in</dt>
        <dd>{saved.localAuthEnabled ? 'Enabled' : 'Disabled'}</dd>
      </dl>
      {!editable && (
        <p className="notice">You can view these settings but not change them.</p>
      )}
      <fieldset disabled={!editable || busy}>
        <legend>General</legend>
        <div className="form-grid">
          <Field label="Name" error={errors.name}>
            <input value={draft.name} onChange={(e) => set('name', e.target.value)} />
          </Field>
          <Field label="Default country" hint="Two-letter code, e.g. US" error={errors.defaultCountry}>
            <input
              value={draft.defaultCountry}
              maxLength={2}
              onChange={(e) => set('defaultCountry', e.target.value.toUpperCase())}
            />
          </Field>
          <Field
            label="Quote validity (days)"
            hint="How long a rated quote stays bindable."
            error={errors.quoteValidityDays}
          >
            <input
              type="number"
              min={1}
              max={3650}
              value={draft.quoteValidityDays}
              onChange={(e) => set('quoteValidityDays', e.target.value)}
            />
          </Field>
        </div>
        <label className="check">
          <input
            type="checkbox"
            checked={draft.mfaRequired}
            onChange={(e) => set('mfaRequired', e.target.checked)}
          />
          MFA required
        </label>
        {errors.mfaRequired && <p className="field-error">{errors.mfaRequired}</p>}
      </fieldset>
      <KeyValueEditor
        legend="Date format by country"
        keyLabel="Country code"
        valueLabel="Date format for"
        addLabel="Add country"
        rows={draft.dateFormats}
        onChange={(rows) => set('dateFormats', rows)}
        options={DATE_FORMATS}
        error={errors.dateFormatsByCountry}
        disabled={!editable || busy}
        upperKeys
      />
      <KeyValueEditor
        legend="Policy number format by product"
        keyLabel="Product code"
        valueLabel="Policy number format for"
        addLabel="Add product"
        hint="Product code (or * for any) and a template, e.g. PC-{ID8}. Tokens: {PRODUCT}, {ID}, {ID6}, {ID8}, {YYYY}, {YY}, {MM}, {DD}, {RAND4}, {RAND6}, {RAND8}."
        rows={draft.numberFormats}
        onChange={(rows) => set('numberFormats', rows)}
        error={errors.policyNumberFormatsByProduct}
        disabled={!editable || busy}
      />
      <AiMlFields
        value={draft.aiMl}
        onChange={(config) => set('aiMl', config)}
        disabled={!editable || busy}
        error={errors.aiMlConfig}
      />
      {failure !== null && <ErrorNotice error={failure} />}
      {Object.keys(errors).length > 0 && (
        <p className="field-error" role="alert">
          Some settings need correcting; see the messages above.
        </p>
      )}
      {notice && (
        <div className={`notice${notice === 'Settings saved.' ? ' success' : ''}`} role="status">
          {notice}
        </div>
      )}
      {editable && (
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Saving…' : 'Save settings'}
          </button>
          <button
            type="button"
            disabled={busy}
            onClick={() => {
              setDraft(draftOf(saved));
              setErrors({});
              setNotice(null);
            }}
          >
            Discard changes
          </button>
        </div>
      )}
    </form>
  );
}
