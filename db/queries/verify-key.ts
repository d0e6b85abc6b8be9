import { and, eq, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '..';
import { accounts, apiKeys, projects, serviceAccounts, users } from '../schema';
import { effectiveExpiry, isGraceActive } from '../../lib/keys/expiry';
import { parseResources } from '../../lib/keys/permissions';
import { hashesEqual, hashSecret, parseToken } from '../../lib/keys/token';
import type { KeyOwner, RefusalReason, VerifyResult } from '../store';

// The one verification query: every API request, leak report and the benchmark's reference server go through
// verifyToken. Not 'server-only': the benchmark's reference server runs it outside Next. Order matters: syntax and checksum first (no I/O), then one prepared point lookup by key id,
// then a constant-time comparison of SHA-256(secret), then revocation and the expiry policy.

function lookup(db: DbOrTx) {
  return db
    .select({
      keyId: apiKeys.id,
      keyName: apiKeys.name,
      kind: apiKeys.kind,
      accountId: apiKeys.accountId,
      permission: apiKeys.permission,
      resources: apiKeys.resources,
      userId: users.id,
      userEmail: users.email,
      userRole: users.role,
      serviceAccountId: serviceAccounts.id,
      serviceAccountName: serviceAccounts.name,
      serviceAccountRole: serviceAccounts.role,
      projectId: projects.id,
      projectName: projects.name,
      secretHash: apiKeys.secretHash,
      previousSecretHash: apiKeys.previousSecretHash,
      previousSecretExpiresAt: apiKeys.previousSecretExpiresAt,
      createdAt: apiKeys.createdAt,
      expiresAt: apiKeys.expiresAt,
      revokedAt: apiKeys.revokedAt,
      disabledAt: apiKeys.disabledAt,
      accountName: accounts.name,
      capDays: accounts.maxKeyLifetimeDays,
    })
    .from(apiKeys)
    .innerJoin(accounts, eq(accounts.id, apiKeys.accountId))
    .leftJoin(users, eq(users.id, apiKeys.userId))
    .leftJoin(serviceAccounts, eq(serviceAccounts.id, apiKeys.serviceAccountId))
    .leftJoin(projects, eq(projects.id, apiKeys.projectId));
}

function prepareLookup(db: Db) {
  return lookup(db)
    .where(eq(apiKeys.id, sql.placeholder('keyId')))
    .prepare();
}

type LookupRow = NonNullable<ReturnType<ReturnType<typeof prepareLookup>['get']>>;

function ownerOf(row: LookupRow): KeyOwner | null {
  if (row.kind === 'personal' && row.userId && row.userEmail && row.userRole) {
    return { type: 'user', id: row.userId, email: row.userEmail, role: row.userRole };
  }
  if (row.kind === 'service' && row.serviceAccountId && row.serviceAccountName && row.serviceAccountRole) {
    return {
      type: 'service_account',
      id: row.serviceAccountId,
      name: row.serviceAccountName,
      role: row.serviceAccountRole,
    };
  }
  if (row.kind === 'organization' && row.projectId && row.projectName) {
    return { type: 'project', id: row.projectId, name: row.projectName };
  }
  return null;
}

type Liveness =
  { live: true; owner: KeyOwner; effectiveExpiresAt: number | null } | { live: false; reason: RefusalReason };

/**
 * Whether a key whose secret matched may act now (not revoked, not disabled, its owner there, not expired under the
 * account's cap), with the owner and effective expiry it worked out: the one liveness rule, for the request's
 * verification and for the re-read of a key actor inside a changing transaction (currentKeyOwner).
 */
function liveness(row: LookupRow, now: number): Liveness {
  if (row.revokedAt !== null) return { live: false, reason: 'revoked' };
  if (row.disabledAt !== null) return { live: false, reason: 'disabled' };
  const owner = ownerOf(row);
  if (!owner) return { live: false, reason: 'not_found' };
  const effectiveExpiresAt = effectiveExpiry(row, row.capDays);
  if (effectiveExpiresAt !== null && now >= effectiveExpiresAt) return { live: false, reason: 'expired' };
  return { live: true, owner, effectiveExpiresAt };
}

/**
 * Which of the key's secrets the candidate hash opens: the current one, the one a regeneration replaced (only while
 * its grace window lasts), or neither. One rule for the request's verification and for the actor re-read.
 */
function secretOpened(
  row: Pick<LookupRow, 'secretHash' | 'previousSecretHash' | 'previousSecretExpiresAt'>,
  candidate: Buffer,
  now: number,
): 'current' | 'previous' | null {
  if (hashesEqual(candidate, row.secretHash)) return 'current';
  if (isGraceActive(row.previousSecretExpiresAt, now) && hashesEqual(candidate, row.previousSecretHash)) {
    return 'previous';
  }
  return null;
}

/**
 * Who a key of the account acts for, as read now (in the caller's transaction), if it is still live and, given the
 * hash of the secret the request presented, that secret still opens it; else null. A changing transaction re-reads
 * its key actor with this, so a key revoked, disabled or expired (or an owner demoted) after the request was
 * verified, or a secret replaced by a regeneration or past its grace window since, does not make the change.
 */
export function currentKeyOwner(
  tx: DbOrTx,
  accountId: string,
  keyId: string,
  now: number,
  proof?: Buffer,
): KeyOwner | null {
  const row = lookup(tx)
    .where(and(eq(apiKeys.id, keyId), eq(apiKeys.accountId, accountId)))
    .get();
  if (!row) return null;
  if (proof && !secretOpened(row, proof, now)) return null;
  const state = liveness(row, now);
  return state.live ? state.owner : null;
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
  const opened = secretOpened(row, candidate, now);
  const refuse = (reason: RefusalReason): VerifyResult => ({ ok: false, reason, keyId, accountId: row.accountId });
  if (!opened) return refuse('wrong_secret');
  const state = liveness(row, now);
  if (!state.live) return refuse(state.reason);
  const { owner, effectiveExpiresAt } = state;

  return {
    ok: true,
    principal: {
      keyId,
      keyName: row.keyName,
      kind: row.kind,
      accountId: row.accountId,
      accountName: row.accountName,
      owner,
      permission: row.permission,
      resources: parseResources(row.resources),
      expiresAt: row.expiresAt,
      effectiveExpiresAt,
      usedPreviousSecret: opened === 'previous',
      secretProof: candidate,
    },
  };
}
