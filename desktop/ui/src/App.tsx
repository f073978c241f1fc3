// The route table: every page with the permission that guards it.
import { Navigate, Route, Routes } from 'react-router';
import { homePath } from './auth/permissions';
import { RequirePermission } from './auth/RequirePermission';
import { useSession } from './auth/session';
import { Layout } from './components/Layout';
import { Loading } from './components/States';
import { AdminPage } from './pages/admin/AdminPage';
import { DashboardPage } from './pages/DashboardPage';
import { LoginPage } from './pages/LoginPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { PolicyPage } from './pages/policy/PolicyPage';
import { PortalPage } from './pages/portal/PortalPage';
import { SearchPage } from './pages/SearchPage';
import { UwQueuePage } from './pages/UwQueuePage';
import { WizardPage } from './pages/wizard/WizardPage';

function Home() {
  const { user } = useSession();
  if (user === undefined) return <Loading what="your session" />;
  return <Navigate to={homePath(user)} replace />;
}

const guarded: { path: string; permission: string; element: React.ReactNode }[] = [
  { path: '/dashboard', permission: 'page.search.view', element: <DashboardPage /> },
  { path: '/search', permission: 'page.search.view', element: <SearchPage /> },
  { path: '/wizard', permission: 'page.wizard.view', element: <WizardPage /> },
  { path: '/policies/:id', permission: 'page.policy.view', element: <PolicyPage /> },
  { path: '/uw/queue', permission: 'page.uw_queue.view', element: <UwQueuePage /> },
  { path: '/portal', permission: 'page.portal.view', element: <PortalPage /> },
  { path: '/portal/policies/:id', permission: 'page.portal.view', element: <PortalPage /> },
  { path: '/admin/*', permission: 'menu.admin.view', element: <AdminPage /> },
];

export function App() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route path="/" element={<Home />} />
      <Route
        element={
          <RequirePermission>
            <Layout />
          </RequirePermission>
        }
      >
        {guarded.map(({ path, permission, element }) => (
          <Route
            key={path}
            path={path}
            element={<RequirePermission permission={permission}>{element}</RequirePermission>}
          />
        ))}
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
