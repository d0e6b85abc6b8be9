import { and, eq, lt } from 'drizzle-orm';
import { WRITE, type Db, type DbOrTx } from '..';
import { signInAddressFailures, signInFailures, users } from '../schema';
import type { DecideMember, SignInFailure, UnlockMemberResult } from '../store';
import { writeAudit } from './audit';
import { ACTOR_GONE, currentActor } from './actors';
import type { Actor } from '../../lib/policy/access';
import { ADDRESS_POLICY, failureDetail, needsUnlock, recordFailure, type FailureState } from '../../lib/auth/throttle';

// Storage for sign-in throttling (policy in lib/auth/throttle.ts). Not 'server-only': `npm run user:unlock` uses it.

export function signInFailuresFor(db: DbOrTx, email: string): FailureState | null {
  return db.select().from(signInFailures).where(eq(signInFailures.email, email)).get() ?? null;
}

export function saveSignInFailures(db: DbOrTx, row: typeof signInFailures.$inferInsert) {
  db.insert(signInFailures)
    .values(row)
    .onConflictDoUpdate({
      target: signInFailures.email,
      set: { failures: row.failures, lastFailureAt: row.lastFailureAt, lockedUntil: row.lockedUntil },
    })
    .run();
}

export function clearSignInFailures(db: DbOrTx, email: string) {
  db.delete(signInFailures).where(eq(signInFailures.email, email)).run();
}

/**
 * Counts one wrong password against an email: a failed sign-in, or a failed password confirmation inside the app
 * (the same count, so confirmations cannot be used to guess past the limit). Call inside the transaction that writes
 * the audit row; `justLocked` says this failure reached the hard limit (audit it as auth.sign_in_locked).
 */
export function countPasswordFailure(
  tx: DbOrTx,
  email: string,
  now: number,
): { state: FailureState; justLocked: boolean } {
  const previous = signInFailuresFor(tx, email);
  const state = recordFailure(previous, now);
  saveSignInFailures(tx, { email, ...state });
  return { state, justLocked: needsUnlock(state) && !needsUnlock(previous) };
}

/** `address` is a throttle key (lib/net/client-address.ts throttleKey), not necessarily one address. */
export function addressFailuresFor(db: DbOrTx, address: string): FailureState | null {
  return db.select().from(signInAddressFailures).where(eq(signInAddressFailures.address, address)).get() ?? null;
}

export function saveAddressFailures(db: DbOrTx, row: typeof signInAddressFailures.$inferInsert) {
  db.insert(signInAddressFailures)
    .values(row)
    .onConflictDoUpdate({
      target: signInAddressFailures.address,
      set: { failures: row.failures, lastFailureAt: row.lastFailureAt, lockedUntil: row.lockedUntil },
    })
    .run();
}

/** Addresses quiet since `before` would start from nothing anyway; dropping them keeps the table small. */
export function forgetQuietAddresses(db: DbOrTx, before: number) {
  db.delete(signInAddressFailures).where(lt(signInAddressFailures.lastFailureAt, before)).run();
}

/** The failure state of each member of one account who has any, by user id (for the Members page). */
export function memberSignInFailures(db: DbOrTx, accountId: string): Map<string, FailureState> {
  const rows = db
    .select({
      userId: users.id,
      failures: signInFailures.failures,
      lastFailureAt: signInFailures.lastFailureAt,
      lockedUntil: signInFailures.lockedUntil,
    })
    .from(users)
    .innerJoin(signInFailures, eq(signInFailures.email, users.email))
    .where(eq(users.accountId, accountId))
    .all();
  return new Map(rows.map(({ userId, ...state }) => [userId, state]));
}

export interface UnlockActor {
  actorUserId: string | null;
  actorLabel: string;
  ip: string | null;
  userAgent: string | null;
}

