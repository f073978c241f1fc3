// Underwriting companies: list states, add, edit and delete.
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { admin, pending, renderAt, status, stubApi } from '../../test/render';
import { AdminPage } from './AdminPage';
import { companies, page } from './testData';

const LIST = 'GET /api/v1/admin/underwriting-companies';
const PRODUCTS = 'GET /api/v1/products';
const ID = companies[0].companyId;

function renderCompanies() {
  return renderAt(<AdminPage />, { path: '/admin/companies', pattern: '/admin/*', signedIn: admin });
}

describe('Underwriting companies', () => {
  it('shows a loading state', async () => {
    stubApi({ [LIST]: pending });
    renderCompanies();
    expect(await screen.findByText(/Loading underwriting companies/)).toBeInTheDocument();
  });

  it('shows a failure', async () => {
    stubApi({ [LIST]: status(500, { code: 'INTERNAL_ERROR', message: 'Boom' }) });
    renderCompanies();
    expect(await screen.findByRole('alert')).toHaveTextContent('Boom');
  });

  it('says when there are none', async () => {
    stubApi({ [LIST]: page([]) });
    renderCompanies();
    expect(await screen.findByText(/There are no underwriting companies yet/)).toBeInTheDocument();
  });

  it('lists companies and asks for inactive ones on request', async () => {
    const seen = stubApi({ [LIST]: page(companies) });
    renderCompanies();
    const row = within(await screen.findByRole('row', { name: /Acme Mutual/ }));
    expect(row.getByText('personal-auto')).toBeInTheDocument();
    expect(row.getByText('ALL')).toBeInTheDocument();
    expect(row.getByText('Active')).toBeInTheDocument();
    await userEvent.setup().click(screen.getByLabelText('Show inactive companies'));
    await screen.findByRole('row', { name: /Acme Mutual/ });
    expect(seen.map((r) => r.url)).toEqual([
      '/api/v1/admin/underwriting-companies',
      '/api/v1/admin/underwriting-companies?includeInactive=true',
    ]);
  });

  it('adds a company', async () => {
    const seen = stubApi({
      [LIST]: page(companies),
      [PRODUCTS]: page([{ code: 'homeowners', name: 'Homeowners' }]),
      'POST /api/v1/admin/underwriting-companies': status(201, { ...companies[0], name: 'Beta Re' }),
    });
    renderCompanies();
    const ui = userEvent.setup();
    await ui.click(await screen.findByRole('button', { name: 'Add company' }));
    const dialog = within(screen.getByRole('dialog', { name: 'Add company' }));
    await ui.type(dialog.getByLabelText('Company name'), 'Beta Re');
    await ui.type(dialog.getByLabelText('Product code'), 'homeowners');
    await ui.clear(dialog.getByLabelText('State'));
    await ui.type(dialog.getByLabelText('State'), 'tx');
    await ui.click(dialog.getByRole('button', { name: 'Create company' }));
    expect(await screen.findByText('Company Beta Re added.')).toBeInTheDocument();
    expect(seen.find((r) => r.method === 'POST')!.body).toEqual({
      name: 'Beta Re',
      productCode: 'homeowners',
      country: 'US',
      state: 'TX',
      active: true,
    });
  });

  it('shows a duplicate refusal in the form', async () => {
    stubApi({
      [LIST]: page(companies),
      [PRODUCTS]: page([]),
      'POST /api/v1/admin/underwriting-companies': status(409, {
        code: 'DUPLICATE',
        message: 'Duplicate combination not allowed',
      }),
    });
    renderCompanies();
    const ui = userEvent.setup();
    await ui.click(await screen.findByRole('button', { name: 'Add company' }));
    const dialog = within(screen.getByRole('dialog', { name: 'Add company' }));
    await ui.type(dialog.getByLabelText('Company name'), 'Acme Mutual');
    await ui.type(dialog.getByLabelText('Product code'), 'personal-auto');
    await ui.click(dialog.getByRole('button', { name: 'Create company' }));
    expect(await dialog.findByRole('alert')).toHaveTextContent('Duplicate combination not allowed');
  });

  it('edits only what changed', async () => {
    const seen = stubApi({
      [LIST]: page(companies),
      [PRODUCTS]: page([]),
      [`PATCH /api/v1/admin/underwriting-companies/${ID}`]: { ...companies[0], active: false },
    });
    renderCompanies();
    const ui = userEvent.setup();
    await ui.click(await screen.findByRole('button', { name: 'Edit' }));
    const dialog = within(screen.getByRole('dialog', { name: 'Edit company: Acme Mutual' }));
    await ui.click(dialog.getByLabelText('Active'));
    await ui.click(dialog.getByRole('button', { name: 'Save company' }));
    expect(await screen.findByText('Company Acme Mutual saved.')).toBeInTheDocument();
    expect(seen.find((r) => r.method === 'PATCH')!.body).toEqual({ active: false });
  });

  it('deletes after confirmation', async () => {
    const seen = stubApi({
      [LIST]: page(companies),
      [`DELETE /api/v1/admin/underwriting-companies/${ID}`]: status(204, null),
    });
    renderCompanies();
    const ui = userEvent.setup();
    await ui.click(await screen.findByRole('button', { name: 'Delete' }));
    await ui.click(
      within(screen.getByRole('dialog', { name: 'Delete Acme Mutual?' })).getByRole('button', {
        name: 'Yes, delete',
      }),
    );
    expect(await screen.findByText('Company Acme Mutual deleted.')).toBeInTheDocument();
    expect(seen.some((r) => r.method === 'DELETE')).toBe(true);
  });
});
