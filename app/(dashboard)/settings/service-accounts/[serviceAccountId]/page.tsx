import Link from 'next/link';
import { notFound } from 'next/navigation';
import { AdminOnly } from '@/components/admin-only';
import { DeleteWithKeys } from '@/components/delete-with-keys';
import { CreateKeyForm } from '@/components/keys/create-key-form';
import { KeysTable } from '@/components/keys/keys-table';
import { RenameForm } from '@/components/rename-form';
import { now as currentTime } from '@/lib/clock';
import { customDateBounds, expirationOptions } from '@/lib/keys/expiry';
import { gate, userActor } from '@/lib/policy/access';
import { offers } from '@/lib/policy/offers';
import { requireUser } from '@/server/auth/session';
import { getStore } from '@/server/db';
import { serviceAccountPage } from '@/server/services/service-accounts';
import { KEY_ACTIONS } from '../../security/key-actions';
import { createServiceKey, deleteServiceAccount, renameServiceAccount } from '../actions';

export const metadata = { title: 'Service account · Latchkey' };

/** One service account: its keys (new key, the table), rename, and delete with its keys revoked. */
export default async function ServiceAccountPage({ params }: { params: Promise<{ serviceAccountId: string }> }) {
  const user = await requireUser();
  const now = currentTime();
  const actor = userActor(user, now);
  if (!gate(actor, 'account.administer').allowed) return <AdminOnly title="Service accounts" what="service accounts" />;
  const { serviceAccountId } = await params;
  const detail = await serviceAccountPage({ store: getStore(), actor, now }, serviceAccountId);
  if (!detail) notFound();
  const { serviceAccount: sa, keys, usage, cap } = detail;
  const liveKeys = keys.filter((k) => k.status !== 'revoked').length;

  return (
    <section aria-labelledby="sa-heading" className="space-y-6" data-service-account={sa.name}>
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link
          href="/settings/service-accounts"
          prefetch={false}
          className="text-slate-600 underline underline-offset-2"
        >
          All service accounts
        </Link>
      </nav>
      <div className="flex flex-col gap-4 sm:flex-row sm:items-start sm:justify-between">
        <div className="min-w-0 space-y-1">
          <h1 id="sa-heading" className="text-2xl font-semibold break-words">
            {sa.name}
          </h1>
          <p className="text-sm text-slate-600">
            <span className="capitalize">{sa.role}</span>
            {sa.description && ` · ${sa.description}`} · {liveKeys} live {liveKeys === 1 ? 'key' : 'keys'}
          </p>
        </div>
        {offers(actor, 'service_account.delete') && (
          <DeleteWithKeys
            action={deleteServiceAccount}
            id={sa.id}
            what={sa.name}
            kind="Service account"
            liveKeys={liveKeys}
            confirm="Delete service account"
            after="/settings/service-accounts"
          />
        )}
      </div>
      {offers(actor, 'service_account.rename') && (
        <div className="rounded-lg border border-slate-200 bg-white p-4 sm:p-6">
          <RenameForm
            action={renameServiceAccount}
            id={sa.id}
            name={sa.name}
            label="Service account name"
            fieldId="sa-rename"
          />
        </div>
      )}
      <CreateKeyForm
        action={createServiceKey}
        title={`New key for ${sa.name}`}
        hidden={{ serviceAccountId: sa.id }}
        options={expirationOptions(cap)}
        customBounds={customDateBounds(now, cap)}
        now={now}
        cap={cap}
      />
      <KeysTable
        actions={KEY_ACTIONS}
        actor={actor}
        admin
        keys={keys}
        usage={usage}
        now={now}
        title={`Keys of ${sa.name}`}
        empty={{ title: 'No keys yet', body: `Generate a key for ${sa.name} above.` }}
      />
    </section>
  );
}
