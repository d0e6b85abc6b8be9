import 'server-only';
import { and, desc, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '..';
import { accounts, apiKeys, projects, serviceAccounts, users, type KeyKind, type KeyPermission } from '../schema';
import {
  effectiveExpiry,
  graceUntil,
  isKeyLive,
  isShortenedByPolicy,
  keyStatus,
  type GraceChoice,
  type KeyStatus,
} from '@/lib/keys/expiry';
import { parseResources, serializeResources, type ApiResource } from '@/lib/keys/permissions';
import type { RequestMeta } from '@/lib/types';
import { writeAudit } from './audit';

/**
 * Which keys a query may touch. `accountId` is always required and every key query puts it, and the owner
 * filters, in its WHERE clause. The filters are OR'ed: a user's own personal keys, and/or keys of given kinds
 * (what admins manage).
 */
export interface KeyScope {
  accountId: string;
  owners: ({ userId: string } | { kinds: readonly KeyKind[] } | { serviceAccountId: string } | { keyId: string })[];
}

export const ownKeys = (accountId: string, userId: string): KeyScope => ({ accountId, owners: [{ userId }] });
export const allKeys = (accountId: string): KeyScope => ({
  accountId,
  owners: [{ kinds: ['personal', 'service', 'organization'] }],
});

/** Who a new key belongs to. */
export type NewKeyOwner =
  | { kind: 'personal'; userId: string }
  | { kind: 'service'; serviceAccountId: string }
  | { kind: 'organization'; projectId: string };

/** What the dashboard sees of a key: never a hash. */
export interface KeyDto {
  id: string;
  name: string;
  kind: KeyKind;
  ownerLabel: string;
  permission: KeyPermission;
  resources: ApiResource[] | null;
  createdAt: number;
  expiresAt: number | null;
  effectiveExpiresAt: number | null;
  shortenedByPolicy: boolean;
  status: KeyStatus;
  revokedAt: number | null;
  disabledAt: number | null;
  lastUsedAt: number | null;
  lastUsedIp: string | null;
  previousSecretExpiresAt: number | null;
  previousSecretLastUsedAt: number | null;
}

function ownerFilter(owner: KeyScope['owners'][number]): SQL | undefined {
  if ('userId' in owner) return and(eq(apiKeys.kind, 'personal'), eq(apiKeys.userId, owner.userId));
  if ('serviceAccountId' in owner) return and(eq(apiKeys.kind, 'service'), eq(apiKeys.serviceAccountId, owner.serviceAccountId));
  if ('keyId' in owner) return eq(apiKeys.id, owner.keyId);
  return inArray(apiKeys.kind, [...owner.kinds]);
}

function inScope(scope: KeyScope): SQL | undefined {
  return and(eq(apiKeys.accountId, scope.accountId), or(...scope.owners.map(ownerFilter)));
}

const scoped = (scope: KeyScope, keyId: string) => and(eq(apiKeys.id, keyId), inScope(scope));

const dtoColumns = {
  id: apiKeys.id,
  name: apiKeys.name,
  kind: apiKeys.kind,
  permission: apiKeys.permission,
  resources: apiKeys.resources,
  createdAt: apiKeys.createdAt,
  expiresAt: apiKeys.expiresAt,
  revokedAt: apiKeys.revokedAt,
  disabledAt: apiKeys.disabledAt,
  lastUsedAt: apiKeys.lastUsedAt,
  lastUsedIp: apiKeys.lastUsedIp,
  previousSecretExpiresAt: apiKeys.previousSecretExpiresAt,
  previousSecretLastUsedAt: apiKeys.previousSecretLastUsedAt,
  ownerLabel: sql<string>`coalesce(${users.email}, ${serviceAccounts.name}, ${projects.name}, '')`,
};

type KeyRow = {
  [K in Exclude<keyof typeof dtoColumns, 'ownerLabel'>]: (typeof apiKeys.$inferSelect)[K];
} & { ownerLabel: string };

function toDto(row: KeyRow, capDays: number | null, now: number): KeyDto {
  const previousLive = row.previousSecretExpiresAt !== null && row.previousSecretExpiresAt > now;
  return {
    ...row,
    resources: parseResources(row.resources),
    effectiveExpiresAt: effectiveExpiry(row, capDays),
    shortenedByPolicy: isShortenedByPolicy(row, capDays),
    status: keyStatus(row, capDays, now),
    previousSecretExpiresAt: previousLive ? row.previousSecretExpiresAt : null,
  };
}

/** The keys in scope, newest first, with their status under the account's cap. */
export function keysInScope(db: Db, scope: KeyScope, capDays: number | null, now: number): KeyDto[] {
  return db
    .select(dtoColumns)
    .from(apiKeys)
    .leftJoin(users, eq(users.id, apiKeys.userId))
    .leftJoin(serviceAccounts, eq(serviceAccounts.id, apiKeys.serviceAccountId))
    .leftJoin(projects, eq(projects.id, apiKeys.projectId))
    .where(inScope(scope))
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

export class KeyLimitError extends Error {}

export function insertKey(
  db: Db,
  accountId: string,
  owner: NewKeyOwner,
  key: {
    id: string;
    name: string;
    secretHash: Buffer;
    expiresAt: number | null;
    permission: KeyPermission;
    resources: readonly ApiResource[] | null;
  },
  now: number,
  meta: RequestMeta,
) {
  db.transaction((tx) => {
    if (owner.kind === 'organization') {
      // The per-account limit is checked in the same transaction that inserts, so two requests cannot both pass.
      const { live, limit } = tx
        .select({
          live: sql<number>`(SELECT count(*) FROM ${apiKeys} WHERE ${apiKeys.accountId} = ${accountId}
            AND ${apiKeys.kind} = 'organization' AND ${apiKeys.revokedAt} IS NULL)`,
          limit: accounts.maxOrganizationKeys,
        })
        .from(accounts)
        .where(eq(accounts.id, accountId))
        .get()!;
      if (live >= limit) throw new KeyLimitError(`This account may hold at most ${limit} organization keys.`);
      const project = tx
        .select({ id: projects.id })
        .from(projects)
        .where(and(eq(projects.id, owner.projectId), eq(projects.accountId, accountId)))
        .get();
      if (!project) throw new KeyLimitError('That project does not exist.');
    }
    if (owner.kind === 'service') {
      const account = tx
        .select({ id: serviceAccounts.id })
        .from(serviceAccounts)
        .where(and(eq(serviceAccounts.id, owner.serviceAccountId), eq(serviceAccounts.accountId, accountId)))
        .get();
      if (!account) throw new KeyLimitError('That service account does not exist.');
    }
    tx.insert(apiKeys)
      .values({
        ...key,
        resources: serializeResources(key.resources),
        ...owner,
        accountId,
        createdAt: now,
      })
      .run();
    writeAudit(tx, {
      accountId,
      action: 'key.created',
      targetKeyId: key.id,
      detail: { name: key.name, kind: owner.kind, expiresAt: key.expiresAt, permission: key.permission, resources: key.resources },
      createdAt: now,
      ...meta,
    });
  });
}

/** The kind of a key the scope may touch (kinds never change), or null when the scope does not reach it. */
export function keyKindInScope(db: Db, scope: KeyScope, keyId: string): KeyKind | null {
  return db.select({ kind: apiKeys.kind }).from(apiKeys).where(scoped(scope, keyId)).get()?.kind ?? null;
}

export type KeyChangeResult = { ok: true } | { ok: false; reason: 'not_found' | 'revoked' | 'expired' | 'unchanged' };

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
    writeAudit(tx, { accountId: scope.accountId, action: 'key.revoked', targetKeyId: keyId, createdAt: now, ...meta });
    return { ok: true } as const;
  });
}

