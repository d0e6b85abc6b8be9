import { and, asc, desc, eq, gt, gte, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Db, DbOrTx } from '..';
import { apiKeys, auditLog } from '../schema';
import { dayRange, type AuditCursor, type AuditFilters } from '../../lib/audit/filters';
import type { AuditRecord } from '../../lib/audit/types';
import { cleanDisplayText } from '../../lib/keys/display-text';
import type { AuditPage } from '../store';

// Not 'server-only': scripts write audit rows with writeAudit too. Every read takes the account as a required
// argument and names it in the WHERE clause.

export interface AuditEntry {
  accountId: string;
  action: string;
  actorUserId?: string | null;
  actorKeyId?: string | null;
  actorLabel?: string | null;
  targetKeyId?: string | null;
  /** Action-specific facts; never a secret, a token or an Authorization value. */
  detail?: Record<string, unknown>;
  ip?: string | null;
  userAgent?: string | null;
  createdAt: number;
}

/** Call inside the transaction that makes the change, so the log and the change land together or not at all. */
export function writeAudit(db: DbOrTx, entry: AuditEntry) {
  db.insert(auditLog)
    // The User-Agent is the sender's to write: cleaned like leak-report text, when stored and again when read.
    .values({
      ...entry,
      userAgent: cleanDisplayText(entry.userAgent),
      detail: entry.detail ? JSON.stringify(entry.detail) : null,
    })
    .run();
}

export const AUDIT_MAX_LIMIT = 1000;

function parseDetail(json: string | null): Record<string, unknown> | null {
  if (!json) return null;
  try {
    const value: unknown = JSON.parse(json);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** `%`, `_` and the escape character itself match literally in the actor filter. */
function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function conditions(accountId: string, filters: AuditFilters, cursor: AuditCursor): SQL {
  const where: (SQL | undefined)[] = [eq(auditLog.accountId, accountId)];
  if (filters.actor) {
    where.push(
      or(
        sql`${auditLog.actorLabel} LIKE ${likeContains(filters.actor)} ESCAPE '\\'`,
        eq(auditLog.actorKeyId, filters.actor),
      ),
    );
  }
  if (filters.action) where.push(eq(auditLog.action, filters.action));
  if (filters.keyId) where.push(or(eq(auditLog.actorKeyId, filters.keyId), eq(auditLog.targetKeyId, filters.keyId)));
  const range = dayRange(filters);
  if (range.from !== undefined) where.push(gte(auditLog.createdAt, range.from));
  if (range.to !== undefined) where.push(lt(auditLog.createdAt, range.to));
  if (cursor.before !== undefined) where.push(lt(auditLog.id, cursor.before));
  if (cursor.after !== undefined) where.push(gt(auditLog.id, cursor.after));
  return and(...where)!;
}

/**
 * One account's audit rows matching `filters`, newest first, paged by id: `before` gives the next older page,
 * `after` the next newer one (still returned newest first). Filters are validated by parseAuditQuery.
 */
export function auditEntries(
  db: DbOrTx,
  accountId: string,
  filters: AuditFilters,
  page: AuditCursor & { limit: number },
): AuditRecord[] {
  const limit = Math.max(1, Math.min(AUDIT_MAX_LIMIT, Math.floor(page.limit)));
  const rows = db
    .select({
      id: auditLog.id,
      createdAt: auditLog.createdAt,
      action: auditLog.action,
      actorUserId: auditLog.actorUserId,
      actorKeyId: auditLog.actorKeyId,
      actorLabel: auditLog.actorLabel,
      targetKeyId: auditLog.targetKeyId,
      // Scoped to the row's own account, so a key id can never pick up another account's key name.
      targetKeyName: apiKeys.name,
      detail: auditLog.detail,
      ip: auditLog.ip,
      userAgent: auditLog.userAgent,
    })
    .from(auditLog)
    .leftJoin(apiKeys, and(eq(apiKeys.id, auditLog.targetKeyId), eq(apiKeys.accountId, auditLog.accountId)))
    .where(conditions(accountId, filters, page))
    .orderBy(page.after !== undefined ? asc(auditLog.id) : desc(auditLog.id))
    .limit(limit)
    .all()
    .map((row) => ({ ...row, userAgent: cleanDisplayText(row.userAgent), detail: parseDetail(row.detail) }));
  return page.after !== undefined ? rows.reverse() : rows;
}

function anyEntry(db: Db, accountId: string, filters: AuditFilters, cursor: AuditCursor): boolean {
  return (
    db
      .select({ id: auditLog.id })
      .from(auditLog)
      .where(conditions(accountId, filters, cursor))
      .limit(1)
      .get() !== undefined
  );
}

/** One page of the audit log and whether there are newer and older pages beyond it. */
export function auditPage(
  db: Db,
  accountId: string,
  filters: AuditFilters,
  cursor: AuditCursor,
  pageSize: number,
): AuditPage {
  const entries = auditEntries(db, accountId, filters, { ...cursor, limit: pageSize });
  const first = entries[0];
  const last = entries.at(-1);
  if (!first || !last) return { entries, newer: null, older: null };
  const newest = first.id;
  const oldest = last.id;
  return {
    entries,
    newer: anyEntry(db, accountId, filters, { after: newest }) ? newest : null,
    older: anyEntry(db, accountId, filters, { before: oldest }) ? oldest : null,
  };
}

/** The distinct actions in one account's log, for the Action filter. */
export function auditActions(db: Db, accountId: string): string[] {
  return db
    .selectDistinct({ action: auditLog.action })
    .from(auditLog)
    .where(eq(auditLog.accountId, accountId))
    .orderBy(asc(auditLog.action))
    .all()
    .map((row) => row.action);
}
