import 'server-only';
// The key statements of the SQLite store (db/sqlite-store.ts): each mutation is one synchronous transaction that reads
// the key inside its scope, asks the caller's decision (the access policy) about that row, then changes it and writes
// the audit row. Nothing is awaited inside: hashes are computed before.
import { and, asc, desc, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import { WRITE, type Db, type DbOrTx, type Tx } from '..';
import { accounts, apiKeys, projects, serviceAccounts, users, type KeyKind } from '../schema';
import {
  effectiveExpiry,
  graceUntil,
  isKeyLive,
  isShortenedByPolicy,
  keyStatus,
  DAY_MS,
  EXPIRING_SOON_MS,
  type GraceChoice,
} from '@/lib/keys/expiry';
import { KEYS_PAGE_SIZE, type KeyListQuery } from '@/lib/keys/list-query';
import { parseResources, serializeResources } from '@/lib/keys/permissions';
import type { Decide, DecideActor, IssueKeyResult, KeyChangeResult, NewKey } from '../store';
import type { Actor, KeyScope, KeyTarget, NewKeyOwner, Refusal } from '@/lib/policy/access';
import { ACTOR_GONE, currentActor, decideOnCurrentActor } from './actors';
import type { KeyDto, RequestMeta } from '@/lib/types';
import { writeAudit } from './audit';
import { cleanDisplayText } from '@/lib/keys/display-text';

/** What the dashboard sees of a key: never a hash. */

function ownerFilter(owner: KeyScope['owners'][number]): SQL | undefined {
  if ('userId' in owner) return and(eq(apiKeys.kind, 'personal'), eq(apiKeys.userId, owner.userId));
  if ('serviceAccountId' in owner)
    return and(eq(apiKeys.kind, 'service'), eq(apiKeys.serviceAccountId, owner.serviceAccountId));
  if ('keyId' in owner) return eq(apiKeys.id, owner.keyId);
  return inArray(apiKeys.kind, [...owner.kinds]);
}

function inScope(scope: KeyScope): SQL | undefined {
  return and(eq(apiKeys.accountId, scope.accountId), or(...scope.owners.map(ownerFilter)));
}

const scoped = (scope: KeyScope, keyId: string) => and(eq(apiKeys.id, keyId), inScope(scope));

const dtoColumns = {
  id: apiKeys.id,
  accountId: apiKeys.accountId,
  name: apiKeys.name,
  kind: apiKeys.kind,
  userId: apiKeys.userId,
  serviceAccountId: apiKeys.serviceAccountId,
  permission: apiKeys.permission,
  resources: apiKeys.resources,
  createdAt: apiKeys.createdAt,
  expiresAt: apiKeys.expiresAt,
  revokedAt: apiKeys.revokedAt,
  disabledAt: apiKeys.disabledAt,
  lastUsedAt: apiKeys.lastUsedAt,
  lastUsedIp: apiKeys.lastUsedIp,
  lastUsedUserAgent: apiKeys.lastUsedUserAgent,
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
    // The caller's words: shown as text, without control or text-direction characters.
    lastUsedUserAgent: cleanDisplayText(row.lastUsedUserAgent),
  };
}

