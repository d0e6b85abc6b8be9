import 'server-only';
import { and, eq, gt, ne } from 'drizzle-orm';
import { createHash } from 'node:crypto';
import { WRITE, type Db, type DbOrTx } from '..';
import { accounts, sessions, users } from '../schema';
import { writeAudit } from './audit';
import type { RequestMeta, SessionUser } from '../../lib/types';
import type { NewSession, SessionRef } from '../store';
import { clearSignInFailures } from './sign-in-throttle';

/** Only a hash of the session id is stored: a copy of the database cannot be turned into live sessions. */
const stored = (sessionId: string) => createHash('sha256').update(sessionId).digest('base64url');

export function insertSession(
  db: DbOrTx,
  session: { id: string; userId: string; createdAt: number; expiresAt: number },
) {
  db.insert(sessions)
    .values({ ...session, id: stored(session.id), confirmedAt: session.createdAt })
    .run();
}

/** Whether the user's password hash is still the one a check (scrypt, before the transaction) verified. */
function passwordIsStill(tx: DbOrTx, user: { userId: string; accountId: string }, verifiedHash: string): boolean {
  const row = tx
    .select({ passwordHash: users.passwordHash })
    .from(users)
    .where(and(eq(users.id, user.userId), eq(users.accountId, user.accountId)))
    .get();
  return row?.passwordHash === verifiedHash;
}

/**
 * A sign-in's session: the row, the email's failed sign-ins cleared (the address's count stays: a success of one's own
 * account must not wipe the record of guesses at others) and the audit row, together or not at all. The password was
 * checked (scrypt) before this transaction; if it has changed since, which ends every other session, the sign-in with
 * the old password opens none: false.
 */
export function openSession(db: Db, session: NewSession): boolean {
  const { user } = session;
  return db.transaction((tx) => {
    if (!passwordIsStill(tx, { userId: user.id, accountId: user.accountId }, session.verifiedHash)) return false;
    if (session.clearFailures) clearSignInFailures(tx, user.email);
    insertSession(tx, { id: session.id, userId: user.id, createdAt: session.createdAt, expiresAt: session.expiresAt });
    writeAudit(tx, {
      accountId: user.accountId,
      actorUserId: user.id,
      actorLabel: user.email,
      ...session.meta,
      action: 'auth.signed_in',
      createdAt: session.createdAt,
    });
    return true;
  }, WRITE);
}

/** The signed-in user behind a session id, read fresh on every request so that a role change or a sign-out
 * takes effect at once. */
export function sessionUser(db: Db, sessionId: string, now: number): SessionUser | null {
  const row = db
    .select({
      sessionId: sessions.id,
      userId: users.id,
      email: users.email,
      role: users.role,
      accountId: users.accountId,
      accountName: accounts.name,
      confirmedAt: sessions.confirmedAt,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(accounts, eq(accounts.id, users.accountId))
    .where(and(eq(sessions.id, stored(sessionId)), gt(sessions.expiresAt, now)))
    .get();
  return row ? { ...row, sessionId } : null;
}

/**
 * The role of a user in the account and when this session of theirs last proved the password, if the session is still
 * live (not signed out, not ended by a password change, not expired), as read in the caller's transaction; else null.
 */
export function liveSessionOf(
  tx: DbOrTx,
  session: { sessionId: string; userId: string; accountId: string },
  now: number,
) {
  return (
    tx
      .select({ role: users.role, confirmedAt: sessions.confirmedAt })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(
        and(
          eq(sessions.id, stored(session.sessionId)),
          eq(sessions.userId, session.userId),
          eq(users.accountId, session.accountId),
          gt(sessions.expiresAt, now),
        ),
      )
      .get() ?? null
  );
}

export function deleteSession(db: Db, sessionId: string) {
  db.delete(sessions)
    .where(eq(sessions.id, stored(sessionId)))
    .run();
}

/** The password hash of the user behind a session, for checking the current password before a sensitive change. */
export function passwordHashOf(db: DbOrTx, userId: string): string | null {
  return db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, userId)).get()?.hash ?? null;
}

/**
 * Whether the session is still live and its user's password hash still the one the caller verified: a password check
 * runs (scrypt) before the transaction that acts on it, and another request may end the session or change the password
 * in between.
 */
function stillAsChecked(tx: DbOrTx, session: SessionRef, verifiedHash: string, now: number): boolean {
  return liveSessionOf(tx, session, now) !== null && passwordIsStill(tx, session, verifiedHash);
}

/** "Sudo mode": the session proved the password again now; false, and nothing written, if it is no longer as checked. */
export function confirmSession(
  db: Db,
  session: SessionRef,
  verifiedHash: string,
  now: number,
  meta: RequestMeta,
): boolean {
  return db.transaction((tx) => {
    if (!stillAsChecked(tx, session, verifiedHash, now)) return false;
    tx.update(sessions)
      .set({ confirmedAt: now })
      .where(and(eq(sessions.id, stored(session.sessionId)), eq(sessions.userId, session.userId)))
      .run();
    writeAudit(tx, { ...meta, accountId: session.accountId, action: 'auth.password_confirmed', createdAt: now });
    return true;
  }, WRITE);
}

/**
 * A password change: the new hash, every other session of the user ended, this session confirmed, and the audit row,
 * together or not at all. Returns how many other sessions were signed out, or null, with nothing written, when the
 * session ended or the password changed since the current one was checked.
 */
export function changePassword(
  db: Db,
  session: SessionRef,
  passwordHash: string,
  verifiedHash: string,
  now: number,
  meta: RequestMeta,
): number | null {
  return db.transaction((tx) => {
    if (!stillAsChecked(tx, session, verifiedHash, now)) return null;
    tx.update(users).set({ passwordHash }).where(eq(users.id, session.userId)).run();
    const ended = tx
      .delete(sessions)
      .where(and(eq(sessions.userId, session.userId), ne(sessions.id, stored(session.sessionId))))
      .run().changes;
    tx.update(sessions)
      .set({ confirmedAt: now })
      .where(and(eq(sessions.id, stored(session.sessionId)), eq(sessions.userId, session.userId)))
      .run();
    writeAudit(tx, {
      ...meta,
      accountId: session.accountId,
      action: 'auth.password_changed',
      detail: { otherSessionsEnded: ended },
      createdAt: now,
    });
    return ended;
  }, WRITE);
}
