import 'server-only';
import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '..';
import { users } from '../schema';
import { needsConfirmation } from '../../lib/auth/reauth';
import { actorOwner, type Actor, type Decision, type Refusal } from '../../lib/policy/access';
import { liveSessionOf } from './sessions';
import { currentKeyOwner } from './verify-key';

// The actor is built once per request, from the session or the presented key; a demotion, a removal, a sign-out or a
// revoked key can commit while that request is in flight. Every changing transaction reads its actor again here and
// asks the policy about the actor as it is now, in the same transaction as the change it guards.

/**
 * The actor as it is now, read inside the caller's transaction, or null when it no longer exists: a user no longer in
 * the account (or whose session has ended), a key no longer live (revoked, disabled, expired, its owner gone). A
 * user's role is read again, and, for an actor that came from a session, sudo mode from that session's last password
 * proof; a key's owner (and the owner's role) is read again with the same liveness rule verification uses.
 */
export function currentActor(tx: DbOrTx, actor: Actor, now: number): Actor | null {
  switch (actor.type) {
    case 'user': {
      const { accountId, userId, sessionId } = actor;
      if (sessionId !== undefined) {
        const session = liveSessionOf(tx, { sessionId, userId, accountId }, now);
        if (!session) return null;
        return { ...actor, role: session.role, sudo: !needsConfirmation(session.confirmedAt, now) };
      }
      // Built without a session (a job or a test): the role is read again, sudo mode is as the caller set it.
      const user = tx
        .select({ role: users.role })
        .from(users)
        .where(and(eq(users.id, userId), eq(users.accountId, accountId)))
        .get();
      return user ? { ...actor, role: user.role } : null;
    }
    case 'key': {
      const owner = currentKeyOwner(tx, actor.accountId, actor.keyId, now, actor.proof);
      return owner ? { ...actor, owner: actorOwner(owner) } : null;
    }
    case 'token_holder':
      // A leak report's authority is the secret, checked on the key's row by the revoking transaction itself.
      return actor;
  }
}

/** The refusal of a change whose actor no longer exists (the policy's word for what an actor may never do). */
export const ACTOR_GONE = { ok: false, reason: 'forbidden' } as const;

/**
 * Reads the actor again (currentActor) and asks `decide` about it: the refusal, or the actor as it is now.
 * For the changes whose only check is on the actor (the policy's gate); the others read their target first.
 */
export function decideOnCurrentActor(
  tx: DbOrTx,
  actor: Actor,
  now: number,
  decide: (actor: Actor) => Decision,
): { ok: true; actor: Actor } | { ok: false; reason: Refusal } {
  const current = currentActor(tx, actor, now);
  if (!current) return ACTOR_GONE;
  const decision = decide(current);
  return decision.allowed ? { ok: true, actor: current } : { ok: false, reason: decision.reason };
}
