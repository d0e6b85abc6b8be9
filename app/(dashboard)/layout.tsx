import Link from 'next/link';
import type { ReactNode } from 'react';
import { ReauthProvider } from '@/components/reauth';
import { SignOutButton } from '@/components/sign-out-button';
import { requireUser } from '@/server/auth/session';
import { administers } from '@/lib/policy/access';
import { confirmPassword } from './settings/security/password-actions';

const MEMBER_LINKS = [
  { href: '/settings/security', label: 'Security' },
  { href: '/settings/account', label: 'Account' },
];
// Shown to owners and admins; each page asks the policy itself.
const ADMIN_LINKS = [
  { href: '/settings/members', label: 'Members' },
  { href: '/settings/service-accounts', label: 'Service accounts' },
  { href: '/settings/keys', label: 'Keys' },
  { href: '/settings/audit-log', label: 'Audit log' },
];

// A redirect here is for the visitor's convenience only: every page and action checks the session itself.
export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  return (
    <div className="min-h-screen bg-slate-50">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-3 px-4 py-3">
          <div className="flex items-center gap-6">
            {/* No prefetching: every page here is dynamic (it reads the session), so a prefetch could only fetch the
                layout, and it did so for every link on every page view and again after every action. */}
            <Link href="/settings/security" className="font-semibold" prefetch={false}>
              Latchkey
            </Link>
            <nav aria-label="Settings" className="flex flex-wrap gap-4 text-sm">
              {[...MEMBER_LINKS, ...(administers(user) ? ADMIN_LINKS : [])].map((link) => (
                <Link key={link.href} href={link.href} className="text-slate-700 hover:text-slate-900" prefetch={false}>
                  {link.label}
                </Link>
              ))}
            </nav>
          </div>
          <div className="flex items-center gap-3 text-sm text-slate-600">
            <span data-testid="current-user">
              {user.email} · {user.role}
            </span>
            <SignOutButton />
          </div>
        </div>
      </header>
      {/* Sensitive changes on any page ask for the password here when the last confirmation is over 10 minutes old. */}
      <ReauthProvider confirm={confirmPassword}>
        <main className="mx-auto max-w-5xl space-y-8 px-4 py-8">{children}</main>
      </ReauthProvider>
    </div>
  );
}
