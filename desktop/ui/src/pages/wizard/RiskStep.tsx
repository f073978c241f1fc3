// Step 4: the risk, generated from the product form and field metadata; vehicles for auto.
import { FieldControl } from './FieldControl';
import type { StepProps } from './ProductStep';
import { riskKey } from './validation';
import type { FieldDef } from './wizardTypes';

function groups(defs: FieldDef[]): [string, FieldDef[]][] {
  const out = new Map<string, FieldDef[]>();
  for (const def of defs) out.set(def.group, [...(out.get(def.group) ?? []), def]);
  return [...out];
}

export function RiskStep({ data, update, errors, ctx }: StepProps) {
  if (!ctx) return null;
  const risks = data.risks.length ? data.risks : [{}];
  const setRisk = (index: number, key: string, value: string) => {
    const next = risks.map((r, i) => (i === index ? { ...r, [key]: value } : r));
    update({ risks: next }, [riskKey(index, key)]);
  };
  const riskFields = (index: number, defs: FieldDef[]) => (
    <div className="form-grid">
      {defs.map((def) => (
        <FieldControl
          key={def.path}
          def={def}
          value={risks[index]?.[def.key] ?? ''}
          error={errors[riskKey(index, def.key)]}
          onChange={(v) => setRisk(index, def.key, v)}
        />
      ))}
    </div>
  );

  return (
    <>
      {ctx.shared.length > 0 && (
        <fieldset className="wizard-group">
          <legend>{ctx.multiRisk ? 'Driver' : 'Applicant details'}</legend>
          <div className="form-grid">
            {ctx.shared.map((def) => (
              <FieldControl
                key={def.path}
                def={def}
                value={data.answers[def.path] ?? ''}
                error={errors[def.path]}
                onChange={(v) => update({ answers: { ...data.answers, [def.path]: v } }, [def.path])}
              />
            ))}
          </div>
        </fieldset>
      )}

      {ctx.multiRisk ? (
        <>
          <h3>Vehicles</h3>
          {risks.map((_, index) => (
            <fieldset className="wizard-group" key={index}>
              <legend>Vehicle {index + 1}</legend>
              {riskFields(index, ctx.risk)}
              {risks.length > 1 && (
                <button
                  type="button"
                  className="danger"
                  onClick={() =>
                    update(
                      { risks: risks.filter((__, i) => i !== index) },
                      ctx.risk.map((d) => riskKey(index, d.key)),
                    )
                  }
                >
                  Remove vehicle {index + 1}
                </button>
              )}
            </fieldset>
          ))}
          <div className="actions">
            <button type="button" onClick={() => update({ risks: [...risks, {}] }, [])}>
              Add vehicle
            </button>
          </div>
        </>
      ) : ctx.risk.length === 0 ? (
        <p className="muted">{ctx.summary.name} needs no risk details.</p>
      ) : (
        groups(ctx.risk).map(([group, defs]) => (
          <fieldset className="wizard-group" key={group}>
            <legend>{group}</legend>
            {riskFields(0, defs)}
          </fieldset>
        ))
      )}
    </>
  );
}