/** The keys in scope, newest first, with their status under the account's cap. */
export function keysInScope(db: DbOrTx, scope: KeyScope, capDays: number | null, now: number): KeyDto[] {
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

/** One key, if it is in scope (the scope and the key id both in the WHERE clause), with its status under the cap. */
export function keyInScope(db: DbOrTx, scope: KeyScope, keyId: string, capDays: number | null, now: number) {
  const row = db
    .select(dtoColumns)
    .from(apiKeys)
    .leftJoin(users, eq(users.id, apiKeys.userId))
    .leftJoin(serviceAccounts, eq(serviceAccounts.id, apiKeys.serviceAccountId))
    .leftJoin(projects, eq(projects.id, apiKeys.projectId))
    .where(scoped(scope, keyId))
    .get();
  return row ? toDto(row, capDays, now) : null;
}

/** effectiveExpiry (lib/keys/expiry.ts) in SQL, for the cap as read: NULL means never. */
function effectiveExpirySql(capDays: number | null): SQL {
  if (capDays === null) return sql`${apiKeys.expiresAt}`;
  const capEnd = sql`(${apiKeys.createdAt} + ${capDays * DAY_MS})`;
  return sql`(CASE WHEN ${apiKeys.expiresAt} IS NULL THEN ${capEnd} ELSE min(${apiKeys.expiresAt}, ${capEnd}) END)`;
}

/** keyStatus (lib/keys/expiry.ts) as a WHERE condition; the unit tests hold the two to the same answers. */
function statusSql(status: NonNullable<KeyListQuery['status']>, capDays: number | null, now: number): SQL {
  const effective = effectiveExpirySql(capDays);
  const working = sql`${apiKeys.revokedAt} IS NULL AND ${apiKeys.disabledAt} IS NULL`;
  const expiring = sql`${effective} IS NOT NULL AND ${now} < ${effective} AND ${effective} - ${now} <= ${EXPIRING_SOON_MS}
    AND ${now} - ${apiKeys.createdAt} > ${EXPIRING_SOON_MS}`;
  switch (status) {
    case 'revoked':
      return sql`${apiKeys.revokedAt} IS NOT NULL`;
    case 'disabled':
      return sql`${apiKeys.revokedAt} IS NULL AND ${apiKeys.disabledAt} IS NOT NULL`;
    case 'expired':
      return sql`${working} AND ${effective} IS NOT NULL AND ${now} >= ${effective}`;
    case 'expiring':
      return sql`${working} AND ${expiring}`;
    case 'active':
      return sql`${working} AND (${effective} IS NULL OR (${now} < ${effective} AND NOT (${expiring})))`;
  }
}

/** `%`, `_` and the escape character match literally. */
const contains = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * One page of the keys in scope matching the query, and how many match in all: searched, filtered, sorted and cut in
 * the SQL (the scope in its WHERE clause), so the page's cost does not grow with the account's keys.
 */
export function keysPage(
  db: DbOrTx,
  scope: KeyScope,
  capDays: number | null,
  now: number,
  query: KeyListQuery,
): { keys: KeyDto[]; total: number } {
  const where = and(
    inScope(scope),
    query.q
      ? or(
          sql`${apiKeys.name} LIKE ${contains(query.q)} ESCAPE '\\'`,
          sql`${apiKeys.id} LIKE ${contains(query.q)} ESCAPE '\\'`,
          sql`${dtoColumns.ownerLabel} LIKE ${contains(query.q)} ESCAPE '\\'`,
        )
      : undefined,
    query.kind ? eq(apiKeys.kind, query.kind) : undefined,
    query.status ? statusSql(query.status, capDays, now) : undefined,
  );
  const direction = query.dir === 'asc' ? asc : desc;
  // Keys that never expire or were never used sort after the others, whichever the direction.
  const order: SQL[] = {
    created: [direction(apiKeys.createdAt)],
    name: [direction(sql`${apiKeys.name} COLLATE NOCASE`)],
    expires: [sql`${effectiveExpirySql(capDays)} IS NULL`, direction(effectiveExpirySql(capDays))],
    last_used: [sql`${apiKeys.lastUsedAt} IS NULL`, direction(apiKeys.lastUsedAt)],
  }[query.sort];
  const total =
    db
      .select({ n: sql<number>`count(*)` })
      .from(apiKeys)
      .leftJoin(users, eq(users.id, apiKeys.userId))
      .leftJoin(serviceAccounts, eq(serviceAccounts.id, apiKeys.serviceAccountId))
      .leftJoin(projects, eq(projects.id, apiKeys.projectId))
      .where(where)
      .get()?.n ?? 0;
  const keys = db
    .select(dtoColumns)
    .from(apiKeys)
    .leftJoin(users, eq(users.id, apiKeys.userId))
    .leftJoin(serviceAccounts, eq(serviceAccounts.id, apiKeys.serviceAccountId))
    .leftJoin(projects, eq(projects.id, apiKeys.projectId))
    .where(where)
    .orderBy(...order, desc(apiKeys.createdAt), asc(apiKeys.id))
    .limit(KEYS_PAGE_SIZE)
    .offset((query.page - 1) * KEYS_PAGE_SIZE)
    .all()
    .map((row) => toDto(row, capDays, now));
  return { keys, total };
}

/** Creation times and expiries of the account's live keys, for the cap preview. */
export function liveKeyTimesForAccount(db: DbOrTx, accountId: string) {
  return db
    .select({ createdAt: apiKeys.createdAt, expiresAt: apiKeys.expiresAt, revokedAt: apiKeys.revokedAt })
    .from(apiKeys)
    .where(and(eq(apiKeys.accountId, accountId), isNull(apiKeys.revokedAt)))
    .all();
}

/** The account's maximum key lifetime in days (null: no limit), read inside the transaction that needs it. */
export function capOf(db: DbOrTx, accountId: string): number | null {
  return (
    db.select({ cap: accounts.maxKeyLifetimeDays }).from(accounts).where(eq(accounts.id, accountId)).get()?.cap ?? null
  );
}

/** Issues a key: the expiry is resolved under the cap read in the same transaction, and the organization key limit
 * and the owner's existence in the account are checked there too, so two requests cannot both pass. */
export function insertKey(
  db: Db,
  actor: Actor,
  owner: NewKeyOwner,
  key: NewKey,
  decide: DecideActor,
  now: number,
  meta: RequestMeta,
): IssueKeyResult {
  return db.transaction((tx) => insertKeyIn(tx, actor, owner, key, decide, now, meta), WRITE);
}

/**
 * The body of insertKey, inside a write transaction the caller holds: the actor read again and the policy's decision,
 * the expiry under the cap as read, the row and its audit row. A device login's approval runs it in its own
 * transaction, beside the change to the login (db/queries/device-logins.ts).
 */
export function insertKeyIn(
  tx: Tx,
  actor: Actor,
  owner: NewKeyOwner,
  key: NewKey,
  decide: DecideActor,
  now: number,
  meta: RequestMeta,
): IssueKeyResult {
  const { accountId } = actor;
  const decided = decideOnCurrentActor(tx, actor, now, decide);
  if (!decided.ok) return decided;
  const expiry = key.expiry(capOf(tx, accountId));
  if (!expiry.ok) return { ok: false, reason: 'invalid_expiry', message: expiry.message };
  if (owner.kind === 'organization') {
    const { live, limit } = tx
      .select({
        live: sql<number>`(SELECT count(*) FROM ${apiKeys} WHERE ${apiKeys.accountId} = ${accountId}
          AND ${apiKeys.kind} = 'organization' AND ${apiKeys.revokedAt} IS NULL)`,
        limit: accounts.maxOrganizationKeys,
      })
      .from(accounts)
      .where(eq(accounts.id, accountId))
      .get()!;
    if (live >= limit) return { ok: false, reason: 'limit_reached', limit };
    const project = tx
      .select({ id: projects.id })
      .from(projects)
      .where(and(eq(projects.id, owner.projectId), eq(projects.accountId, accountId)))
      .get();
    if (!project) return { ok: false, reason: 'unknown_project' };
  }
  if (owner.kind === 'service') {
    const account = tx
      .select({ id: serviceAccounts.id })
      .from(serviceAccounts)
      .where(and(eq(serviceAccounts.id, owner.serviceAccountId), eq(serviceAccounts.accountId, accountId)))
      .get();
    if (!account) return { ok: false, reason: 'unknown_service_account' };
  }
  tx.insert(apiKeys)
    .values({
      id: key.id,
      name: key.name,
      secretHash: key.secretHash,
      expiresAt: expiry.expiresAt,
      permission: key.permission,
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
    detail: {
      name: key.name,
      kind: owner.kind,
      expiresAt: expiry.expiresAt,
      permission: key.permission,
      resources: key.resources,
    },
    createdAt: now,
    ...meta,
  });
  return { ok: true, expiresAt: expiry.expiresAt };
}

/** What the access policy looks at in a key row. */
export function keyTarget(row: {
  id: string;
  accountId: string;
  kind: KeyKind;
  userId: string | null;
  serviceAccountId: string | null;
}): KeyTarget {
  return {
    id: row.id,
    accountId: row.accountId,
    kind: row.kind,
    userId: row.userId,
    serviceAccountId: row.serviceAccountId,
  };
}

/** The key in scope, as the policy and the state checks need it, or null. Call inside the changing transaction. */
export function keyRowInScope(tx: DbOrTx, scope: KeyScope, keyId: string) {
  return tx.select().from(apiKeys).where(scoped(scope, keyId)).get() ?? null;
}

export function revokeKey(
  db: Db,
  actor: Actor,
  scope: KeyScope,
  keyId: string,
  decide: Decide,
  now: number,
  meta: RequestMeta,
): KeyChangeResult {
  return db.transaction((tx): KeyChangeResult => {
    const current = currentActor(tx, actor, now);
    if (!current) return ACTOR_GONE;
    const key = keyRowInScope(tx, scope, keyId);
    if (!key) return { ok: false, reason: 'not_found' };
    const decision = decide(keyTarget(key), current);
    if (!decision.allowed) return { ok: false, reason: decision.reason };
    if (key.revokedAt !== null) return { ok: false, reason: 'revoked' };
    // The row was found in scope above, in this transaction.
    markRevoked(tx, scope.accountId, keyId, now);
    writeAudit(tx, { accountId: scope.accountId, action: 'key.revoked', targetKeyId: keyId, createdAt: now, ...meta });
    return { ok: true };
  }, WRITE);
}

/**
 * The one way a key is revoked, by hand, by offboarding or by a leak report: a live key of the account stops working
 * now, and so does the old secret of a rotation still in its grace window. Returns whether the key was live. The
 * caller runs it inside the transaction that checked it may, and writes the audit row.
 */
export function markRevoked(tx: DbOrTx, accountId: string, keyId: string, now: number): boolean {
  return (
    tx
      .update(apiKeys)
      .set({ revokedAt: now, previousSecretHash: null, previousSecretExpiresAt: null })
      .where(and(eq(apiKeys.id, keyId), eq(apiKeys.accountId, accountId), isNull(apiKeys.revokedAt)))
      .run().changes > 0
  );
}

/**
 * Revokes every live key a service account or project owns, before that owner is deleted: each key is decided on its
 * row first (one refused key refuses them all and changes nothing), then revoked with its own audit row, whose
 * detail names what was deleted. The caller runs it inside the deleting transaction. Returns how many it revoked.
 */
export function revokeOwnedKeys(
  tx: DbOrTx,
  actor: Actor,
  owner: { serviceAccountId: string } | { projectId: string },
  decideKey: Decide,
  detail: Record<string, unknown>,
  now: number,
  meta: RequestMeta,
): { ok: true; revoked: number } | { ok: false; reason: Refusal } {
  const ownedBy =
    'projectId' in owner
      ? eq(apiKeys.projectId, owner.projectId)
      : eq(apiKeys.serviceAccountId, owner.serviceAccountId);
  const live = tx
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.accountId, actor.accountId), ownedBy, isNull(apiKeys.revokedAt)))
    .all();
  for (const key of live) {
    const decision = decideKey(keyTarget(key), actor);
    if (!decision.allowed) return { ok: false, reason: decision.reason };
  }
  for (const key of live) {
    markRevoked(tx, actor.accountId, key.id, now);
    writeAudit(tx, {
      accountId: actor.accountId,
      action: 'key.revoked',
      targetKeyId: key.id,
      detail: { name: key.name, ...detail },
      createdAt: now,
      ...meta,
    });
  }
  return { ok: true, revoked: live.length };
}

