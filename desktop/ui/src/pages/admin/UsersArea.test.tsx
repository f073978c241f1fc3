// Users: list states, adding a user (with the server's validation), and the row actions.
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { admin, pending, renderAt, status, stubApi, user } from '../../test/render';
import { AdminPage } from './AdminPage';
import { page, roles, users } from './testData';

const USERS = 'GET /api/v1/admin/users';
const ROLES = 'GET /api/v1/admin/security/roles';

function renderUsers(signedIn = admin) {
  return renderAt(<AdminPage />, { path: '/admin/users', pattern: '/admin/*', signedIn });
}

function row(username: string) {
  return screen.getByRole('row', { name: new RegExp(`^${username}\\b`) });
}

describe('Users', () => {
  it('shows a loading state', async () => {
    stubApi({ [USERS]: pending });
    renderUsers();
    expect(await screen.findByText(/Loading users/)).toHaveAttribute('role', 'status');
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('shows the failure and retries', async () => {
    let calls = 0;
    stubApi({
      [USERS]: () =>
        ++calls === 1
          ? status(500, { code: 'INTERNAL_ERROR', message: 'Database unavailable', traceId: 't1' })
          : page(users),
    });
    renderUsers();
    expect(await screen.findByRole('alert')).toHaveTextContent('Database unavailable');
    await userEvent.setup().click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('rowheader', { name: 'agent1' })).toBeInTheDocument();
  });

  it('says when there are no users', async () => {
    stubApi({ [USERS]: page([]) });
    renderUsers();
    expect(await screen.findByText('There are no users yet.')).toBeInTheDocument();
  });

  it('lists users with roles, MFA, status and customer', async () => {
    const seen = stubApi({ [USERS]: page(users) });
    renderUsers();
    await screen.findByRole('rowheader', { name: 'agent1' });
    const agent = within(row('agent1'));
    expect(agent.getByText('agent')).toBeInTheDocument();
    expect(agent.getByText('Enrolled')).toBeInTheDocument();
    expect(agent.getByText('Active')).toBeInTheDocument();
    const pat = within(row('pat'));
    expect(pat.getByText('Not enrolled')).toBeInTheDocument();
    expect(pat.getByText('Disabled')).toBeInTheDocument();
    expect(pat.getByText('Pat Doe (CUST-2026-000001)')).toBeInTheDocument();
    expect(pat.getByRole('button', { name: 'Enable' })).toBeInTheDocument();
    expect(seen[0].url).toBe('/api/v1/admin/users?page=1&pageSize=50');
  });

  it('hides the actions from a user who may only read', async () => {
    stubApi({ [USERS]: page(users) });
    renderUsers(user(['viewer'], ['menu.admin.view', 'page.admin.users.view', 'admin.users.read']));
    await screen.findByRole('rowheader', { name: 'agent1' });
    expect(screen.queryByRole('button', { name: 'Add user' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Reset MFA' })).not.toBeInTheDocument();
  });

  it('adds a user and shows the server validation error from a 422', async () => {
    let calls = 0;
    const seen = stubApi({
      [USERS]: page(users),
      [ROLES]: page(roles),
      'POST /api/v1/admin/users': () =>
        ++calls === 1
          ? status(422, {
              code: 'VALIDATION_ERROR',
              message: 'Validation failed',
              details: { fieldErrors: { username: ['must be 1 to 254 characters'] }, formErrors: [] },
            })
          : status(201, { ...users[0], id: 'new', username: 'newbie', roles: ['agent'] }),
    });
    renderUsers();
    const ui = userEvent.setup();
    await ui.click(await screen.findByRole('button', { name: 'Add user' }));
    const dialog = within(screen.getByRole('dialog', { name: 'Add user' }));
    await ui.type(dialog.getByLabelText('Username'), 'newbie');
    await ui.type(dialog.getByLabelText('Password'), 'Str0ng!Passw0rd');
    await ui.click(await dialog.findByRole('checkbox', { name: 'Agent' }));
    expect(dialog.queryByRole('checkbox', { name: 'Retired role' })).not.toBeInTheDocument();
    await ui.click(dialog.getByRole('button', { name: 'Create user' }));

    expect(await dialog.findByText('must be 1 to 254 characters')).toBeInTheDocument();
    expect(dialog.getByLabelText('Username')).toHaveAttribute('aria-invalid', 'true');
    const post = seen.find((r) => r.method === 'POST')!;
    expect(post.path).toBe('/api/v1/admin/users');
    expect(post.body).toEqual({ username: 'newbie', password: 'Str0ng!Passw0rd', roles: ['agent'] });

    await ui.click(dialog.getByRole('button', { name: 'Create user' }));
    expect(await screen.findByText('User newbie added.')).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(seen.filter((r) => r.method === 'GET' && r.path === '/api/v1/admin/users')).toHaveLength(2);
  });

  it('shows the password policy beside the password', async () => {
    stubApi({
      [USERS]: page(users),
      [ROLES]: page(roles),
      'POST /api/v1/admin/users': status(400, {
        code: 'WEAK_PASSWORD',
        message: 'Password must be at least 12 characters long; must contain a digit',
      }),
    });
    renderUsers();
    const ui = userEvent.setup();
    await ui.click(await screen.findByRole('button', { name: 'Add user' }));
    const dialog = within(screen.getByRole('dialog', { name: 'Add user' }));
    await ui.type(dialog.getByLabelText('Username'), 'newbie');
    await ui.type(dialog.getByLabelText('Password'), 'short');
    await ui.click(await dialog.findByRole('checkbox', { name: 'Agent' }));
    await ui.click(dialog.getByRole('button', { name: 'Create user' }));
    expect(
      await dialog.findByText('Password must be at least 12 characters long; must contain a digit'),
    ).toBeInTheDocument();
    expect(dialog.getByLabelText('Password')).toHaveAttribute('aria-invalid', 'true');
  });

  it('asks for a customer when the customer role is chosen', async () => {
    const seen = stubApi({
      [USERS]: page(users),
      [ROLES]: page([...roles, { ...roles[0], roleCode: 'customer', roleName: 'Customer' }]),
      'POST /api/v1/admin/users': status(201, users[1]),
    });
    renderUsers();
    const ui = userEvent.setup();
    await ui.click(await screen.findByRole('button', { name: 'Add user' }));
    const dialog = within(screen.getByRole('dialog', { name: 'Add user' }));
    expect(dialog.queryByLabelText('Customer ID or key')).not.toBeInTheDocument();
    await ui.type(dialog.getByLabelText('Username'), 'pat');
    await ui.type(dialog.getByLabelText('Password'), 'Str0ng!Passw0rd');
    await ui.click(await dialog.findByRole('checkbox', { name: 'Customer' }));
    await ui.type(dialog.getByLabelText('Customer ID or key'), 'CUST-2026-000001');
    await ui.click(dialog.getByRole('button', { name: 'Create user' }));
    await screen.findByText('User pat added.');
    expect(seen.find((r) => r.method === 'POST')!.body).toEqual({
      username: 'pat',
      password: 'Str0ng!Passw0rd',
      roles: ['customer'],
      customerRef: 'CUST-2026-000001',
    });
  });

  it('resets MFA after confirmation', async () => {
    const seen = stubApi({
      [USERS]: page(users),
      'POST /api/v1/admin/users/aaaaaaaa-0000-4000-8000-000000000001/mfa/reset': status(204, null),
    });
    renderUsers();
    const ui = userEvent.setup();
    await screen.findByRole('rowheader', { name: 'agent1' });
    await ui.click(within(row('agent1')).getByRole('button', { name: 'Reset MFA' }));
    const dialog = within(screen.getByRole('dialog', { name: 'Reset MFA for agent1?' }));
    expect(seen.some((r) => r.method === 'POST')).toBe(false);
    await ui.click(dialog.getByRole('button', { name: 'Yes, reset MFA' }));
    expect(await screen.findByText('MFA of agent1 was reset.')).toBeInTheDocument();
    const post = seen.find((r) => r.method === 'POST')!;
    expect(post.path).toBe('/api/v1/admin/users/aaaaaaaa-0000-4000-8000-000000000001/mfa/reset');
  });

  it('does not reset MFA when cancelled', async () => {
    const seen = stubApi({ [USERS]: page(users) });
    renderUsers();
    const ui = userEvent.setup();
    await screen.findByRole('rowheader', { name: 'agent1' });
    await ui.click(within(row('agent1')).getByRole('button', { name: 'Reset MFA' }));
    await ui.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(seen.every((r) => r.method === 'GET')).toBe(true);
  });

  it('disables and enables users', async () => {
    const seen = stubApi({
      [USERS]: page(users),
      'PATCH /api/v1/admin/users/aaaaaaaa-0000-4000-8000-000000000001': { ...users[0], disabled: true },
    });
    renderUsers();
    const ui = userEvent.setup();
    await screen.findByRole('rowheader', { name: 'agent1' });
    await ui.click(within(row('agent1')).getByRole('button', { name: 'Disable' }));
    expect(await screen.findByText('agent1 is disabled.')).toBeInTheDocument();
    expect(seen.find((r) => r.method === 'PATCH')!.body).toEqual({ disabled: true });
  });

  it('shows a refused action', async () => {
    stubApi({
      [USERS]: page(users),
      'PATCH /api/v1/admin/users/aaaaaaaa-0000-4000-8000-000000000002': status(404, {
        code: 'USER_NOT_FOUND',
        message: 'User not found',
      }),
    });
    renderUsers();
    const ui = userEvent.setup();
    await screen.findByRole('rowheader', { name: 'pat' });
    await ui.click(within(row('pat')).getByRole('button', { name: 'Enable' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('User not found');
  });

  it('edits roles', async () => {
    const seen = stubApi({
      [USERS]: page(users),
      [ROLES]: page(roles),
      'PATCH /api/v1/admin/users/aaaaaaaa-0000-4000-8000-000000000001': {
        ...users[0],
        roles: ['agent', 'security_admin'],
      },
    });
    renderUsers();
    const ui = userEvent.setup();
    await screen.findByRole('rowheader', { name: 'agent1' });
    await ui.click(within(row('agent1')).getByRole('button', { name: 'Edit roles' }));
    const dialog = within(screen.getByRole('dialog', { name: 'Edit roles: agent1' }));
    expect(await dialog.findByRole('checkbox', { name: 'Agent' })).toBeChecked();
    await ui.click(dialog.getByRole('checkbox', { name: 'Security administrator' }));
    await ui.click(dialog.getByRole('button', { name: 'Save roles' }));
    expect(await screen.findByText('Roles of agent1 saved.')).toBeInTheDocument();
    expect(seen.find((r) => r.method === 'PATCH')!.body).toEqual({
      roles: ['agent', 'security_admin'],
    });
  });

  it('deletes a user after confirmation', async () => {
    const seen = stubApi({
      [USERS]: page(users),
      'DELETE /api/v1/admin/users/aaaaaaaa-0000-4000-8000-000000000002': status(204, null),
    });
    renderUsers();
    const ui = userEvent.setup();
    await screen.findByRole('rowheader', { name: 'pat' });
    await ui.click(within(row('pat')).getByRole('button', { name: 'Delete' }));
    await ui.click(
      within(screen.getByRole('dialog', { name: 'Delete pat?' })).getByRole('button', {
        name: 'Yes, delete',
      }),
    );
    expect(await screen.findByText('User pat deleted.')).toBeInTheDocument();
    expect(seen.some((r) => r.method === 'DELETE')).toBe(true);
  });

  it('offers no disable or delete on your own account', async () => {
    stubApi({ [USERS]: page([{ ...users[0], id: admin.id, username: 'admin' }]) });
    renderUsers();
    await screen.findByRole('rowheader', { name: 'admin' });
    const own = within(row('admin'));
    expect(own.queryByRole('button', { name: 'Disable' })).not.toBeInTheDocument();
    expect(own.queryByRole('button', { name: 'Delete' })).not.toBeInTheDocument();
    expect(own.getByRole('button', { name: 'Edit roles' })).toBeInTheDocument();
  });
});
