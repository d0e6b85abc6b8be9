import 'server-only';
import { and, eq, gt } from 'drizzle-orm';
import { createHash } from 'node:crypto';
import type { Db, DbOrTx } from '..';
import { accounts, sessions, users, type Role } from '../schema';

export interface SessionUser {
  sessionId: string;
  userId: string;
  email: string;
  role: Role;
  accountId: string;
  accountName: string;
}

/** Only a hash of the session id is stored: a copy of the database cannot be turned into live sessions. */
const stored = (sessionId: string) => createHash('sha256').update(sessionId).digest('base64url');

export function insertSession(db: DbOrTx, session: { id: string; userId: string; createdAt: number; expiresAt: number }) {
  db.insert(sessions).values({ ...session, id: stored(session.id), confirmedAt: session.createdAt }).run();
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
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(accounts, eq(accounts.id, users.accountId))
    .where(and(eq(sessions.id, stored(sessionId)), gt(sessions.expiresAt, now)))
    .get();
  return row ? { ...row, sessionId } : null;
}

export function deleteSession(db: Db, sessionId: string) {
  db.delete(sessions).where(eq(sessions.id, stored(sessionId))).run();
}
