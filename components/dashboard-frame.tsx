import type { ReactNode } from 'react';
import { administers } from '@/lib/policy/access';
import type { SessionUser } from '@/lib/types';

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

export const linksFor = (user: Pick<SessionUser, 'role'>) => [
  ...MEMBER_LINKS,
  ...(administers(user) ? ADMIN_LINKS : []),
];

/**
 * The dashboard's links as plain anchors, for the 404 page: it is rendered outside the dashboard's layout, and any
 * client component it imports would add its JavaScript to every page's first load. (The dashboard's own header is
 * DashboardNav, in its own module for the same reason.)
 */
export function StaticNav({ user }: { user: Pick<SessionUser, 'role'> | null }) {
  return (
    <>
      <a href="/settings/security" className="font-semibold">
        Latchkey
      </a>
      {user && (
        <nav aria-label="Settings">
          <ul className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
            {linksFor(user).map((link) => (
              <li key={link.href}>
                <a href={link.href} className="text-slate-700 hover:text-slate-900">
                  {link.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      )}
    </>
  );
}

/** The dashboard's frame: skip link, header (`nav`: DashboardNav or StaticNav), and the main region. */
export function DashboardFrame({ nav, children }: { nav: ReactNode; children: ReactNode }) {
  return (
    <div className="min-h-screen bg-slate-50">
      <a
        href={`#${MAIN_ID}`}
        className="sr-only rounded-md bg-slate-900 px-3 py-2 text-sm font-medium text-white focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50"
      >
        Skip to content
      </a>
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-3 px-4 py-3">{nav}</div>
      </header>
      {/* Focusable from script only: the skip link's target and the focus keeper's last resort. */}
      <main id={MAIN_ID} tabIndex={-1} className="mx-auto max-w-7xl space-y-8 px-4 py-8 focus:outline-none">
        {children}
      </main>
    </div>
  );
}
