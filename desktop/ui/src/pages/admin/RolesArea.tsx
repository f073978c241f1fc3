// Roles: the tenant's roles with their permissions grouped by scope (menu, page, API),
// read-only, from the security endpoints.
import { AsyncContent } from '../../components/States';
import { useAsync } from '../../components/useAsync';
import { adminApi } from './adminApi';
import type { PermissionView, RoleView } from './adminApi';

const SCOPES = [
  { scope: 'menu', title: 'Menu' },
  { scope: 'page', title: 'Page' },
  { scope: 'api', title: 'API' },
] as const;

async function load() {
  const [roles, catalog] = await Promise.all([
    adminApi.roles(),
    // The catalog only adds labels and order; roles still show without it.
    adminApi.permissions().then(
      (page) => page.items,
      () => [] as PermissionView[],
    ),
  ]);
  return { roles: roles.items, catalog: new Map(catalog.map((p) => [p.permissionCode, p])) };
}

function scopeOf(code: string, entry?: PermissionView): string {
  if (entry) return entry.scope;
  if (code.startsWith('menu.')) return 'menu';
  if (code.startsWith('page.')) return 'page';
  return 'api';
}

export function RolesArea() {
  const [state, reload] = useAsync(load, []);
  return (
    <section aria-labelledby="admin-roles-title">
      <h2 id="admin-roles-title">Roles</h2>
      <p className="muted">Each role and the permissions it grants, by scope.</p>
      <AsyncContent
        state={state}
        what="roles"
        onRetry={reload}
        isEmpty={(data) => data.roles.length === 0}
        empty="There are no roles."
      >
        {(data) =>
          data.roles.map((role) => (
            <RoleCard key={role.roleCode} role={role} catalog={data.catalog} />
          ))
        }
      </AsyncContent>
    </section>
  );
}

function RoleCard({ role, catalog }: { role: RoleView; catalog: Map<string, PermissionView> }) {
  const sorted = [...role.permissionCodes].sort(
    (a, b) =>
      (catalog.get(a)?.sortOrder ?? Number.MAX_SAFE_INTEGER) -
        (catalog.get(b)?.sortOrder ?? Number.MAX_SAFE_INTEGER) || a.localeCompare(b),
  );
  const facts = [
    role.roleCode,
    `${role.permissionCodes.length} permissions`,
    `${role.userCount} ${role.userCount === 1 ? 'user' : 'users'}`,
    role.isSystem ? 'system' : 'custom',
    role.active ? null : 'inactive',
  ].filter(Boolean);
  return (
    <details className="role card">
      <summary>
        <strong>{role.roleName}</strong> <span className="muted">· {facts.join(' · ')}</span>
      </summary>
      {role.description && <p>{role.description}</p>}
      {sorted.length === 0 ? (
        <p className="muted">This role grants no permissions.</p>
      ) : (
        <div className="perm-groups">
          {SCOPES.map(({ scope, title }) => {
            const codes = sorted.filter((code) => scopeOf(code, catalog.get(code)) === scope);
            return (
              <div key={scope}>
                <h3>
                  {title} ({codes.length})
                </h3>
                {codes.length === 0 ? (
                  <p className="muted">None</p>
                ) : (
                  <ul aria-label={`${role.roleName}: ${title} permissions`}>
                    {codes.map((code) => (
                      <li key={code}>
                        {catalog.has(code) ? (
                          <>
                            {catalog.get(code)!.label} <code>{code}</code>
                          </>
                        ) : (
                          <code>{code}</code>
                        )}
                      </li>
                    ))}
                  </ul>
                )}
              </div>
            );
          })}
        </div>
      )}
    </details>
  );
}
