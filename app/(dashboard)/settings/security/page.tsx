import { getStore } from '@/server/db';
import { now as currentTime } from '@/lib/clock';
import { requireUser } from '@/server/auth/session';
import { ownKeys, userActor } from '@/lib/policy/access';
import { customDateBounds, expirationOptions } from '@/lib/keys/expiry';
import { createKey } from './actions';
import { ChangePasswordForm } from './_components/change-password-form';
import { CreateKeyForm } from '@/components/keys/create-key-form';
import { KeysTable } from '@/components/keys/keys-table';
import { RevokedFilter } from '@/components/keys/revoked-filter';
import { KEY_ACTIONS } from './key-actions';
import { LeakNotice } from './_components/leak-notice';

export const metadata = { title: 'Security · Latchkey' };

export default async function SecurityPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const hideRevoked = (await searchParams).revoked === 'hide';
  const user = await requireUser();
  const store = getStore();
  const now = currentTime();
  const cap = await store.accountCap(user.accountId);
  // Everyone's own keys here, admins included: the account's other keys are on Settings > Keys.
  const all = await store.keysInScope(ownKeys(user.accountId, user.userId), now);
  const revoked = all.filter((k) => k.status === 'revoked').length;
  const keys = hideRevoked ? all.filter((k) => k.status !== 'revoked') : all;
  const usage = await store.keyUsage(
    user.accountId,
    keys.map((k) => k.id),
    now,
  );

  return (
    <>
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold">Security</h1>
        <p className="text-sm text-slate-600">
          Your API keys and your password. Keys let scripts and services call the API as you: treat them like passwords.
          {cap !== null && ` Your account limits keys to ${cap} days.`}
        </p>
      </div>
      <LeakNotice accountId={user.accountId} userId={user.userId} now={now} />
      <CreateKeyForm
        action={createKey}
        options={expirationOptions(cap)}
        customBounds={customDateBounds(now, cap)}
        now={now}
        cap={cap}
      />
      <RevokedFilter path="/settings/security" hidden={hideRevoked} count={revoked} />
      <KeysTable
        actions={KEY_ACTIONS}
        actor={userActor(user, now)}
        keys={keys}
        now={now}
        usage={usage}
        {...(hideRevoked && revoked > 0
          ? { empty: { title: 'No keys that work', body: 'Every key here is revoked: show revoked keys to see them.' } }
          : {})}
      />
      <ChangePasswordForm />
    </>
  );
}
