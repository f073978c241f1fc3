// Steps 2 and 3: the product's qualification questions, and the named insured.
import { Field } from '../../components/Field';
import { FieldControl } from './FieldControl';
import type { StepProps } from './ProductStep';

export function QualificationStep({ data, update, errors, ctx }: StepProps) {
  const questions = ctx?.qualification ?? [];
  if (questions.length === 0) {
    return (
      <p className="muted">
        No qualification questions are needed for {ctx?.summary.name ?? 'this product'}. Choose
        Next to continue.
      </p>
    );
  }
  return (
    <>
      <p className="muted">Answer each question; underwriting may refer or decline on the answers.</p>
      <div className="wizard-questions">
        {questions.map((def) => (
          <FieldControl
            key={def.path}
            def={def}
            yesNo
            value={data.answers[def.path] ?? ''}
            error={errors[def.path]}
            onChange={(v) => update({ answers: { ...data.answers, [def.path]: v } }, [def.path])}
          />
        ))}
      </div>
    </>
  );
}

export function InsuredsStep({ data, update, errors, ctx }: StepProps) {
  const commercial = ctx?.commercial ?? false;
  return (
    <>
      <h3>Primary named insured</h3>
      <div className="form-grid">
        {commercial && (
          <Field label="Business name" error={errors['insureds.primary.displayName']}>
            <input
              aria-required
              autoComplete="organization"
              value={data.businessName}
              onChange={(e) =>
                update({ businessName: e.target.value }, ['insureds.primary.displayName'])
              }
            />
          </Field>
        )}
        <Field
          label={commercial ? 'Contact first name' : 'First name'}
          error={errors['applicant.firstName']}
        >
          <input
            aria-required={!commercial || undefined}
            autoComplete="given-name"
            value={data.firstName}
            onChange={(e) => update({ firstName: e.target.value }, ['applicant.firstName'])}
          />
        </Field>
        <Field
          label={commercial ? 'Contact last name' : 'Last name'}
          error={errors['applicant.lastName']}
        >
          <input
            aria-required={!commercial || undefined}
            autoComplete="family-name"
            value={data.lastName}
            onChange={(e) => update({ lastName: e.target.value }, ['applicant.lastName'])}
          />
        </Field>
        <Field label="Email" hint="Optional" error={errors['applicant.email']}>
          <input
            type="email"
            autoComplete="email"
            value={data.email}
            onChange={(e) => update({ email: e.target.value }, ['applicant.email'])}
          />
        </Field>
      </div>
    </>
  );
}
