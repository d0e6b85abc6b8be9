import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db';
import { accounts, apiKeys, users } from '../../db/schema';
import { effectiveExpiry, isGraceActive } from '../keys/expiry';
import { hashesEqual, hashSecret, parseToken } from '../keys/token';

// The one verification module: every API request, and the benchmark's reference server, go through
// verifyToken. Order matters: syntax and checksum first (no I/O), then one prepared point lookup by key id,
// then a constant-time comparison of SHA-256(secret), then revocation and the expiry policy.

export interface KeyPrincipal {
  keyId: string;
  keyName: string;
  accountId: string;
  accountName: string;
  userId: string;
  userEmail: string;
  expiresAt: number | null;
  /** Effective expiry under the account's current cap. */
  effectiveExpiresAt: number | null;
  /** True when the request used the secret replaced by a regeneration, during its grace window. */
  usedPreviousSecret: boolean;
}

/** Why a token was refused. Callers see one public answer; the reason goes to the audit log. */
export type RefusalReason = 'malformed' | 'bad_checksum' | 'not_found' | 'wrong_secret' | 'revoked' | 'expired';

export type VerifyResult =
  | { ok: true; principal: KeyPrincipal }
  | { ok: false; reason: RefusalReason; keyId?: string; accountId?: string };

function prepareLookup(db: Db) {
  return db
    .select({
      keyId: apiKeys.id,
      keyName: apiKeys.name,
      accountId: apiKeys.accountId,
      userId: apiKeys.userId,
      secretHash: apiKeys.secretHash,
      previousSecretHash: apiKeys.previousSecretHash,
      previousSecretExpiresAt: apiKeys.previousSecretExpiresAt,
      createdAt: apiKeys.createdAt,
      expiresAt: apiKeys.expiresAt,
      revokedAt: apiKeys.revokedAt,
      accountName: accounts.name,
      capDays: accounts.maxKeyLifetimeDays,
      userEmail: users.email,
    })
    .from(apiKeys)
    .innerJoin(accounts, eq(accounts.id, apiKeys.accountId))
    .innerJoin(users, eq(users.id, apiKeys.userId))
    .where(eq(apiKeys.id, sql.placeholder('keyId')))
    .prepare();
}

const lookups = new WeakMap<Db, ReturnType<typeof prepareLookup>>();

export function verifyToken(db: Db, token: string, prefix: string, now: number = Date.now()): VerifyResult {
  const parsed = parseToken(token, prefix);
  if (!parsed.ok) return { ok: false, reason: parsed.reason };
  const { keyId, secret } = parsed.token;

  let lookup = lookups.get(db);
  if (!lookup) {
    lookup = prepareLookup(db);
    lookups.set(db, lookup);
  }
  const row = lookup.get({ keyId });
  if (!row) return { ok: false, reason: 'not_found', keyId };

  const candidate = hashSecret(secret);
  const current = hashesEqual(candidate, row.secretHash);
  const previous =
    !current && isGraceActive(row.previousSecretExpiresAt, now) && hashesEqual(candidate, row.previousSecretHash);
  const refuse = (reason: RefusalReason): VerifyResult => ({ ok: false, reason, keyId, accountId: row.accountId });
  if (!current && !previous) return refuse('wrong_secret');
  if (row.revokedAt !== null) return refuse('revoked');
  const effectiveExpiresAt = effectiveExpiry(row, row.capDays);
  if (effectiveExpiresAt !== null && now >= effectiveExpiresAt) return refuse('expired');

  return {
    ok: true,
    principal: {
      keyId,
      keyName: row.keyName,
      accountId: row.accountId,
      accountName: row.accountName,
      userId: row.userId,
      userEmail: row.userEmail,
      expiresAt: row.expiresAt,
      effectiveExpiresAt,
      usedPreviousSecret: previous,
    },
  };
}
