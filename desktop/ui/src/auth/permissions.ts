// Permission checks and the home page of a user, mirroring the server's role seeds. The
// server enforces every permission; the UI only hides what would be refused.
import type { SessionUser } from '../api/types';

export function can(user: SessionUser | null, permission: string): boolean {
  if (!user) return false;
  return user.roles.includes('admin') || user.permissions.includes(permission);
}

export function isCustomer(user: SessionUser | null): boolean {
  return !!user && can(user, 'page.portal.view') && !can(user, 'page.search.view');
}

/** Where a user lands after login, or when refused a page. */
export function homePath(user: SessionUser | null): string {
  if (!user) return '/login';
  if (can(user, 'page.search.view')) return '/dashboard';
  if (can(user, 'page.portal.view')) return '/portal';
  if (can(user, 'page.wizard.view')) return '/wizard';
  if (can(user, 'page.uw_queue.view')) return '/uw/queue';
  if (can(user, 'menu.admin.view')) return '/admin';
  return '/no-access';
}
