import { and, desc, eq, gte } from 'drizzle-orm';
import { WRITE, type Db } from '..';
import { apiKeys, auditLog } from '../schema';
import { holdsGenuineSecret } from '../../lib/policy/access';
import { verifyToken } from './verify-key';
import { cleanDisplayText } from '../../lib/keys/display-text';
import { writeAudit } from './audit';
import { keyRowInScope, keyTarget, markRevoked } from './keys';
import type { DecideLeak, LeakNotice, LeakReport, Reporter } from '../store';

// Leak reports (POST /api/v1/leaked-keys): a reported token whose secret is genuine gets its key revoked, with an
// audit row in the key's own account, in one transaction.

export const LEAK_REPORTED = 'key.leak_reported';

/**
 * Revokes the key of every reported token whose secret is the key's current one, or its previous one within the
 * grace window after a regeneration, as `decide` (the access policy, for the token holder) allows on the key's row.
 * Returns how many keys it revoked: for tests and logs, never for the reporter.
 */
export function revokeLeakedTokens(
  db: Db,
  reports: readonly LeakReport[],
  prefix: string,
  decide: DecideLeak,
  reporter: Reporter,
  now: number,
): number {
  let revoked = 0;
  for (const report of reports) {
    const done = db.transaction((tx) => {
      // Checked inside the transaction, so a regeneration cannot slip in between the check and the revocation.
      // Who may revoke on a report is the policy's call (holdsGenuineSecret); a revoked key has nothing left to do.
      const result = verifyToken(db, report.token, prefix, now);
      const key = result.ok
        ? { accountId: result.principal.accountId, keyId: result.principal.keyId }
        : holdsGenuineSecret(result.reason) && result.accountId && result.keyId
          ? { accountId: result.accountId, keyId: result.keyId }
          : null;
      if (!key) return false;
      // The holder of the secret reaches only that key, and only to revoke it: the policy's token_holder branch,
      // asked about the row as read here, like every other key change.
      const row = keyRowInScope(tx, { accountId: key.accountId, owners: [{ keyId: key.keyId }] }, key.keyId);
      if (!row || !decide(key, keyTarget(row)).allowed) return false;
      if (!markRevoked(tx, key.accountId, key.keyId, now)) return false;
      // The reporter's words are shown to people: stored without controls and bidi characters (the names rule).
      const detail: Record<string, string> = {};
      for (const field of ['url', 'source', 'type'] as const) {
        const value = cleanDisplayText(report[field]);
        if (value) detail[field] = value;
      }
      writeAudit(tx, {
        accountId: key.accountId,
        action: LEAK_REPORTED,
        actorLabel: 'Leak report',
        targetKeyId: key.keyId,
        detail,
        ip: reporter.ip,
        userAgent: reporter.userAgent,
        createdAt: now,
      });
      return true;
    }, WRITE);
    if (done) revoked += 1;
  }
  return revoked;
}

function text(detail: string | null, name: string): string | null {
  try {
    const value: unknown = detail ? (JSON.parse(detail) as Record<string, unknown>)[name] : null;
    // Cleaned again on the way out: rows written before reports were cleaned may still hold such characters.
    return typeof value === 'string' ? cleanDisplayText(value) : null;
  } catch {
    return null;
  }
}

/** A user's personal keys revoked after a leak report since `since`, newest first (for the Security page). */
export function leakNoticesForUser(db: Db, accountId: string, userId: string, since: number, limit = 20): LeakNotice[] {
  return db
    .select({ keyId: apiKeys.id, keyName: apiKeys.name, reportedAt: auditLog.createdAt, detail: auditLog.detail })
    .from(auditLog)
    .innerJoin(apiKeys, and(eq(apiKeys.id, auditLog.targetKeyId), eq(apiKeys.accountId, auditLog.accountId)))
    .where(
      and(
        eq(auditLog.accountId, accountId),
        eq(auditLog.action, LEAK_REPORTED),
        gte(auditLog.createdAt, since),
        eq(apiKeys.kind, 'personal'),
        eq(apiKeys.userId, userId),
      ),
    )
    .orderBy(desc(auditLog.id))
    .limit(limit)
    .all()
    .map(({ detail, ...row }) => ({ ...row, url: text(detail, 'url'), source: text(detail, 'source') }));
}
