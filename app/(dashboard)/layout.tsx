import Link from 'next/link';
import type { ReactNode } from 'react';
import { SignOutButton } from '@/components/sign-out-button';
import { requireUser } from '@/lib/auth/session';

// A redirect here is for the visitor's convenience only: every page and action checks the session itself.
export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  return (
    <div className="min-h-screen bg-slate-50">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-3 px-4 py-3">
          <div className="flex items-center gap-6">
            <Link href="/settings/security" className="font-semibold">
              Latchkey
            </Link>
            <nav aria-label="Settings" className="flex gap-4 text-sm">
              <Link href="/settings/security" className="text-slate-700 hover:text-slate-900">
                Security
              </Link>
              <Link href="/settings/account" className="text-slate-700 hover:text-slate-900">
                Account
              </Link>
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
      <main className="mx-auto max-w-5xl space-y-8 px-4 py-8">{children}</main>
    </div>
  );
}
