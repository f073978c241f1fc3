// Guards a route: anonymous users go to the login page (and come back after), users
// without the permission go to their home page with a notice.
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { Loading } from '../components/States';
import { can, homePath } from './permissions';
import { useSession } from './session';

export function RequirePermission({
  permission,
  children,
}: {
  permission?: string;
  children: ReactNode;
}) {
  const { user } = useSession();
  const location = useLocation();
  if (user === undefined) return <Loading what="your session" />;
  if (!user) {
    const next = location.pathname + location.search;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }
  if (permission && !can(user, permission)) {
    return (
      <Navigate
        to={homePath(user)}
        replace
        state={{ refused: `You do not have access to ${location.pathname}.` }}
      />
    );
  }
  return <>{children}</>;
}