function unlockInTx(
  tx: DbOrTx,
  user: { id: string; accountId: string; email: string },
  now: number,
  actor: UnlockActor,
): number {
  const state = signInFailuresFor(tx, user.email);
  if (!state) return 0;
  clearSignInFailures(tx, user.email);
  writeAudit(tx, {
    accountId: user.accountId,
    action: 'auth.sign_in_unlocked',
    detail: { userId: user.id, email: user.email, failures: state.failures },
    createdAt: now,
    ...actor,
  });
  return state.failures;
}

/** Clears a member's failed sign-ins, as `decide` (the access policy, on the member as read here) allows. */
export function unlockMember(
  db: Db,
  actor: Actor,
  userId: string,
  decide: DecideMember,
  now: number,
  meta: UnlockActor,
): UnlockMemberResult {
  const { accountId } = actor;
  return db.transaction((tx): UnlockMemberResult => {
    const current = currentActor(tx, actor, now);
    if (!current) return ACTOR_GONE;
    const user = tx
      .select()
      .from(users)
      .where(and(eq(users.id, userId), eq(users.accountId, accountId)))
      .get();
    if (!user) return { ok: false, reason: 'not_found' } as const;
    const decision = decide({ accountId, userId: user.id, role: user.role }, current);
    if (!decision.allowed) return { ok: false, reason: decision.reason };
    return { ok: true, failures: unlockInTx(tx, user, now, meta) } as const;
  }, WRITE);
}

/** The operator's unlock (`npm run user:unlock`): by email, for any user, including an account's sole owner. */
export function unlockEmail(
  db: Db,
  email: string,
  now: number,
  actor: UnlockActor,
): { userExists: boolean; failures: number } {
  return db.transaction((tx) => {
    const user = tx.select().from(users).where(eq(users.email, email)).get();
    if (user) return { userExists: true, failures: unlockInTx(tx, user, now, actor) };
    // An email without a user is counted too (so probing cannot tell); clearing it needs no audit row.
    const state = signInFailuresFor(tx, email);
    if (state) clearSignInFailures(tx, email);
    return { userExists: false, failures: state?.failures ?? 0 };
  }, WRITE);
}

/**
 * A failed sign-in: the email's count and the address's, and (for an existing user) the audit rows in their account,
 * together or not at all. Returns the email's new state.
 */
export function recordSignInFailure(db: Db, failure: SignInFailure): FailureState {
  const { email, address, user, meta, at } = failure;
  return db.transaction((tx): FailureState => {
    const { state, justLocked } = countPasswordFailure(tx, email, at);
    if (address) {
      saveAddressFailures(tx, { address: address.key, ...address.next });
      if (address.next.failures === 1) forgetQuietAddresses(tx, at - ADDRESS_POLICY.quietMs);
    }
    if (user) {
      const actor = { accountId: user.accountId, actorUserId: user.id, actorLabel: user.email, ...meta };
      writeAudit(tx, { ...actor, action: 'auth.sign_in_failed', detail: failureDetail(state, at), createdAt: at });
      if (justLocked)
        writeAudit(tx, {
          ...actor,
          action: 'auth.sign_in_locked',
          detail: { failures: state.failures },
          createdAt: at,
        });
    }
    return state;
  }, WRITE);
}

/**
 * A wrong password inside the app (a password change or re-confirmation): the same count as sign-in, audited in the
 * user's account, in one transaction. Returns the email's new state.
 */
export function recordPasswordFailure(
  db: Db,
  user: { accountId: string; email: string },
  at: number,
  meta: UnlockActor,
): FailureState {
  return db.transaction((tx) => {
    const { state, justLocked } = countPasswordFailure(tx, user.email, at);
    writeAudit(tx, {
      ...meta,
      accountId: user.accountId,
      action: 'auth.password_confirm_failed',
      detail: failureDetail(state, at),
      createdAt: at,
    });
    if (justLocked)
      writeAudit(tx, {
        ...meta,
        accountId: user.accountId,
        action: 'auth.sign_in_locked',
        detail: { failures: state.failures },
        createdAt: at,
      });
    return state;
  }, WRITE);
}
