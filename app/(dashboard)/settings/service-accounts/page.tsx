import { AdminOnly } from '@/components/admin-only';
import { getStore } from '@/server/db';
import { requireUser } from '@/server/auth/session';
import { gate, userActor } from '@/lib/policy/access';
import { now as currentTime } from '@/lib/clock';
import { customDateBounds, expirationOptions } from '@/lib/keys/expiry';
import { CreateKeyForm } from '@/components/keys/create-key-form';
import { KeysTable } from '@/components/keys/keys-table';
import { KEY_ACTIONS } from '../security/key-actions';
import { createServiceKey } from './actions';
import { NewServiceAccount } from './_components/new-service-account';

export const metadata = { title: 'Service accounts · Latchkey' };

export default async function ServiceAccountsPage() {
  const user = await requireUser();
  const now = currentTime();
  const actor = userActor(user, now);
  if (!gate(actor, 'account.administer').allowed) return <AdminOnly title="Service accounts" what="service accounts" />;
  // One read for the cap, the service accounts, all their keys and the keys' usage: not a query per service account.
  const { cap, serviceAccounts: accounts, usage } = await getStore().serviceAccountsOverview(user.accountId, now);

  return (
    <>
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold">Service accounts</h1>
        <p className="text-sm text-slate-600">
          API users for machines. They cannot sign in and are not members; their keys are managed here by owners and
          admins, under the same lifetime cap.
        </p>
      </div>
      <NewServiceAccount />
      {accounts.length === 0 && (
        <p
          className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center text-sm text-slate-600"
          data-testid="service-accounts-empty"
        >
          No service accounts yet.
        </p>
      )}
      {accounts.map((sa) => (
        <section
          key={sa.id}
          aria-label={`Service account ${sa.name}`}
          className="space-y-4 rounded-lg border border-slate-200 bg-slate-50/50 p-4"
          data-service-account={sa.name}
        >
          <div>
            <h2 className="text-lg font-semibold break-words">{sa.name}</h2>
            <p className="text-sm text-slate-600">
              <span className="capitalize">{sa.role}</span>
              {sa.description && ` · ${sa.description}`}
            </p>
          </div>
          <CreateKeyForm
            action={createServiceKey}
            title={`New key for ${sa.name}`}
            hidden={{ serviceAccountId: sa.id }}
            options={expirationOptions(cap)}
            customBounds={customDateBounds(now, cap)}
          />
          <KeysTable
            actions={KEY_ACTIONS}
            actor={actor}
            admin
            keys={sa.keys}
            usage={usage}
            now={now}
            title={`Keys of ${sa.name}`}
            empty={{ title: 'No keys yet', body: `Generate a key for ${sa.name} above.` }}
          />
        </section>
      ))}
    </>
  );
}
