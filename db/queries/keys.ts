import 'server-only';
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from '..';
import { apiKeys } from '../schema';
import {
  effectiveExpiry,
  graceUntil,
  isKeyLive,
  isShortenedByPolicy,
  keyStatus,
  type GraceChoice,
  type KeyStatus,
} from '@/lib/keys/expiry';
import { writeAudit } from './audit';

/** Whose keys a query may touch. Both parts are required: every key query is scoped in its WHERE clause. */
export interface KeyScope {
  accountId: string;
  userId: string;
}

export interface RequestMeta {
  actorUserId: string;
  /** The actor as people know them (their email), kept in the audit row even if the user is later removed. */
  actorLabel: string;
  ip: string | null;
  userAgent: string | null;
}

/** What the dashboard sees of a key: never a hash. */
export interface KeyDto {
  id: string;
  name: string;
  createdAt: number;
  expiresAt: number | null;
  effectiveExpiresAt: number | null;
  shortenedByPolicy: boolean;
  status: KeyStatus;
  revokedAt: number | null;
  lastUsedAt: number | null;
  lastUsedIp: string | null;
  previousSecretExpiresAt: number | null;
  previousSecretLastUsedAt: number | null;
}

const scoped = (scope: KeyScope, keyId: string) =>
  and(eq(apiKeys.id, keyId), eq(apiKeys.accountId, scope.accountId), eq(apiKeys.userId, scope.userId));

const dtoColumns = {
  id: apiKeys.id,
  name: apiKeys.name,
  createdAt: apiKeys.createdAt,
  expiresAt: apiKeys.expiresAt,
  revokedAt: apiKeys.revokedAt,
  lastUsedAt: apiKeys.lastUsedAt,
  lastUsedIp: apiKeys.lastUsedIp,
  previousSecretExpiresAt: apiKeys.previousSecretExpiresAt,
  previousSecretLastUsedAt: apiKeys.previousSecretLastUsedAt,
};

type KeyRow = { [K in keyof typeof dtoColumns]: (typeof apiKeys.$inferSelect)[K] };

function toDto(row: KeyRow, capDays: number | null, now: number): KeyDto {
  const previousLive = row.previousSecretExpiresAt !== null && row.previousSecretExpiresAt > now;
  return {
    ...row,
    effectiveExpiresAt: effectiveExpiry(row, capDays),
    shortenedByPolicy: isShortenedByPolicy(row, capDays),
    status: keyStatus(row, capDays, now),
    previousSecretExpiresAt: previousLive ? row.previousSecretExpiresAt : null,
  };
}

export function keysForUser(db: Db, scope: KeyScope, capDays: number | null, now: number): KeyDto[] {
  return db
    .select(dtoColumns)
    .from(apiKeys)
    .where(and(eq(apiKeys.accountId, scope.accountId), eq(apiKeys.userId, scope.userId)))
    .orderBy(desc(apiKeys.createdAt))
    .all()
    .map((row) => toDto(row, capDays, now));
}

/** Creation times and expiries of the account's live keys, for the cap preview. */
export function liveKeyTimesForAccount(db: Db, accountId: string) {
  return db
    .select({ createdAt: apiKeys.createdAt, expiresAt: apiKeys.expiresAt, revokedAt: apiKeys.revokedAt })
    .from(apiKeys)
    .where(and(eq(apiKeys.accountId, accountId), isNull(apiKeys.revokedAt)))
    .all();
}

export function insertKey(
  db: Db,
  scope: KeyScope,
  key: { id: string; name: string; secretHash: Buffer; expiresAt: number | null },
  now: number,
  meta: RequestMeta,
) {
  db.transaction((tx) => {
    tx.insert(apiKeys)
      .values({ ...key, accountId: scope.accountId, userId: scope.userId, createdAt: now })
      .run();
    writeAudit(tx, {
      accountId: scope.accountId,
      action: 'key.created',
      targetKeyId: key.id,
      detail: { name: key.name, expiresAt: key.expiresAt },
      createdAt: now,
      ...meta,
    });
  });
}

export type KeyChangeResult = { ok: true } | { ok: false; reason: 'not_found' | 'revoked' | 'expired' };

export function revokeKey(db: Db, scope: KeyScope, keyId: string, now: number, meta: RequestMeta): KeyChangeResult {
  return db.transaction((tx) => {
    const changed = tx
      .update(apiKeys)
      .set({ revokedAt: now, previousSecretHash: null, previousSecretExpiresAt: null })
      .where(and(scoped(scope, keyId), isNull(apiKeys.revokedAt)))
      .run().changes;
    if (changed === 0) {
      const exists = tx.select({ id: apiKeys.id }).from(apiKeys).where(scoped(scope, keyId)).get();
      return { ok: false, reason: exists ? 'revoked' : 'not_found' } as const;
    }
    writeAudit(tx, {
      accountId: scope.accountId,
      action: 'key.revoked',
      targetKeyId: keyId,
      createdAt: now,
      ...meta,
    });
    return { ok: true } as const;
  });
}

/**
 * Replaces a key's secret. Expiry, name and key id stay; the old secret keeps working until the chosen grace
 * ends, never past the key's effective expiry. `newHash` is computed by the caller, outside the transaction.
 */
export function regenerateKey(
  db: Db,
  scope: KeyScope,
  keyId: string,
  newHash: Buffer,
  grace: GraceChoice,
  capDays: number | null,
  now: number,
  meta: RequestMeta,
): KeyChangeResult & { previousSecretExpiresAt?: number | null } {
  return db.transaction((tx) => {
    const key = tx.select().from(apiKeys).where(scoped(scope, keyId)).get();
    if (!key) return { ok: false, reason: 'not_found' } as const;
    if (key.revokedAt !== null) return { ok: false, reason: 'revoked' } as const;
    if (!isKeyLive(key, capDays, now)) return { ok: false, reason: 'expired' } as const;
    const until = graceUntil(grace, now, effectiveExpiry(key, capDays));
    tx.update(apiKeys)
      .set({
        secretHash: newHash,
        previousSecretHash: until === null ? null : key.secretHash,
        previousSecretExpiresAt: until,
        previousSecretLastUsedAt: null,
        regeneratedAt: now,
      })
      .where(scoped(scope, keyId))
      .run();
    writeAudit(tx, {
      accountId: scope.accountId,
      action: 'key.regenerated',
      targetKeyId: keyId,
      detail: { oldSecretValidUntil: until },
      createdAt: now,
      ...meta,
    });
    return { ok: true, previousSecretExpiresAt: until } as const;
  });
}
