// Underwriting companies: the list (inactive ones on request), add, edit and delete.
import { useState } from 'react';
import { can } from '../../auth/permissions';
import { useUser } from '../../auth/session';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { date } from '../../components/format';
import { OutcomeNotice } from '../../components/Notice';
import type { Outcome } from '../../components/Notice';
import { AsyncContent } from '../../components/States';
import { useAsync } from '../../components/useAsync';
import { adminApi } from './adminApi';
import type { Company } from './adminApi';
import { CompanyDialog } from './CompanyDialog';

type Open = { kind: 'add' } | { kind: 'edit' | 'delete'; company: Company } | null;

export function CompaniesArea() {
  const user = useUser();
  const manage = can(user, 'admin.uw_company.manage');
  const [inactive, setInactive] = useState(false);
  const [state, reload] = useAsync(() => adminApi.companies(inactive), [inactive]);
  const [open, setOpen] = useState<Open>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);

  function done(message: string) {
    setOpen(null);
    setOutcome({ ok: message });
    reload();
  }

  return (
    <section aria-labelledby="admin-companies-title">
      <h2 id="admin-companies-title">Underwriting companies</h2>
      <div className="actions">
        {manage && (
          <button type="button" className="primary" onClick={() => setOpen({ kind: 'add' })}>
            Add company
          </button>
        )}
        <label className="check">
          <input
            type="checkbox"
            checked={inactive}
            onChange={(e) => setInactive(e.target.checked)}
          />
          Show inactive companies
        </label>
      </div>
      <OutcomeNotice outcome={outcome} />
      <AsyncContent
        state={state}
        what="underwriting companies"
        onRetry={reload}
        isEmpty={(data) => data.items.length === 0}
        empty={
          <>
            There are no underwriting companies yet.
            {manage && ' Use "Add company" to add the first.'}
          </>
        }
      >
        {(data) => (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Product</th>
                  <th scope="col">Country</th>
                  <th scope="col">State</th>
                  <th scope="col">Status</th>
                  <th scope="col">Updated</th>
                  {manage && <th scope="col">Actions</th>}
                </tr>
              </thead>
              <tbody>
                {data.items.map((company) => (
                  <tr key={company.companyId}>
                    <th scope="row">{company.name}</th>
                    <td>{company.productCode}</td>
                    <td>{company.country}</td>
                    <td>{company.state}</td>
                    <td>
                      <span className={`badge badge-${company.active ? 'green' : 'gray'}`}>
                        {company.active ? 'Active' : 'Inactive'}
                      </span>
                    </td>
                    <td>{date(company.updatedAt)}</td>
                    {manage && (
                      <td>
                        <div
                          className="row-actions"
                          role="group"
                          aria-label={`Actions for ${company.name} (${company.productCode}, ${company.state})`}
                        >
                          <button type="button" onClick={() => setOpen({ kind: 'edit', company })}>
                            Edit
                          </button>
                          <button
                            type="button"
                            className="danger"
                            onClick={() => setOpen({ kind: 'delete', company })}
                          >
                            Delete
                          </button>
                        </div>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </AsyncContent>
      {open?.kind === 'add' && (
        <CompanyDialog
          onClose={() => setOpen(null)}
          onSaved={(c) => done(`Company ${c.name} added.`)}
        />
      )}
      {open?.kind === 'edit' && (
        <CompanyDialog
          company={open.company}
          onClose={() => setOpen(null)}
          onSaved={(c) => done(`Company ${c.name} saved.`)}
        />
      )}
      {open?.kind === 'delete' && (
        <ConfirmDialog
          title={`Delete ${open.company.name}?`}
          confirmLabel="Yes, delete"
          danger
          onClose={() => setOpen(null)}
          onConfirm={async () => {
            await adminApi.deleteCompany(open.company.companyId);
            done(`Company ${open.company.name} deleted.`);
          }}
        >
          <p>
            {open.company.name} will no longer be offered for {open.company.productCode} in{' '}
            {open.company.country} / {open.company.state}. To keep its history, edit it and clear
            "Active" instead.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
