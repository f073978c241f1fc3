// The filter form: edits a copy of the URL's filters and hands them back on submit. The
// page remounts it (by key) whenever the URL's filters change, so it always starts from them.
import { useState } from 'react';
import type { FormEvent } from 'react';
import { Field } from '../../components/Field';
import type { Product } from './columns';
import { FILTERS, STATUSES } from './criteria';
import type { Criteria } from './criteria';

export type Filters = Pick<Criteria, 'q' | 'product' | 'status' | 'effectiveFrom' | 'effectiveTo'>;

const HINTS = {
  policies: 'Policy number, policy id or insured name',
  quotes: 'Quote number or id',
  customers: 'Name or customer number',
};

export function FilterForm({
  criteria,
  products,
  productsFailed,
  onSubmit,
}: {
  criteria: Criteria;
  products: Product[];
  productsFailed: boolean;
  onSubmit: (filters: Filters) => void;
}) {
  const [draft, setDraft] = useState<Filters>({
    q: criteria.q,
    product: criteria.product,
    status: criteria.status,
    effectiveFrom: criteria.effectiveFrom,
    effectiveTo: criteria.effectiveTo,
  });
  const set = (key: keyof Filters) => (e: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [key]: e.target.value }));
  const has = (key: keyof Filters) => FILTERS[criteria.mode].includes(key);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit(draft);
  };
  // A product in the URL that the list does not know still shows as chosen.
  const options =
    draft.product && !products.some((p) => p.code === draft.product)
      ? [...products, { code: draft.product, name: draft.product } as Product]
      : products;
  return (
    <form className="card search-filters" role="search" aria-label="Filters" onSubmit={submit}>
      <div className="form-grid">
        <Field label="Search text" hint={HINTS[criteria.mode]}>
          <input type="search" value={draft.q} onChange={set('q')} />
        </Field>
        {has('product') && (
          <Field
            label="Product"
            hint={productsFailed ? 'The product list could not be loaded.' : undefined}
          >
            <select value={draft.product} onChange={set('product')}>
              <option value="">All products</option>
              {options.map((p) => (
                <option key={p.code} value={p.code}>
                  {p.name}
                </option>
              ))}
            </select>
          </Field>
        )}
        <Field label="Status">
          <select value={draft.status} onChange={set('status')}>
            <option value="">Any status</option>
            {STATUSES[criteria.mode].map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </Field>
        {has('effectiveFrom') && (
          <Field label="Effective from">
            <input type="date" value={draft.effectiveFrom} onChange={set('effectiveFrom')} />
          </Field>
        )}
        {has('effectiveTo') && (
          <Field label="Effective to">
            <input type="date" value={draft.effectiveTo} onChange={set('effectiveTo')} />
          </Field>
        )}
      </div>
      <div className="actions">
        <button type="submit" className="primary">
          Search
        </button>
      </div>
    </form>
  );
}
