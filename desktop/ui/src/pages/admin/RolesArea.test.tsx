// Roles: each role's permissions grouped by scope, with loading, empty and error states.
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { admin, pending, renderAt, status, stubApi } from '../../test/render';
import { AdminPage } from './AdminPage';
import { page, permissions, roles } from './testData';

const ROLES = 'GET /api/v1/admin/security/roles';
const PERMISSIONS = 'GET /api/v1/admin/security/permissions';

function renderRoles() {
  return renderAt(<AdminPage />, { path: '/admin/roles', pattern: '/admin/*', signedIn: admin });
}

describe('Roles', () => {
  it('shows a loading state', async () => {
    stubApi({ [ROLES]: pending, [PERMISSIONS]: pending });
    renderRoles();
    expect(await screen.findByText(/Loading roles/)).toBeInTheDocument();
  });

  it('shows a failure', async () => {
    stubApi({
      [ROLES]: status(403, { code: 'FORBIDDEN', message: 'Missing permission admin.security.read' }),
      [PERMISSIONS]: page(permissions),
    });
    renderRoles();
    expect(await screen.findByRole('alert')).toHaveTextContent('Missing permission');
  });

  it('says when there are no roles', async () => {
    stubApi({ [ROLES]: page([]), [PERMISSIONS]: page(permissions) });
    renderRoles();
    expect(await screen.findByText('There are no roles.')).toBeInTheDocument();
  });

  it('lists each role with its permissions by scope', async () => {
    stubApi({ [ROLES]: page(roles), [PERMISSIONS]: page(permissions) });
    renderRoles();
    expect(await screen.findByText('Agent')).toBeInTheDocument();
    const menu = screen.getByRole('list', { name: 'Agent: Menu permissions' });
    expect(within(menu).getByText('Search menu')).toBeInTheDocument();
    const pages = screen.getByRole('list', { name: 'Agent: Page permissions' });
    expect(within(pages).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Search page page.search.view',
      'Wizard page page.wizard.view',
    ]);
    const api = screen.getByRole('list', { name: 'Security administrator: API permissions' });
    expect(within(api).getByText('admin.users.manage')).toBeInTheDocument();
    expect(screen.getByText(/retired · 0 permissions · 0 users · custom · inactive/)).toBeInTheDocument();
    expect(screen.getByText('This role grants no permissions.')).toBeInTheDocument();
  });

  it('still groups permissions when the catalog cannot be read', async () => {
    stubApi({
      [ROLES]: page(roles),
      [PERMISSIONS]: status(403, { code: 'FORBIDDEN', message: 'no' }),
    });
    renderRoles();
    const api = await screen.findByRole('list', { name: 'Security administrator: API permissions' });
    expect(within(api).getByText('admin.users.manage')).toBeInTheDocument();
  });
});
