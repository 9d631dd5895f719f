import { NavLink, Outlet } from 'react-router';
import { useSession } from '../auth/session';
import { useSignalFeed } from '../live/signals';

/** The frame of every page behind the sign-in: navigation by role, the unread count, sign-out. */
export function Layout() {
  const { me, has, signOut } = useSession();
  const { unread, offline } = useSignalFeed();
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="top">
        <span className="brand">Groundwork</span>
        <nav aria-label="Main">
          <ul>
            <li>
              <NavLink to="/tasks">My tasks</NavLink>
            </li>
            <li>
              <NavLink to="/deals">Deals</NavLink>
            </li>
            {has('director') && (
              <li>
                <NavLink to="/desk">Director's desk</NavLink>
              </li>
            )}
            {has('programme-manager') && (
              <li>
                <NavLink to="/what-if">What-if</NavLink>
              </li>
            )}
            <li>
              <NavLink to="/signals">
                Signals{' '}
                <span className="badge" aria-label={`${unread} unread`} data-testid="unread-count">
                  {unread}
                </span>
              </NavLink>
            </li>
            <li>
              <NavLink to="/settings">Settings</NavLink>
            </li>
          </ul>
        </nav>
        <span className="who">
          {me?.name}
          <button type="button" className="link" onClick={() => signOut()}>
            Sign out
          </button>
        </span>
      </header>
      {offline && (
        <p role="status" className="notice">
          The server is not answering; retrying…
        </p>
      )}
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}
