import { getDb } from '@/db';
import { now as currentTime } from '@/lib/clock';
import { accountById } from '@/db/queries/accounts';
import { keysInScope, ownKeys } from '@/db/queries/keys';
import { requireUser } from '@/lib/auth/session';
import { customDateBounds, expirationOptions } from '@/lib/keys/expiry';
import { createKey } from './actions';
import { ChangePasswordForm } from './_components/change-password-form';
import { CreateKeyForm } from './_components/create-key-form';
import { KeysTable } from './_components/keys-table';
import { LeakNotice } from './_components/leak-notice';

export const metadata = { title: 'Security · Latchkey' };

export default async function SecurityPage() {
  const user = await requireUser();
  const db = getDb();
  const now = currentTime();
  const cap = accountById(db, user.accountId)?.maxKeyLifetimeDays ?? null;
  const keys = keysInScope(db, ownKeys(user.accountId, user.userId), cap, now);

  return (
    <>
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold">API keys</h1>
        <p className="text-sm text-slate-600">
          Keys let scripts and services call the API as you. Treat them like passwords.
          {cap !== null && ` Your account limits keys to ${cap} days.`}
        </p>
      </div>
      <LeakNotice accountId={user.accountId} userId={user.userId} now={now} />
      <CreateKeyForm action={createKey} options={expirationOptions(cap)} customBounds={customDateBounds(now, cap)} />
      <KeysTable accountId={user.accountId} keys={keys} now={now} />
      <ChangePasswordForm />
    </>
  );
}