/** Disables (or enables again) a key: refused like a revoked key while disabled, but reversible. */
export function setKeyDisabled(
  db: Db,
  actor: Actor,
  scope: KeyScope,
  keyId: string,
  disabled: boolean,
  decide: Decide,
  now: number,
  meta: RequestMeta,
): KeyChangeResult {
  return db.transaction((tx): KeyChangeResult => {
    const current = currentActor(tx, actor, now);
    if (!current) return ACTOR_GONE;
    const key = keyRowInScope(tx, scope, keyId);
    if (!key) return { ok: false, reason: 'not_found' };
    const decision = decide(keyTarget(key), current);
    if (!decision.allowed) return { ok: false, reason: decision.reason };
    if (key.revokedAt !== null) return { ok: false, reason: 'revoked' };
    if ((key.disabledAt !== null) === disabled) return { ok: false, reason: 'unchanged' };
    tx.update(apiKeys)
      .set({ disabledAt: disabled ? now : null })
      .where(scoped(scope, keyId))
      .run();
    writeAudit(tx, {
      accountId: scope.accountId,
      action: disabled ? 'key.disabled' : 'key.enabled',
      targetKeyId: keyId,
      createdAt: now,
      ...meta,
    });
    return { ok: true };
  }, WRITE);
}

/**
 * Replaces a key's secret. Expiry, name, key id and permissions stay; the old secret keeps working until the chosen
 * grace ends, never past the key's effective expiry under the cap read in this transaction. `newHash` is computed by
 * the caller, before the transaction.
 */
export function regenerateKey(
  db: Db,
  actor: Actor,
  scope: KeyScope,
  keyId: string,
  newHash: Buffer,
  grace: GraceChoice,
  decide: Decide,
  now: number,
  meta: RequestMeta,
): KeyChangeResult<{ previousSecretExpiresAt: number | null }> {
  return db.transaction((tx): KeyChangeResult<{ previousSecretExpiresAt: number | null }> => {
    const current = currentActor(tx, actor, now);
    if (!current) return ACTOR_GONE;
    const key = keyRowInScope(tx, scope, keyId);
    if (!key) return { ok: false, reason: 'not_found' };
    const decision = decide(keyTarget(key), current);
    if (!decision.allowed) return { ok: false, reason: decision.reason };
    if (key.revokedAt !== null) return { ok: false, reason: 'revoked' };
    const capDays = capOf(tx, scope.accountId);
    if (!isKeyLive(key, capDays, now)) return { ok: false, reason: 'expired' };
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
    return { ok: true, previousSecretExpiresAt: until };
  }, WRITE);
}
