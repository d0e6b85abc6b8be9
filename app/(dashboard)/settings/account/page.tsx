import { RelativeTime } from '@/components/relative-time';
import { getStore } from '@/server/db';
import { now as currentTime } from '@/lib/clock';
import { requireUser } from '@/server/auth/session';
import { userActor } from '@/lib/policy/access';
import { offers } from '@/lib/policy/offers';
import { capLabel, CAP_CHOICES } from '@/lib/keys/expiry';
import { AccountNameForm } from './_components/account-name-form';
import { CapForm } from './_components/cap-form';
import { InviteMember } from '@/components/members/invite-member';
import { createInvitation } from './actions';

export const metadata = { title: 'Account · Latchkey' };

export default async function AccountPage() {
  const user = await requireUser();
  const store = getStore();
  const now = currentTime();
  const account = await store.accountById(user.accountId);
  const cap = account?.maxKeyLifetimeDays ?? null;
  const actor = userActor(user, now);
  const canRename = offers(actor, 'account.rename');
  const canSetCap = offers(actor, 'account.set_key_lifetime');
  const canInvite = offers(actor, 'invitation.create');
  const invitations = canInvite ? await store.pendingInvitations(user.accountId, now) : [];
  const capOptions = CAP_CHOICES.map((c) => ({ value: c === null ? 'none' : String(c), label: capLabel(c) }));

  return (
    <>
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold">Account</h1>
        <p className="text-sm text-slate-600">
          Settings that apply to everyone in <span className="font-medium">{account?.name ?? 'this account'}</span>.
        </p>
      </div>

      {canRename && account && (
        <section aria-labelledby="name-heading" className="space-y-4 rounded-lg border border-slate-200 bg-white p-6">
          <h2 id="name-heading" className="text-lg font-semibold">
            Name
          </h2>
          <AccountNameForm name={account.name} />
        </section>
      )}

      <section aria-labelledby="policy-heading" className="space-y-4 rounded-lg border border-slate-200 bg-white p-6">
        <h2 id="policy-heading" className="text-lg font-semibold">
          Key policy
        </h2>
        {canSetCap ? (
          <CapForm current={cap === null ? 'none' : String(cap)} options={capOptions} />
        ) : (
          <p className="text-sm" data-testid="cap-readonly">
            Maximum key lifetime: <strong>{capLabel(cap)}</strong>. Only owners and admins can change it.
          </p>
        )}
      </section>

      {canInvite && (
        <section aria-labelledby="invite-heading" className="space-y-4 rounded-lg border border-slate-200 bg-white p-6">
          <div className="flex items-center justify-between gap-4">
            <h2 id="invite-heading" className="text-lg font-semibold">
              Invitations
            </h2>
            <InviteMember action={createInvitation} />
          </div>
          {invitations.length === 0 ? (
            <p className="text-sm text-slate-600">No pending invitations.</p>
          ) : (
            <ul className="divide-y divide-slate-100 text-sm" aria-label="Pending invitations">
              {invitations.map((inv) => (
                <li key={inv.id} className="flex justify-between py-2">
                  <span className="capitalize">{inv.role}</span>
                  <span className="text-slate-600">
                    expires <RelativeTime at={inv.expiresAt} now={now} />
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
    </>
  );
}
