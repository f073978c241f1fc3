// The administration area (/admin/*): a left menu of the areas the user may open, each a
// nested route; /admin goes to the first of them.
import type { ReactNode } from 'react';
import { Link, NavLink, Navigate, Route, Routes } from 'react-router';
import { useUser } from '../../auth/session';
import { Empty } from '../../components/States';
import { AREAS, permittedAreas } from './areas';
import { CompaniesArea } from './CompaniesArea';
import { OutboxArea } from './OutboxArea';
import { RolesArea } from './RolesArea';
import { TenantArea } from './TenantArea';
import { UsersArea } from './UsersArea';
import './Admin.css';

const ELEMENTS: Record<string, ReactNode> = {
  users: <UsersArea />,
  roles: <RolesArea />,
  tenant: <TenantArea />,
  companies: <CompaniesArea />,
  outbox: <OutboxArea />,
};

export function AdminPage() {
  const user = useUser();
  const areas = permittedAreas(user);
  return (
    <section className="admin">
      <h1>Administration</h1>
      <div className="admin-layout">
        <nav aria-label="Administration" className="admin-menu">
          {areas.map((area) => (
            <NavLink key={area.path} to={`/admin/${area.path}`}>
              {area.label}
            </NavLink>
          ))}
        </nav>
        <div className="admin-content">
          <Routes>
            <Route
              index
              element={
                areas.length ? (
                  <Navigate to={`/admin/${areas[0].path}`} replace />
                ) : (
                  <Empty>You do not have access to any administration area.</Empty>
                )
              }
            />
            {AREAS.map((area) => (
              <Route
                key={area.path}
                path={`${area.path}/*`}
                element={
                  area.allowed(user) ? ELEMENTS[area.path] : <Navigate to="/admin" replace />
                }
              />
            ))}
            <Route
              path="*"
              element={
                <Empty>
                  There is no such administration area. <Link to="/admin">Back to Administration</Link>
                </Empty>
              }
            />
          </Routes>
        </div>
      </div>
    </section>
  );
}
