'use server';

import { revalidatePath } from 'next/cache';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ROLES } from '@/lib/types';
import { ActionError, FORBIDDEN_MESSAGE, refuseUnless, userAction } from '@/server/actions';
import { REAUTH_MESSAGE } from '@/lib/auth/reauth';
import * as invitations from '@/server/services/invitations';
import * as members from '@/server/services/members';
import type { MemberChangeResult } from '@/server/services/members';

const REFUSALS: Record<Exclude<MemberChangeResult, { ok: true }>['reason'], string> = {
  not_found: 'That member is not in your account.',
  last_owner: 'An account needs at least one owner. Make someone else an owner first.',
  owner_required: 'Only owners can change or remove owners and admins, or make someone an owner or admin.',
  unknown_service_account: 'That service account does not exist.',
  forbidden: FORBIDDEN_MESSAGE,
  reauth: REAUTH_MESSAGE,
};

function refuse(result: { ok: boolean; reason?: keyof typeof REFUSALS }, words: Partial<typeof REFUSALS> = {}) {
  if (result.ok || !result.reason) return;
  throw new ActionError(
    words[result.reason] ?? REFUSALS[result.reason],
    undefined,
    result.reason === 'reauth' ? true : undefined,
  );
}

function refresh() {
  for (const page of ['/settings/members', '/settings/service-accounts', '/settings/keys', '/settings/account'])
    revalidatePath(page);
}

const UserIdSchema = z.string().uuid('Unknown member.');

export const changeRole = userAction(
  {
    schema: z.object({ userId: UserIdSchema, role: z.enum(ROLES, { error: 'Choose a role.' }) }),
    gate: 'member.change_role',
  },
  async ({ userId, role }, ctx) => {
    const result = await members.changeRole(ctx, { userId, role });
    refuse(result);
    // The same role again writes nothing: the form then says nothing changed rather than "Role changed."
    const changed = result.ok && result.changed === true;
    if (changed) refresh();
    return { ok: true as const, userId, role, changed };
  },
);

const RemoveSchema = z.discriminatedUnion(
  'keys',
  [
    z.object({ userId: UserIdSchema, keys: z.literal('revoke') }),
    z.object({
      userId: UserIdSchema,
      keys: z.literal('move'),
      serviceAccountId: z.string().min(1, 'Choose a service account.'),
    }),
  ],
  { error: 'Choose what happens to their keys.' },
);

/** Offboarding: the member's live keys are revoked, or moved to a (possibly new) service account, then they are removed. */
export const removeMember = userAction({ schema: RemoveSchema, gate: 'member.remove' }, async (input, ctx) => {
  const plan =
    input.keys === 'revoke'
      ? ({ keys: 'revoke' } as const)
      : input.serviceAccountId === 'new'
        ? ({ keys: 'move-new', newServiceAccountId: randomUUID() } as const)
        : ({ keys: 'move', serviceAccountId: input.serviceAccountId } as const);
  const result = await members.removeMember(ctx, { userId: input.userId, plan });
  refuse(result);
  refresh();
  return { ok: true as const, userId: input.userId, moved: result.moved ?? 0, revoked: result.revoked ?? 0 };
});

export const revokeInvitation = userAction(
  { schema: z.object({ invitationId: z.string().uuid('Unknown invitation.') }), gate: 'invitation.revoke' },
  async ({ invitationId }, ctx) => {
    refuseUnless(await invitations.revokeInvitation(ctx, invitationId), {
      not_found: 'That invitation was already used, revoked or does not exist.',
    });
    refresh();
    return { ok: true as const, invitationId };
  },
);

/** Clears a member's failed sign-ins (the throttle's lock, including the one after 100 failures in a row). */
// Sensitive: an unlock resets the failure count, so a stolen session must not be able to guess past the limit.
export const unlockSignIn = userAction(
  { schema: z.object({ userId: UserIdSchema }), gate: 'member.unlock' },
  async ({ userId }, ctx) => {
    refuse(await members.unlockSignIn(ctx, userId), { owner_required: 'Only owners can unlock owners and admins.' });
    refresh();
    return { ok: true as const, userId };
  },
);
