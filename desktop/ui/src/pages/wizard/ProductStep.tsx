// Step 1: the product, where and when it starts, its term and the writing company.
import { Field } from '../../components/Field';
import { ErrorNotice, Loading } from '../../components/States';
import type { Async } from '../../components/useAsync';
import { stateName } from './fields';
import type { Errors, ProductCtx, ProductSummary, UnderwritingCompany, WizardData } from './wizardTypes';

export interface StepProps {
  data: WizardData;
  update: (patch: Partial<WizardData>, keys: string[]) => void;
  errors: Errors;
  ctx: ProductCtx | null;
}

export function ProductStep({
  data,
  update,
  errors,
  ctx,
  products,
  details,
  onRetryDetails,
  companies,
}: StepProps & {
  products: ProductSummary[];
  details: Async<ProductCtx | null>;
  onRetryDetails: () => void;
  companies: UnderwritingCompany[];
}) {
  const states = ctx?.states ?? [];
  const chosen = products.find((p) => p.code === data.productCode);
  return (
    <>
      <div className="form-grid">
        <Field label="Product" error={errors.productCode} hint={chosen?.description}>
          <select
            value={data.productCode}
            onChange={(e) =>
              update(
                {
                  productCode: e.target.value,
                  answers: {},
                  risks: [{}],
                  coverages: {},
                  deductibles: {},
                  companyId: '',
                  companyName: '',
                },
                ['productCode', 'companyId'],
              )
            }
          >
            <option value="">Choose a product…</option>
            {products.map((p) => (
              <option key={p.code} value={p.code}>
                {p.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label="State" error={errors.state}>
          <select
            value={data.state}
            disabled={!ctx}
            onChange={(e) =>
              update({ state: e.target.value, companyId: '', companyName: '' }, ['state', 'companyId'])
            }
          >
            <option value="">{ctx ? 'Choose a state…' : 'Choose a product first'}</option>
            {/* A saved state the product no longer lists stays selectable. */}
            {data.state && !states.includes(data.state) && (
              <option value={data.state}>{stateName(data.state)}</option>
            )}
            {states.map((s) => (
              <option key={s} value={s}>
                {stateName(s)}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Effective date" error={errors.effectiveDate}>
          <input
            type="date"
            value={data.effectiveDate}
            onChange={(e) => update({ effectiveDate: e.target.value }, ['effectiveDate'])}
          />
        </Field>
        <Field label="Term" error={errors.termMonths}>
          <select
            value={data.termMonths}
            onChange={(e) => update({ termMonths: e.target.value }, ['termMonths'])}
          >
            <option value="12">12 months</option>
            <option value="6">6 months</option>
          </select>
        </Field>
        {companies.length > 0 && (
          <Field label="Underwriting company" error={errors.companyId}>
            <select
              value={data.companyId}
              onChange={(e) => {
                const company = companies.find((c) => c.companyId === e.target.value);
                update(
                  { companyId: e.target.value, companyName: company?.name ?? '' },
                  ['companyId'],
                );
              }}
            >
              <option value="">Choose a company…</option>
              {companies.map((c) => (
                <option key={c.companyId} value={c.companyId}>
                  {c.name}
                </option>
              ))}
            </select>
          </Field>
        )}
      </div>
      {data.productCode && details.status === 'loading' && <Loading what="product details" />}
      {details.status === 'error' && <ErrorNotice error={details.error} onRetry={onRetryDetails} />}
    </>
  );
}
