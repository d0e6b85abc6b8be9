import type { DbOrTx } from '..';
import { auditLog } from '../schema';

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
    .values({ ...entry, detail: entry.detail ? JSON.stringify(entry.detail) : null })
    .run();
}
