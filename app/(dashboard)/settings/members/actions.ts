'use server';

import { revalidatePath } from 'next/cache';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { revokeInvitation as revokeInvitationRow } from '@/db/queries/accounts';
import { changeRole as changeRoleRow, removeMember as removeMemberRow, type MemberChangeResult } from '@/db/queries/members';
import { unlockMember } from '@/db/queries/sign-in-throttle';
import { ROLES } from '@/db/schema';
import { ActionError, userAction } from '@/lib/actions';

const REFUSALS: Record<Exclude<MemberChangeResult, { ok: true }>['reason'], string> = {
  not_found: 'That member is not in your account.',
  last_owner: 'An account needs at least one owner. Make someone else an owner first.',
  owner_required: 'Only owners can change or remove owners and admins, or make someone an owner or admin.',
  unknown_service_account: 'That service account does not exist.',
};

function refresh() {
  for (const page of ['/settings/members', '/settings/service-accounts', '/settings/keys', '/settings/account']) revalidatePath(page);
}

const UserIdSchema = z.string().uuid('Unknown member.');

export const changeRole = userAction(
  { schema: z.object({ userId: UserIdSchema, role: z.enum(ROLES, { error: 'Choose a role.' }) }), role: 'admin', sensitive: true },
  ({ userId, role }, ctx) => {
    const result = changeRoleRow(ctx.db, ctx.user.accountId, ctx.user.role, userId, role, ctx.now, ctx.meta);
    if (!result.ok) throw new ActionError(REFUSALS[result.reason]);
    refresh();
    return { ok: true as const, userId, role };
  },
);

const RemoveSchema = z.discriminatedUnion(
  'keys',
  [
    z.object({ userId: UserIdSchema, keys: z.literal('revoke') }),
    z.object({ userId: UserIdSchema, keys: z.literal('move'), serviceAccountId: z.string().min(1, 'Choose a service account.') }),
  ],
  { error: 'Choose what happens to their keys.' },
);

/** Offboarding: the member's live keys are revoked, or moved to a (possibly new) service account, then they are removed. */
export const removeMember = userAction({ schema: RemoveSchema, role: 'admin', sensitive: true }, (input, ctx) => {
  const plan =
    input.keys === 'revoke'
      ? ({ keys: 'revoke' } as const)
      : input.serviceAccountId === 'new'
        ? ({ keys: 'move-new', newServiceAccountId: randomUUID() } as const)
        : ({ keys: 'move', serviceAccountId: input.serviceAccountId } as const);
  const result = removeMemberRow(ctx.db, ctx.user.accountId, ctx.user.role, input.userId, plan, ctx.now, ctx.meta);
  if (!result.ok) throw new ActionError(REFUSALS[result.reason]);
  refresh();
  return { ok: true as const, userId: input.userId, moved: result.moved ?? 0, revoked: result.revoked ?? 0 };
});

export const revokeInvitation = userAction(
  { schema: z.object({ invitationId: z.string().uuid('Unknown invitation.') }), role: 'admin' },
  ({ invitationId }, ctx) => {
    if (!revokeInvitationRow(ctx.db, ctx.user.accountId, invitationId, ctx.now, ctx.meta)) {
      throw new ActionError('That invitation was already used, revoked or does not exist.');
    }
    refresh();
    return { ok: true as const, invitationId };
  },
);

/** Clears a member's failed sign-ins (the throttle's lock, including the one after 100 failures in a row). */
// Sensitive: an unlock resets the failure count, so a stolen session must not be able to guess past the limit.
export const unlockSignIn = userAction({ schema: z.object({ userId: UserIdSchema }), role: 'admin', sensitive: true }, ({ userId }, ctx) => {
  const result = unlockMember(ctx.db, ctx.user.accountId, ctx.user.role, userId, ctx.now, ctx.meta);
  if (!result.ok) throw new ActionError(result.reason === 'not_found' ? REFUSALS.not_found : 'Only owners can unlock owners and admins.');
  refresh();
  return { ok: true as const, userId };
});
