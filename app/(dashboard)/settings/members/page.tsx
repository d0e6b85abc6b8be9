import { Cell, Row, Table } from '@/components/ui/table';
import { AdminOnly } from '@/components/admin-only';
import { RelativeTime } from '@/components/relative-time';
import { getStore } from '@/server/db';
import { requireUser } from '@/server/auth/session';
import { lockRemaining } from '@/lib/auth/throttle';
import { now as currentTime } from '@/lib/clock';
import { relativeTime } from '@/lib/format';
import { gate, userActor } from '@/lib/policy/access';
import { memberButtons } from '@/lib/policy/offers';
import { InviteMember } from '@/components/members/invite-member';
import { createInvitation } from '../account/actions';
import { RemoveMember, RevokeInvitation, RoleSelect, UnlockSignIn } from './_components/member-actions';

export const metadata = { title: 'Members · Latchkey' };

export default async function MembersPage() {
  const user = await requireUser();
  const now = currentTime();
  const actor = userActor(user, now);
  if (!gate(actor, 'account.administer').allowed)
    return <AdminOnly title="Members" what="the members of the account" />;
  // Everything in one read, a statement per kind of row: the page costs the same for 2 members or 200.
  const { members, invitations, serviceAccounts, signInFailures } = await getStore().membersOverview(
    user.accountId,
    now,
  );

  return (
    <>
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div className="space-y-1">
          <h1 className="text-2xl font-semibold">Members</h1>
          <p className="text-sm text-slate-600">
            People who can sign in to this account. Only owners make owners or admins.
          </p>
        </div>
        <InviteMember action={createInvitation} />
      </div>

      <Table
        label="Members"
        wideFrom="lg"
        columns={[
          'Member',
          { label: 'Role', width: 'w-64' },
          { label: 'Joined', width: 'w-32' },
          { label: 'Keys', width: 'w-20' },
          { label: 'Last key use', width: 'w-36' },
          { label: null, width: 'w-40' },
        ]}
      >
        {members.map((member) => {
          // What the access policy lets this user do to this member (lib/policy/offers.ts): the server asks the same.
          const offers = memberButtons(actor, { accountId: user.accountId, userId: member.id, role: member.role });
          const signInLocked = lockRemaining(signInFailures.get(member.id) ?? null, now) > 0;
          return (
            <Row key={member.id} data-member={member.email}>
              <Cell kind="primary">
                {member.email}
                {member.id === user.userId && <span className="ml-1 text-xs text-slate-600">(you)</span>}
                {signInLocked && (
                  <span
                    className="ml-1 rounded bg-amber-100 px-1.5 py-0.5 text-xs text-amber-900"
                    data-testid="sign-in-locked"
                  >
                    Sign-in locked
                  </span>
                )}
              </Cell>
              <Cell label={offers.changeRole ? undefined : 'Role'}>
                {offers.changeRole ? (
                  <RoleSelect userId={member.id} email={member.email} role={member.role} />
                ) : (
                  <span className="capitalize" data-testid="member-role">
                    {member.role}
                  </span>
                )}
              </Cell>
              <Cell label="Joined">
                <RelativeTime at={member.joinedAt} now={now} />
              </Cell>
              <Cell label="Keys" data-testid="member-keys">
                {member.liveKeys}
              </Cell>
              <Cell label="Last key use">
                {member.lastKeyUseAt ? (
                  <RelativeTime at={member.lastKeyUseAt} now={now} />
                ) : (
                  <span className="text-slate-600">Never</span>
                )}
              </Cell>
              <Cell kind="actions">
                <div className="flex flex-wrap gap-2">
                  {offers.unlock && signInLocked && <UnlockSignIn userId={member.id} email={member.email} />}
                  {offers.remove && (
                    <RemoveMember
                      userId={member.id}
                      email={member.email}
                      serviceAccounts={serviceAccounts}
                      keys={member.keys.map((k) => ({
                        id: k.id,
                        name: k.name,
                        lastUsed: k.lastUsedAt ? relativeTime(k.lastUsedAt, now) : 'never',
                      }))}
                    />
                  )}
                </div>
              </Cell>
            </Row>
          );
        })}
      </Table>

      <section aria-labelledby="pending-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-6">
        <h2 id="pending-heading" className="text-lg font-semibold">
          Pending invitations
        </h2>
        {invitations.length === 0 ? (
          <p className="text-sm text-slate-600">No pending invitations.</p>
        ) : (
          <ul className="divide-y divide-slate-100 text-sm">
            {invitations.map((inv) => (
              <li
                key={inv.id}
                className="flex flex-wrap items-center justify-between gap-3 py-2"
                data-invitation={inv.id}
              >
                <span>
                  <span className="capitalize">{inv.role}</span> · expires <RelativeTime at={inv.expiresAt} now={now} />
                </span>
                <RevokeInvitation invitationId={inv.id} role={inv.role} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
