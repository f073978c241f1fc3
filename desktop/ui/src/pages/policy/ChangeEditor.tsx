// The endorsement's changes: the policy's editable values (answers, each risk's fields,
// coverage limits and deductibles) as inputs, turned into JSON Patch `replace` changes for
// the values that differ, plus optional raw changes for anything else (add a vehicle...).
import { Field } from '../../components/Field';
import type { Change } from './policyApi';
import { humanize } from './policyApi';

type Scalar = string | number | boolean;

export interface EditableField {
  path: string;
  label: string;
  section: string;
  original: Scalar;
}

export type Values = Record<string, string | boolean>;

const pointer = (...parts: (string | number)[]) =>
  '/' + parts.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

const isScalar = (v: unknown): v is Scalar =>
  typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

const asObject = (v: unknown): Record<string, unknown> | null =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;

function riskName(risk: Record<string, unknown>): string {
  const type = String(risk.type ?? '').toLowerCase();
  if (type.includes('vehicle')) return 'Vehicle';
  if (type.includes('dwelling')) return 'Dwelling';
  return 'Risk';
}

/** The values of a payload an endorsement can change here. */
export function editableFields(payload: unknown): EditableField[] {
  const root = asObject(payload) ?? {};
  const fields: EditableField[] = [];
  const answers = asObject(root.uwAnswers);
  for (const [key, value] of Object.entries(answers ?? {})) {
    if (isScalar(value)) {
      fields.push({
        path: pointer('uwAnswers', key),
        label: humanize(key),
        section: 'Drivers and underwriting answers',
        original: value,
      });
    }
  }
  const risks = Array.isArray(root.risks) ? root.risks : [];
  risks.forEach((item, i) => {
    const risk = asObject(item);
    if (!risk) return;
    const name = `${riskName(risk)} ${i + 1}`;
    for (const [key, value] of Object.entries(risk)) {
      if (key === 'type' || !isScalar(value)) continue;
      fields.push({
        path: pointer('risks', i, key),
        label: `${name}: ${humanize(key)}`,
        section: name,
        original: value,
      });
    }
  });
  const coverages = Array.isArray(root.coverages) ? root.coverages : [];
  coverages.forEach((item, i) => {
    const coverage = asObject(item);
    if (!coverage) return;
    const code = String(coverage.code ?? `Coverage ${i + 1}`);
    for (const key of ['limit', 'deductible', 'selected']) {
      const value = coverage[key];
      if (!isScalar(value)) continue;
      fields.push({
        path: pointer('coverages', i, key),
        label: `${code} ${key}`,
        section: 'Coverages',
        original: value,
      });
    }
  });
  return fields;
}

export function initialValues(fields: EditableField[]): Values {
  return Object.fromEntries(
    fields.map((f) => [f.path, typeof f.original === 'boolean' ? f.original : String(f.original)]),
  );
}

/** The `replace` changes for the edited values, or the errors of the values that cannot be. */
export function changesFrom(
  fields: EditableField[],
  values: Values,
): { changes: Change[]; errors: Record<string, string> } {
  const changes: Change[] = [];
  const errors: Record<string, string> = {};
  for (const field of fields) {
    const raw = values[field.path];
    let value: Scalar;
    if (typeof field.original === 'boolean') {
      value = raw === true;
    } else if (typeof field.original === 'number') {
      const text = String(raw ?? '').trim();
      const n = Number(text);
      if (text === '' || !Number.isFinite(n)) {
        errors[field.path] = 'Enter a number';
        continue;
      }
      value = n;
    } else {
      value = String(raw ?? '');
    }
    if (value !== field.original) changes.push({ op: 'replace', path: field.path, value });
  }
  return { changes, errors };
}

/** Parses the raw changes box: a JSON array of `{op, path, value?}`. */
export function parseExtraChanges(text: string): { changes: Change[]; error?: string } {
  if (!text.trim()) return { changes: [] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { changes: [], error: 'Not valid JSON' };
  }
  const list = Array.isArray(parsed) ? parsed : [parsed];
  for (const item of list) {
    const change = asObject(item);
    if (!change || typeof change.op !== 'string' || typeof change.path !== 'string') {
      return { changes: [], error: 'Each change needs an "op" and a "path"' };
    }
  }
  return { changes: list as Change[] };
}

export function ChangeEditor({
  fields,
  values,
  errors,
  onChange,
}: {
  fields: EditableField[];
  values: Values;
  errors: Record<string, string>;
  onChange: (path: string, value: string | boolean) => void;
}) {
  if (fields.length === 0) {
    return <p className="muted">This policy has no values to edit here; use the changes box below.</p>;
  }
  const sections = [...new Set(fields.map((f) => f.section))];
  return (
    <>
      {sections.map((section) => (
        <fieldset key={section} className="policy-fieldset">
          <legend>{section}</legend>
          <div className="form-grid">
            {fields
              .filter((f) => f.section === section)
              .map((f) => (
                <Field key={f.path} label={f.label} error={errors[f.path]}>
                  {typeof f.original === 'boolean' ? (
                    <input
                      type="checkbox"
                      checked={values[f.path] === true}
                      onChange={(e) => onChange(f.path, e.target.checked)}
                    />
                  ) : (
                    <input
                      type={typeof f.original === 'number' ? 'number' : 'text'}
                      step={typeof f.original === 'number' ? 'any' : undefined}
                      value={String(values[f.path] ?? '')}
                      onChange={(e) => onChange(f.path, e.target.value)}
                    />
                  )}
                </Field>
              ))}
          </div>
        </fieldset>
      ))}
    </>
  );
}
