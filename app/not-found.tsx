import { DashboardFrame, StaticNav } from '@/components/dashboard-frame';
import { auth } from '@/server/auth/session';

export const metadata = { title: 'Page not found · Latchkey' };

// Inside the dashboard's frame (its links when signed in), so a mistyped address is not a dead end. Server-only:
// whatever client code this page used would load with every page of the app.
export default async function NotFound() {
  const user = await auth();
  return (
    <DashboardFrame nav={<StaticNav user={user} />}>
      <section className="mx-auto max-w-md space-y-3 py-16 text-center" data-testid="not-found">
        <h1 className="text-xl font-semibold">Page not found</h1>
        <p className="text-sm text-slate-600">
          There is nothing at this address. It may have been mistyped or removed.
        </p>
        <a className="text-sm font-medium underline" href={user ? '/settings/security' : '/sign-in'}>
          {user ? 'Go to your keys' : 'Sign in'}
        </a>
      </section>
    </DashboardFrame>
  );
}
