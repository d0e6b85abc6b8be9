import Link from 'next/link';
import { DashboardFrame, DashboardNav } from '@/components/dashboard-frame';
import { auth } from '@/server/auth/session';

export const metadata = { title: 'Page not found · Latchkey' };

// Inside the dashboard's frame (its navigation when signed in), so a mistyped address is not a dead end.
export default async function NotFound() {
  const user = await auth();
  return (
    <DashboardFrame nav={user ? <DashboardNav user={user} /> : undefined}>
      <section className="mx-auto max-w-md space-y-3 py-16 text-center" data-testid="not-found">
        <h1 className="text-xl font-semibold">Page not found</h1>
        <p className="text-sm text-slate-600">
          There is nothing at this address. It may have been mistyped or removed.
        </p>
        <Link
          className="text-sm font-medium underline"
          href={user ? '/settings/security' : '/sign-in'}
          prefetch={false}
        >
          {user ? 'Go to your keys' : 'Sign in'}
        </Link>
      </section>
    </DashboardFrame>
  );
}
