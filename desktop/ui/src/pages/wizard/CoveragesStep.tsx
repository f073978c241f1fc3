// Step 5: coverages with their limits, deductibles and percentage options, and policy
// deductibles, all from the product configuration.
import { Field } from '../../components/Field';
import { money } from '../../components/format';
import { humanize } from './fields';
import { choiceOf, deductibleOf, typedLimit } from './payload';
import type { StepProps } from './ProductStep';
import type { CoverageChoice, CoverageConfig } from './wizardTypes';

/** An option as shown: amounts as money, split limits as money/money, text as is. */
export function optionLabel(value: unknown, percent = false): string {
  if (typeof value === 'number') return percent ? `${value}%` : value === 0 ? 'None' : money(value).replace(/\.00$/, '');
  if (typeof value === 'string' && /^\d+(\/\d+)+$/.test(value)) {
    return value
      .split('/')
      .map((n) => money(Number(n)).replace(/\.00$/, ''))
      .join(' / ');
  }
  return String(value ?? '–');
}

function Options({
  label,
  options,
  value,
  percent,
  onChange,
  disabled,
}: {
  label: string;
  options: unknown[];
  value: string;
  percent?: boolean;
  onChange: (v: string) => void;
  disabled: boolean;
}) {
  return (
    <Field label={label}>
      <select value={value} disabled={disabled} onChange={(e) => onChange(e.target.value)}>
        {options.map((o) => (
          <option key={JSON.stringify(o)} value={JSON.stringify(o)}>
            {optionLabel(o, percent)}
          </option>
        ))}
      </select>
    </Field>
  );
}

export function CoveragesStep({ data, update, errors, ctx }: StepProps) {
  if (!ctx) return null;
  const { coverages, deductibles } = ctx.config;
  const set = (c: CoverageConfig, patch: Partial<CoverageChoice>, key: string) =>
    update(
      { coverages: { ...data.coverages, [c.code]: { ...choiceOf(data, c), ...patch } } },
      [key, 'coverages'],
    );
  const nameOf = (code?: string | null) => coverages.find((c) => c.code === code)?.name ?? code;
  return (
    <>
      {errors.coverages && (
        <p className="field-error" role="alert">
          {errors.coverages}
        </p>
      )}
      {coverages.length === 0 && <p className="muted">{ctx.summary.name} has no coverages to choose.</p>}
      <div className="wizard-coverages">
        {coverages.map((c) => {
          const choice = choiceOf(data, c);
          const on = !c.selectable || choice.selected;
          return (
            <fieldset className="wizard-group" key={c.code}>
              <legend>
                <label>
                  <input
                    type="checkbox"
                    checked={on}
                    disabled={!c.selectable}
                    onChange={(e) => set(c, { selected: e.target.checked }, `coverages.${c.code}`)}
                  />{' '}
                  {c.name}
                </label>
              </legend>
              <div className="form-grid">
                {typedLimit(c) && (
                  <Field label={`${c.name} limit`} error={errors[`coverages.${c.code}.limit`]}>
                    <input
                      type="number"
                      min={0}
                      step="any"
                      inputMode="decimal"
                      disabled={!on}
                      value={choice.limit}
                      onChange={(e) => set(c, { limit: e.target.value }, `coverages.${c.code}.limit`)}
                    />
                  </Field>
                )}
                {!!c.limits?.length && (
                  <Options
                    label={`${c.name} limit`}
                    options={c.limits}
                    value={choice.limit}
                    disabled={!on}
                    onChange={(v) => set(c, { limit: v }, `coverages.${c.code}.limit`)}
                  />
                )}
                {!!c.deductibles?.length && (
                  <Options
                    label={`${c.name} deductible`}
                    options={c.deductibles}
                    value={choice.deductible}
                    disabled={!on}
                    onChange={(v) => set(c, { deductible: v }, `coverages.${c.code}.deductible`)}
                  />
                )}
                {!!c.percentOptions?.length && (
                  <Options
                    label={`${c.name} (% of ${nameOf(c.limitAsPercentOf) ?? 'limit'})`}
                    options={c.percentOptions}
                    percent
                    value={choice.percent}
                    disabled={!on}
                    onChange={(v) => set(c, { percent: v }, `coverages.${c.code}.percent`)}
                  />
                )}
              </div>
              {errors[`coverages.${c.code}`] && <p className="field-error">{errors[`coverages.${c.code}`]}</p>}
            </fieldset>
          );
        })}
      </div>
      {Object.keys(deductibles).length > 0 && (
        <fieldset className="wizard-group">
          <legend>Policy deductibles</legend>
          <div className="form-grid">
            {Object.entries(deductibles).map(([kind, options]) => {
              const list = Array.isArray(options) ? options : [];
              return (
                <Options
                  key={kind}
                  label={`${humanize(kind)} deductible`}
                  options={list}
                  percent={/percent/i.test(kind)}
                  value={deductibleOf(data, kind, list)}
                  disabled={false}
                  onChange={(v) =>
                    update({ deductibles: { ...data.deductibles, [kind]: v } }, [`deductibles.${kind}`])
                  }
                />
              );
            })}
          </div>
        </fieldset>
      )}
    </>
  );
}
