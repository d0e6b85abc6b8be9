import type { MemberChangeResult, Offboarding, UnlockMemberResult } from '@/db/store';
import { decideKey, decideMember } from '../../lib/policy/access';
import type { Role } from '../../lib/types';
import type { ServiceContext } from './context';

export type { MemberChangeResult } from '@/db/store';

// Member operations, each one store transaction that reads the member (and, offboarding, their keys) and the actor
// again, asks the policy about what it read, and makes the change with its audit rows.

export async function changeRole(
  ctx: ServiceContext,
  { userId, role }: { userId: string; role: Role },
): Promise<MemberChangeResult> {
  return ctx.store.changeRole(
    ctx.actor,
    userId,
    role,
    (member, actor) => decideMember(actor, 'change_role', member, role),
    ctx.now,
    ctx.meta,
  );
}

/** Offboarding: the member's live keys are revoked or moved to a service account, then the member is removed. */
export async function removeMember(ctx: ServiceContext, { userId, plan }: { userId: string; plan: Offboarding }) {
  return ctx.store.removeMember(
    ctx.actor,
    userId,
    plan,
    (member, actor) => decideMember(actor, 'remove', member),
    (op, key, actor) => decideKey(actor, op, key),
    ctx.now,
    ctx.meta,
  );
}

/** Clears a member's failed sign-ins (the throttle's lock, including the one after 100 failures in a row). */
export async function unlockSignIn(ctx: ServiceContext, userId: string): Promise<UnlockMemberResult> {
  return ctx.store.unlockMember(
    ctx.actor,
    userId,
    (member, actor) => decideMember(actor, 'unlock', member),
    ctx.now,
    ctx.meta,
  );
}
