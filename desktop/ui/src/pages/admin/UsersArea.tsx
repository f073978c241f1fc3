// Users: the tenant's accounts with their roles, MFA and status, and the actions on them
// (add, edit roles, set password, disable/enable, reset MFA, delete).
import { useState } from 'react';
import { can } from '../../auth/permissions';
import { useUser } from '../../auth/session';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { OutcomeNotice } from '../../components/Notice';
import type { Outcome } from '../../components/Notice';
import { Pager } from '../../components/Pager';
import { AsyncContent } from '../../components/States';
import { useAsync } from '../../components/useAsync';
import { adminApi } from './adminApi';
import type { UserView } from './adminApi';
import { AddUserDialog, EditRolesDialog, SetPasswordDialog } from './UserDialogs';

const PAGE_SIZE = 50;

type Open =
  | { kind: 'add' }
  | { kind: 'roles' | 'password' | 'mfa' | 'delete'; user: UserView }
  | null;

export function UsersArea() {
  const me = useUser();
  const manage = can(me, 'admin.users.manage');
  const [page, setPage] = useState(1);
  const [state, reload] = useAsync(() => adminApi.users(page, PAGE_SIZE), [page]);
  const [open, setOpen] = useState<Open>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [toggling, setToggling] = useState<string | null>(null);

  function done(message: string) {
    setOpen(null);
    setOutcome({ ok: message });
    reload();
  }

  async function toggleDisabled(user: UserView) {
    setToggling(user.id);
    setOutcome(null);
    try {
      await adminApi.updateUser(user.id, { disabled: !user.disabled });
      done(`${user.username} is ${user.disabled ? 'enabled' : 'disabled'}.`);
    } catch (e) {
      setOutcome({ error: e });
    } finally {
      setToggling(null);
    }
  }

  return (
    <section aria-labelledby="admin-users-title">
      <h2 id="admin-users-title">Users</h2>
      {manage && (
        <div className="actions">
          <button type="button" className="primary" onClick={() => setOpen({ kind: 'add' })}>
            Add user
          </button>
        </div>
      )}
      <OutcomeNotice outcome={outcome} />
      <AsyncContent
        state={state}
        what="users"
        onRetry={reload}
        isEmpty={(data) => data.items.length === 0}
        empty="There are no users yet."
      >
        {(data) => (
          <>
            <div className="table-wrap">
              <table>
                <caption className="muted">
                  {data.total} {data.total === 1 ? 'user' : 'users'}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Username</th>
                    <th scope="col">Roles</th>
                    <th scope="col">MFA</th>
                    <th scope="col">Status</th>
                    <th scope="col">Customer</th>
                    {manage && <th scope="col">Actions</th>}
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((user) => {
                    const self = user.id === me.id;
                    return (
                      <tr key={user.id}>
                        <th scope="row">{user.username}</th>
                        <td>{user.roles.join(', ') || '–'}</td>
                        <td>{user.mfaEnabled ? 'Enrolled' : 'Not enrolled'}</td>
                        <td>
                          <span className={`badge badge-${user.disabled ? 'red' : 'green'}`}>
                            {user.disabled ? 'Disabled' : 'Active'}
                          </span>
                        </td>
                        <td>
                          {user.customerName || user.customerKey
                            ? [user.customerName, user.customerKey && `(${user.customerKey})`]
                                .filter(Boolean)
                                .join(' ')
                            : '–'}
                        </td>
                        {manage && (
                          <td>
                            <div
                              className="row-actions"
                              role="group"
                              aria-label={`Actions for ${user.username}`}
                            >
                              <button type="button" onClick={() => setOpen({ kind: 'roles', user })}>
                                Edit roles
                              </button>
                              <button
                                type="button"
                                onClick={() => setOpen({ kind: 'password', user })}
                              >
                                Set password
                              </button>
                              {!self && (
                                <button
                                  type="button"
                                  disabled={toggling === user.id}
                                  onClick={() => void toggleDisabled(user)}
                                >
                                  {user.disabled ? 'Enable' : 'Disable'}
                                </button>
                              )}
                              <button type="button" onClick={() => setOpen({ kind: 'mfa', user })}>
                                Reset MFA
                              </button>
                              {!self && (
                                <button
                                  type="button"
                                  className="danger"
                                  onClick={() => setOpen({ kind: 'delete', user })}
                                >
                                  Delete
                                </button>
                              )}
                            </div>
                          </td>
                        )}
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
            <Pager page={page} pageSize={PAGE_SIZE} total={data.total} onPage={setPage} />
          </>
        )}
      </AsyncContent>
      <UserDialog open={open} onClose={() => setOpen(null)} done={done} />
    </section>
  );
}

function UserDialog({
  open,
  onClose,
  done,
}: {
  open: Open;
  onClose: () => void;
  done: (message: string) => void;
}) {
  if (!open) return null;
  if (open.kind === 'add') {
    return <AddUserDialog onClose={onClose} onAdded={(u) => done(`User ${u.username} added.`)} />;
  }
  const { user } = open;
  switch (open.kind) {
    case 'roles':
      return (
        <EditRolesDialog
          user={user}
          onClose={onClose}
          onSaved={(u) => done(`Roles of ${u.username} saved.`)}
        />
      );
    case 'password':
      return (
        <SetPasswordDialog
          user={user}
          onClose={onClose}
          onSaved={(u) => done(`Password of ${u.username} changed.`)}
        />
      );
    case 'mfa':
      return (
        <ConfirmDialog
          title={`Reset MFA for ${user.username}?`}
          confirmLabel="Yes, reset MFA"
          onClose={onClose}
          onConfirm={async () => {
            await adminApi.resetMfa(user.id);
            done(`MFA of ${user.username} was reset.`);
          }}
        >
          <p>
            {user.mfaEnabled
              ? `${user.username} loses their authenticator enrolment and must enrol again at their next sign-in.`
              : `${user.username} has not enrolled an authenticator; a reset clears any unfinished enrolment.`}
          </p>
        </ConfirmDialog>
      );
    case 'delete':
      return (
        <ConfirmDialog
          title={`Delete ${user.username}?`}
          confirmLabel="Yes, delete"
          danger
          onClose={onClose}
          onConfirm={async () => {
            await adminApi.deleteUser(user.id);
            done(`User ${user.username} deleted.`);
          }}
        >
          <p>The account is removed and can no longer sign in. This cannot be undone.</p>
        </ConfirmDialog>
      );
  }
}
