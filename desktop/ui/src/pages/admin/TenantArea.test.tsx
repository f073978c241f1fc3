// Tenant settings: load, save only what changed, show the notice and field errors.
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { admin, pending, renderAt, status, stubApi, user } from '../../test/render';
import { AdminPage } from './AdminPage';
import { tenant } from './testData';

const TENANT = 'GET /api/v1/admin/tenant';
const PATCH = 'PATCH /api/v1/admin/tenant';

function renderTenant(signedIn = admin) {
  return renderAt(<AdminPage />, { path: '/admin/tenant', pattern: '/admin/*', signedIn });
}

describe('Tenant settings', () => {
  it('shows a loading state', async () => {
    stubApi({ [TENANT]: pending });
    renderTenant();
    expect(await screen.findByText(/Loading tenant settings/)).toBeInTheDocument();
  });

  it('shows a failure with a retry', async () => {
    stubApi({ [TENANT]: status(500, { code: 'INTERNAL_ERROR', message: 'Boom' }) });
    renderTenant();
    expect(await screen.findByRole('alert')).toHaveTextContent('Boom');
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });

  it('loads the settings into the form', async () => {
    stubApi({ [TENANT]: tenant });
    renderTenant();
    expect(await screen.findByLabelText('Name')).toHaveValue('Sample Carrier');
    expect(screen.getByLabelText('Default country')).toHaveValue('US');
    expect(screen.getByLabelText('Quote validity (days)')).toHaveValue(60);
    expect(screen.getByLabelText('MFA required')).not.toBeChecked();
    expect(screen.getByLabelText('Date format for US')).toHaveValue('MM-DD-YYYY');
    expect(screen.getByLabelText('Policy number format for personal-auto')).toHaveValue('PC-{ID8}');
    expect(screen.getByLabelText('Risk referral threshold')).toHaveValue(0.72);
    expect(screen.getByText('sample-carrier')).toBeInTheDocument();
  });

  it('saves the changed settings and confirms', async () => {
    const seen = stubApi({
      [TENANT]: tenant,
      [PATCH]: (req: { body: Record<string, unknown> }) => ({ ...tenant, ...req.body }),
    });
    renderTenant();
    const ui = userEvent.setup();
    const name = await screen.findByLabelText('Name');
    await ui.clear(name);
    await ui.type(name, 'Acme Insurance');
    await ui.click(screen.getByLabelText('MFA required'));
    await ui.selectOptions(screen.getByLabelText('Date format for CA'), 'YYYY-MM-DD');
    await ui.click(screen.getByRole('button', { name: 'Save settings' }));

    expect(await screen.findByText('Settings saved.')).toBeInTheDocument();
    const patch = seen.find((r) => r.method === 'PATCH')!;
    expect(patch.path).toBe('/api/v1/admin/tenant');
    expect(patch.body).toEqual({
      name: 'Acme Insurance',
      mfaRequired: true,
      dateFormatsByCountry: { US: 'MM-DD-YYYY', CA: 'YYYY-MM-DD' },
    });
    expect(screen.getByLabelText('Name')).toHaveValue('Acme Insurance');
  });

  it('adds a policy number format', async () => {
    const seen = stubApi({ [TENANT]: tenant, [PATCH]: tenant });
    renderTenant();
    const ui = userEvent.setup();
    await ui.click(await screen.findByRole('button', { name: 'Add product' }));
    await ui.type(screen.getByLabelText('Product code (row 2)'), 'cyber');
    await ui.type(screen.getByLabelText('Policy number format for cyber'), 'CY-{{ID8}');
    await ui.click(screen.getByRole('button', { name: 'Save settings' }));
    await screen.findByText('Settings saved.');
    expect(seen.find((r) => r.method === 'PATCH')!.body).toEqual({
      policyNumberFormatsByProduct: { 'personal-auto': 'PC-{ID8}', cyber: 'CY-{ID8}' },
    });
  });

  it('shows the server field errors', async () => {
    stubApi({
      [TENANT]: tenant,
      [PATCH]: status(422, {
        code: 'VALIDATION_ERROR',
        message: 'Validation failed',
        details: { fieldErrors: { defaultCountry: ['must be a two-letter country code'] } },
      }),
    });
    renderTenant();
    const ui = userEvent.setup();
    const country = await screen.findByLabelText('Default country');
    await ui.clear(country);
    await ui.type(country, 'X');
    await ui.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(await screen.findByText('must be a two-letter country code')).toBeInTheDocument();
    expect(screen.getByLabelText('Default country')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.queryByText('Settings saved.')).not.toBeInTheDocument();
  });

  it('sends nothing when nothing changed', async () => {
    const seen = stubApi({ [TENANT]: tenant });
    renderTenant();
    const ui = userEvent.setup();
    await ui.click(await screen.findByRole('button', { name: 'Save settings' }));
    expect(await screen.findByText('Nothing has changed.')).toBeInTheDocument();
    expect(seen.some((r) => r.method === 'PATCH')).toBe(false);
  });

  it('checks the quote validity before sending', async () => {
    const seen = stubApi({ [TENANT]: tenant });
    renderTenant();
    const ui = userEvent.setup();
    await ui.clear(await screen.findByLabelText('Quote validity (days)'));
    await ui.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(await screen.findByText('Enter a whole number of days.')).toBeInTheDocument();
    expect(seen.some((r) => r.method === 'PATCH')).toBe(false);
  });

  it('is read-only without admin.tenant.manage', async () => {
    stubApi({ [TENANT]: tenant });
    renderTenant(user(['auditor'], ['menu.admin.view', 'page.admin.tenant.view', 'admin.tenant.read']));
    expect(await screen.findByLabelText('Name')).toBeDisabled();
    expect(screen.queryByRole('button', { name: 'Save settings' })).not.toBeInTheDocument();
  });
});
