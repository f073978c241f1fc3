// Edits a JSON object of strings (country -> date format, product -> number template) as
// rows of key and value, with add and remove.
import { useId } from 'react';

export interface KvRow {
  id: number;
  key: string;
  value: string;
}

let nextId = 1;

export function toRows(value: unknown): KvRow[] {
  const object = value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  return Object.entries(object).map(([key, v]) => ({ id: nextId++, key, value: String(v ?? '') }));
}

/** The object the rows describe; rows left entirely blank are dropped. */
export function fromRows(rows: KvRow[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const row of rows) {
    const key = row.key.trim();
    if (!key && !row.value.trim()) continue;
    out[key] = row.value.trim();
  }
  return out;
}

/** The first problem with the rows, if any. */
export function rowsProblem(rows: KvRow[], keyName: string): string | null {
  const keys = rows.filter((r) => r.key.trim() || r.value.trim()).map((r) => r.key.trim());
  if (keys.some((k) => !k)) return `Every row needs a ${keyName}.`;
  if (new Set(keys).size !== keys.length) return `Each ${keyName} may appear only once.`;
  return null;
}

export function KeyValueEditor({
  legend,
  keyLabel,
  valueLabel,
  addLabel,
  rows,
  onChange,
  options,
  hint,
  error,
  disabled,
  upperKeys = false,
}: {
  legend: string;
  /** e.g. "Country code": each key input is labelled "<keyLabel> (row n)". */
  keyLabel: string;
  /** e.g. "Date format for": each value input is labelled "<valueLabel> <key>". */
  valueLabel: string;
  addLabel: string;
  rows: KvRow[];
  onChange: (rows: KvRow[]) => void;
  /** When given, values are chosen from these. */
  options?: string[];
  hint?: string;
  error?: string | null;
  disabled?: boolean;
  upperKeys?: boolean;
}) {
  const id = useId();
  const update = (rowId: number, change: Partial<KvRow>) =>
    onChange(rows.map((r) => (r.id === rowId ? { ...r, ...change } : r)));
  return (
    <fieldset
      aria-describedby={[hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined}
    >
      <legend>{legend}</legend>
      {hint && (
        <p id={`${id}-hint`} className="muted">
          {hint}
        </p>
      )}
      {rows.length === 0 && <p className="muted">None yet.</p>}
      {rows.map((row, index) => {
        const valueName = `${valueLabel} ${row.key.trim() || `row ${index + 1}`}`;
        const choices =
          options && !options.includes(row.value) && row.value ? [row.value, ...options] : options;
        return (
          <div className="kv-row field" key={row.id}>
            <input
              aria-label={`${keyLabel} (row ${index + 1})`}
              value={row.key}
              disabled={disabled}
              onChange={(e) =>
                update(row.id, { key: upperKeys ? e.target.value.toUpperCase() : e.target.value })
              }
            />
            {choices ? (
              <select
                aria-label={valueName}
                value={row.value}
                disabled={disabled}
                onChange={(e) => update(row.id, { value: e.target.value })}
              >
                {!row.value && <option value="">Choose…</option>}
                {choices.map((o) => (
                  <option key={o} value={o}>
                    {o}
                  </option>
                ))}
              </select>
            ) : (
              <input
                aria-label={valueName}
                value={row.value}
                disabled={disabled}
                onChange={(e) => update(row.id, { value: e.target.value })}
              />
            )}
            {!disabled && (
              <button
                type="button"
                aria-label={`Remove ${row.key.trim() || `row ${index + 1}`}`}
                onClick={() => onChange(rows.filter((r) => r.id !== row.id))}
              >
                Remove
              </button>
            )}
          </div>
        );
      })}
      {!disabled && (
        <button
          type="button"
          onClick={() => onChange([...rows, { id: nextId++, key: '', value: '' }])}
        >
          {addLabel}
        </button>
      )}
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </fieldset>
  );
}
