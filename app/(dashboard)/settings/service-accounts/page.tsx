import Link from 'next/link';
import { AdminOnly } from '@/components/admin-only';
import { DateTime } from '@/components/date-time';
import { FlashMessage } from '@/components/flash-message';
import { Table } from '@/components/ui/table';
import { getStore } from '@/server/db';
import { requireUser } from '@/server/auth/session';
import { gate, userActor } from '@/lib/policy/access';
import { now as currentTime } from '@/lib/clock';
import { NewServiceAccount } from './_components/new-service-account';

export const metadata = { title: 'Service accounts · Latchkey' };

/** The list: one row per service account, linking to its own page (its keys, rename, delete). */
export default async function ServiceAccountsPage() {
  const user = await requireUser();
  const now = currentTime();
  const actor = userActor(user, now);
  if (!gate(actor, 'account.administer').allowed) return <AdminOnly title="Service accounts" what="service accounts" />;
  // One read for the service accounts and all their keys: not a query per service account.
  const { serviceAccounts: accounts } = await getStore().serviceAccountsOverview(user.accountId, now);

  return (
    <>
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold">Service accounts</h1>
        <p className="text-sm text-slate-600">
          API users for machines. They cannot sign in and are not members; their keys are managed on each one&apos;s
          page by owners and admins, under the same lifetime cap.
        </p>
      </div>
      <FlashMessage />
      <NewServiceAccount />
      {accounts.length === 0 ? (
        <p
          className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center text-sm text-slate-600"
          data-testid="service-accounts-empty"
        >
          No service accounts yet.
        </p>
      ) : (
        <Table columns={['Name', 'Role', 'Live keys', 'Last key use', 'Created']} label="Service accounts">
          {accounts.map((sa) => {
            const live = sa.keys.filter((k) => k.status !== 'revoked');
            const lastUse = Math.max(0, ...sa.keys.map((k) => k.lastUsedAt ?? 0));
            return (
              <tr key={sa.id} data-service-account={sa.name} className="align-top">
                <td className="max-w-64 px-4 py-3 break-words">
                  <Link
                    href={`/settings/service-accounts/${sa.id}`}
                    prefetch={false}
                    className="font-medium underline decoration-slate-300 underline-offset-2 hover:decoration-slate-700"
                  >
                    {sa.name}
                  </Link>
                  {sa.description && <span className="block text-xs text-slate-600">{sa.description}</span>}
                </td>
                <td className="px-4 py-3 capitalize">{sa.role}</td>
                <td className="px-4 py-3 tabular-nums" data-testid="live-keys">
                  {live.length}
                </td>
                <td className="px-4 py-3 whitespace-nowrap">
                  {lastUse > 0 ? <DateTime at={lastUse} now={now} /> : <span className="text-slate-500">Never</span>}
                </td>
                <td className="px-4 py-3 whitespace-nowrap">
                  <DateTime at={sa.createdAt} now={now} />
                </td>
              </tr>
            );
          })}
        </Table>
      )}
    </>
  );
}
