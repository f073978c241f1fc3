// One generated entry field: the right control for its type, labelled, with its error.
import { Field } from '../../components/Field';
import type { FieldDef } from './wizardTypes';

export function FieldControl({
  def,
  value,
  error,
  onChange,
  yesNo = false,
}: {
  def: FieldDef;
  value: string;
  error?: string;
  onChange: (value: string) => void;
  /** Ask as a yes/no question (qualification). */
  yesNo?: boolean;
}) {
  const common = {
    value,
    'aria-required': def.required || undefined,
    disabled: def.readOnly || undefined,
  };
  let control;
  if (yesNo || def.kind === 'boolean') {
    control = (
      <select {...common} onChange={(e) => onChange(e.target.value)}>
        <option value="">Choose…</option>
        <option value="true">Yes</option>
        <option value="false">No</option>
      </select>
    );
  } else if (def.kind === 'select') {
    control = (
      <select {...common} onChange={(e) => onChange(e.target.value)}>
        <option value="">Choose…</option>
        {def.options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    );
  } else {
    const numeric = def.kind === 'number' || def.kind === 'integer';
    control = (
      <input
        {...common}
        type={numeric ? 'number' : def.kind === 'date' ? 'date' : 'text'}
        inputMode={def.kind === 'integer' ? 'numeric' : numeric ? 'decimal' : undefined}
        step={def.kind === 'integer' ? 1 : numeric ? 'any' : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
    );
  }
  return (
    <Field label={def.label} hint={def.help} error={error}>
      {control}
    </Field>
  );
}
