// The administration areas, in menu order, and who may open each.
import type { SessionUser } from '../../api/types';
import { can } from '../../auth/permissions';

export interface Area {
  path: string;
  label: string;
  allowed: (user: SessionUser) => boolean;
}

export const AREAS: Area[] = [
  { path: 'users', label: 'Users', allowed: (u) => can(u, 'page.admin.users.view') },
  { path: 'roles', label: 'Roles', allowed: (u) => can(u, 'page.admin.security.view') },
  { path: 'tenant', label: 'Tenant settings', allowed: (u) => can(u, 'page.admin.tenant.view') },
  {
    path: 'companies',
    label: 'Underwriting companies',
    allowed: (u) => can(u, 'page.admin.uw_company.view'),
  },
  {
    // The outbox API needs admin.jobs.read on top of the page permission.
    path: 'outbox',
    label: 'Outbox',
    allowed: (u) =>
      (can(u, 'page.admin.dashboard.view') || can(u, 'page.admin.jobs.view')) &&
      can(u, 'admin.jobs.read'),
  },
];

export function permittedAreas(user: SessionUser): Area[] {
  return AREAS.filter((area) => area.allowed(user));
}
