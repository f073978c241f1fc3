// The shell: a skip link, the top navigation (only what the user may open) and the page.
import { useState } from 'react';
import { NavLink, Outlet, useLocation } from 'react-router';
import { can } from '../auth/permissions';
import { useSession, useUser } from '../auth/session';

const NAV: { to: string; label: string; permission: string }[] = [
  { to: '/dashboard', label: 'Dashboard', permission: 'page.search.view' },
  { to: '/search', label: 'Search', permission: 'page.search.view' },
  { to: '/wizard', label: 'New quote', permission: 'page.wizard.view' },
  { to: '/uw/queue', label: 'Referrals', permission: 'page.uw_queue.view' },
  { to: '/portal', label: 'My policies', permission: 'page.portal.view' },
  { to: '/admin', label: 'Administration', permission: 'menu.admin.view' },
];

export function Layout() {
  const user = useUser();
  const { signOut } = useSession();
  const [menuOpen, setMenuOpen] = useState(false);
  const location = useLocation();
  const refused = (location.state as { refused?: string } | null)?.refused;
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">LatticePolicy</span>
        <button
          type="button"
          className="nav-toggle"
          aria-label="Toggle navigation menu"
          aria-expanded={menuOpen}
          aria-controls="topnav-main"
          onClick={() => setMenuOpen((open) => !open)}
        >
          ☰
        </button>
        <nav id="topnav-main" aria-label="Main" className={menuOpen ? 'is-open' : undefined}>
          {NAV.filter((item) => can(user, item.permission)).map((item) => (
            <NavLink key={item.to} to={item.to} onClick={() => setMenuOpen(false)}>
              {item.label}
            </NavLink>
          ))}
        </nav>
        <div className="user-menu">
          <span className="muted" title={`${user.username} at ${user.tenantId}`}>
            {user.customerName ?? user.username} · {user.tenantId}
          </span>
          <button type="button" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {refused && (
          <div className="notice" role="alert">
            {refused}
          </div>
        )}
        <Outlet />
      </main>
    </div>
  );
}
