// The administration shell: the menu shows only permitted areas and /admin opens the first.
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { admin, pending, renderAt, stubApi, user } from '../../test/render';
import { AdminPage } from './AdminPage';

function renderAdmin(path: string, signedIn = admin) {
  return renderAt(<AdminPage />, { path, pattern: '/admin/*', signedIn });
}

const usersOnly = user(['users_viewer'], ['menu.admin.view', 'page.admin.users.view']);

describe('AdminPage', () => {
  it('shows every area to an administrator and opens Users from /admin', async () => {
    stubApi({ 'GET /api/v1/admin/users': pending });
    renderAdmin('/admin');
    expect(await screen.findByRole('heading', { level: 1, name: 'Administration' })).toBeInTheDocument();
    const menu = screen.getByRole('navigation', { name: 'Administration' });
    expect(within(menu).getAllByRole('link').map((a) => a.textContent)).toEqual([
      'Users',
      'Roles',
      'Tenant settings',
      'Underwriting companies',
      'Outbox',
    ]);
    expect(within(menu).getByRole('link', { name: 'Tenant settings' })).toHaveAttribute(
      'href',
      '/admin/tenant',
    );
    expect(await screen.findByRole('heading', { level: 2, name: 'Users' })).toBeInTheDocument();
    expect(within(menu).getByRole('link', { name: 'Users' })).toHaveClass('active');
  });

  it('shows only Users to a user with just menu.admin.view and page.admin.users.view', async () => {
    stubApi({ 'GET /api/v1/admin/users': pending });
    renderAdmin('/admin', usersOnly);
    const menu = await screen.findByRole('navigation', { name: 'Administration' });
    expect(within(menu).getAllByRole('link').map((a) => a.textContent)).toEqual(['Users']);
    expect(await screen.findByRole('heading', { level: 2, name: 'Users' })).toBeInTheDocument();
  });

  it('sends a user away from an area they may not open', async () => {
    stubApi({ 'GET /api/v1/admin/users': pending });
    renderAdmin('/admin/tenant', usersOnly);
    expect(await screen.findByRole('heading', { level: 2, name: 'Users' })).toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'Tenant settings' })).not.toBeInTheDocument();
  });

  it('explains when no area is permitted', async () => {
    stubApi({});
    renderAdmin('/admin', user(['customer_service'], ['menu.admin.view']));
    expect(
      await screen.findByText('You do not have access to any administration area.'),
    ).toBeInTheDocument();
    expect(screen.queryAllByRole('link')).toHaveLength(0);
  });

  it('offers the outbox to operations users who can read jobs', async () => {
    stubApi({ 'GET /api/v1/admin/outbox': pending });
    renderAdmin(
      '/admin',
      user(['ops'], ['menu.admin.view', 'page.admin.dashboard.view', 'admin.jobs.read']),
    );
    const menu = await screen.findByRole('navigation', { name: 'Administration' });
    expect(within(menu).getAllByRole('link').map((a) => a.textContent)).toEqual(['Outbox']);
    expect(await screen.findByRole('heading', { level: 2, name: 'Outbox' })).toBeInTheDocument();
  });
});
