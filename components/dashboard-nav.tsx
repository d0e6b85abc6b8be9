import type { SessionUser } from '@/lib/types';
import { linksFor } from './dashboard-frame';
import { SettingsNav } from './settings-nav';
import { SignOutButton } from './sign-out-button';

/** The dashboard's header row: the brand, the navigation (a menu on narrow screens), the user and Sign out. */
export function DashboardNav({ user }: { user: Pick<SessionUser, 'email' | 'role'> }) {
  return (
    <SettingsNav
      links={linksFor(user)}
      account={
        <>
          <span data-testid="current-user" className="min-w-0 truncate lg:max-w-64" title={user.email}>
            {user.email} · {user.role}
          </span>
          <SignOutButton />
        </>
      }
    />
  );
}
