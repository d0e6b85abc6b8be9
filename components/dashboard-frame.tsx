import Link from 'next/link';
import type { ReactNode } from 'react';
import { administers } from '@/lib/policy/access';
import type { SessionUser } from '@/lib/types';
import { SettingsNav } from './settings-nav';
import { SignOutButton } from './sign-out-button';

// Each label is the title of the page it opens.
const MEMBER_LINKS = [
  { href: '/settings/security', label: 'Security' },
  { href: '/settings/account', label: 'Account' },
];
// Shown to owners and admins; each page asks the policy itself.
const ADMIN_LINKS = [
  { href: '/settings/members', label: 'Members' },
  { href: '/settings/service-accounts', label: 'Service accounts' },
  { href: '/settings/keys', label: 'All keys' },
  { href: '/settings/audit-log', label: 'Audit log' },
];

export const MAIN_ID = 'main';

export function DashboardNav({ user }: { user: Pick<SessionUser, 'email' | 'role'> }) {
  return (
    <SettingsNav
      links={[...MEMBER_LINKS, ...(administers(user) ? ADMIN_LINKS : [])]}
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

/** The dashboard's frame: skip link, header with navigation, and the main region. The 404 page uses it too. */
export function DashboardFrame({ nav, children }: { nav?: ReactNode; children: ReactNode }) {
  return (
    <div className="min-h-screen bg-slate-50">
      <a
        href={`#${MAIN_ID}`}
        className="sr-only rounded-md bg-slate-900 px-3 py-2 text-sm font-medium text-white focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50"
      >
        Skip to content
      </a>
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-3 px-4 py-3">
          {/* No prefetching on sight: every page here is dynamic (it reads the session). */}
          <Link href="/settings/security" className="font-semibold" prefetch={false}>
            Latchkey
          </Link>
          {nav}
        </div>
      </header>
      {/* Focusable from script only: the skip link's target and the focus keeper's last resort. */}
      <main id={MAIN_ID} tabIndex={-1} className="mx-auto max-w-7xl space-y-8 px-4 py-8 focus:outline-none">
        {children}
      </main>
    </div>
  );
}
