// Adds or edits an underwriting company (name, product, country, state or ALL, active).
import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { DialogActions } from '../../components/ConfirmDialog';
import { Dialog } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { ErrorNotice } from '../../components/States';
import { useAsync } from '../../components/useAsync';
import { adminApi, fieldErrors } from './adminApi';
import type { Company, CompanyRequest } from './adminApi';

export function CompanyDialog({
  company,
  onClose,
  onSaved,
}: {
  /** The company to edit; absent to add one. */
  company?: Company;
  onClose: () => void;
  onSaved: (company: Company) => void;
}) {
  const [name, setName] = useState(company?.name ?? '');
  const [productCode, setProductCode] = useState(company?.productCode ?? '');
  const [country, setCountry] = useState(company?.country ?? 'US');
  const [state, setState] = useState(company?.state ?? 'ALL');
  const [active, setActive] = useState(company?.active ?? true);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  // Product suggestions only; the field stays free text if the list cannot be read.
  const [products] = useAsync(() => adminApi.products(), []);
  const listId = useId();

  async function submit(e: FormEvent) {
    e.preventDefault();
    const values: CompanyRequest = {
      name: name.trim(),
      productCode: productCode.trim(),
      country: country.trim().toUpperCase(),
      state: state.trim().toUpperCase(),
      active,
    };
    const body: CompanyRequest = company
      ? Object.fromEntries(
          Object.entries(values).filter(
            ([key, value]) => company[key as keyof Company] !== value,
          ),
        )
      : values;
    if (company && Object.keys(body).length === 0) {
      onClose();
      return;
    }
    setBusy(true);
    setErrors({});
    setFailure(null);
    try {
      const saved = company
        ? await adminApi.updateCompany(company.companyId, body)
        : await adminApi.createCompany(body);
      onSaved(saved);
    } catch (err) {
      const fields = fieldErrors(err);
      if (Object.keys(fields).length) setErrors(fields);
      else setFailure(err);
      setBusy(false);
    }
  }

  return (
    <Dialog title={company ? `Edit company: ${company.name}` : 'Add company'} open onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <Field label="Company name" error={errors.name}>
          <input value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        <Field label="Product code" hint="e.g. personal-auto" error={errors.productCode}>
          <input
            value={productCode}
            list={listId}
            onChange={(e) => setProductCode(e.target.value)}
          />
        </Field>
        <datalist id={listId}>
          {products.status === 'ready' &&
            products.data.items.map((p) => (
              <option key={p.code} value={p.code}>
                {p.name}
              </option>
            ))}
        </datalist>
        <div className="form-grid">
          <Field label="Country" hint="Two-letter code" error={errors.country}>
            <input value={country} maxLength={2} onChange={(e) => setCountry(e.target.value)} />
          </Field>
          <Field label="State" hint="A state code, or ALL" error={errors.state}>
            <input value={state} onChange={(e) => setState(e.target.value)} />
          </Field>
        </div>
        <label className="check">
          <input type="checkbox" checked={active} onChange={(e) => setActive(e.target.checked)} />
          Active
        </label>
        {failure !== null && <ErrorNotice error={failure} />}
        <DialogActions
          label={company ? 'Save company' : 'Create company'}
          busyLabel="Saving…"
          busy={busy}
          onCancel={onClose}
        />
      </form>
    </Dialog>
  );
}