/** Disables (or enables again) a key: refused like a revoked key while disabled, but reversible. */
export function setKeyDisabled(
  db: Db,
  scope: KeyScope,
  keyId: string,
  disabled: boolean,
  now: number,
  meta: RequestMeta,
): KeyChangeResult {
  return db.transaction((tx) => {
    const key = tx.select({ revokedAt: apiKeys.revokedAt, disabledAt: apiKeys.disabledAt }).from(apiKeys).where(scoped(scope, keyId)).get();
    if (!key) return { ok: false, reason: 'not_found' } as const;
    if (key.revokedAt !== null) return { ok: false, reason: 'revoked' } as const;
    if ((key.disabledAt !== null) === disabled) return { ok: false, reason: 'unchanged' } as const;
    tx.update(apiKeys).set({ disabledAt: disabled ? now : null }).where(scoped(scope, keyId)).run();
    writeAudit(tx, {
      accountId: scope.accountId,
      action: disabled ? 'key.disabled' : 'key.enabled',
      targetKeyId: keyId,
      createdAt: now,
      ...meta,
    });
    return { ok: true } as const;
  });
}

/**
 * Replaces a key's secret. Expiry, name, key id and permissions stay; the old secret keeps working until the chosen
 * grace ends, never past the key's effective expiry. `newHash` is computed by the caller, outside the transaction.
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
