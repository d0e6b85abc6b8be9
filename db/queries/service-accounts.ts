import 'server-only';
import { and, asc, eq } from 'drizzle-orm';
import { WRITE, type Db, type DbOrTx } from '..';
import { serviceAccounts } from '../schema';
import { writeAudit } from './audit';
import type { RequestMeta } from '../../lib/types';
import type {
  Decide,
  DecideActor,
  DeleteWithKeysResult,
  NewServiceAccount,
  Refused,
  RenameResult,
  ServiceAccountDto,
} from '../store';
import type { Actor } from '../../lib/policy/access';
import { decideOnCurrentActor } from './actors';
import { revokeOwnedKeys } from './keys';

export function serviceAccountsOf(db: DbOrTx, accountId: string) {
  return db
    .select()
    .from(serviceAccounts)
    .where(eq(serviceAccounts.accountId, accountId))
    .orderBy(asc(serviceAccounts.name))
    .all();
}

export function serviceAccountById(db: DbOrTx, accountId: string, id: string): ServiceAccountDto | null {
  return (
    db
      .select()
      .from(serviceAccounts)
      .where(and(eq(serviceAccounts.id, id), eq(serviceAccounts.accountId, accountId)))
      .get() ?? null
  );
}

/** Whether another service account of the account already has this name (names identify them on every page). */
function nameTaken(tx: DbOrTx, accountId: string, name: string, except?: string): boolean {
  return tx
    .select({ id: serviceAccounts.id })
    .from(serviceAccounts)
    .where(and(eq(serviceAccounts.accountId, accountId), eq(serviceAccounts.name, name)))
    .all()
    .some((row) => row.id !== except);
}

/** Creates a service account in the actor's account, as `decide` allows on the actor as read in the transaction. */
export function insertServiceAccount(
  db: Db,
  actor: Actor,
  row: NewServiceAccount,
  decide: DecideActor,
  meta: RequestMeta,
): { ok: true } | Refused | { ok: false; reason: 'name_taken' } {
  return db.transaction((tx): { ok: true } | Refused | { ok: false; reason: 'name_taken' } => {
    const decided = decideOnCurrentActor(tx, actor, row.createdAt, decide);
    if (!decided.ok) return decided;
    // Checked in the write transaction (BEGIN IMMEDIATE): two creations with one name cannot both pass.
    if (nameTaken(tx, actor.accountId, row.name)) return { ok: false, reason: 'name_taken' };
    tx.insert(serviceAccounts)
      .values({ ...row, accountId: actor.accountId })
      .run();
    writeAudit(tx, {
      accountId: actor.accountId,
      action: 'service_account.created',
      detail: { serviceAccountId: row.id, name: row.name, role: row.role },
      createdAt: row.createdAt,
      ...meta,
    });
    return { ok: true } as const;
  }, WRITE);
}

export function renameServiceAccount(
  db: Db,
  actor: Actor,
  id: string,
  name: string,
  decide: DecideActor,
  now: number,
  meta: RequestMeta,
): RenameResult {
  return db.transaction((tx): RenameResult => {
    const decided = decideOnCurrentActor(tx, actor, now, decide);
    if (!decided.ok) return decided;
    const current = serviceAccountById(tx, actor.accountId, id);
    if (!current) return { ok: false, reason: 'not_found' };
    if (current.name === name) return { ok: true };
    if (nameTaken(tx, actor.accountId, name, id)) return { ok: false, reason: 'name_taken' };
    tx.update(serviceAccounts)
      .set({ name })
      .where(and(eq(serviceAccounts.id, id), eq(serviceAccounts.accountId, actor.accountId)))
      .run();
    writeAudit(tx, {
      accountId: actor.accountId,
      action: 'service_account.renamed',
      detail: { serviceAccountId: id, name, from: current.name, to: name },
      createdAt: now,
      ...meta,
    });
    return { ok: true };
  }, WRITE);
}

/**
 * Deletes a service account of the actor's account: its live keys are revoked first (each decided by `decideKey` on
 * the row, each with its audit row), then the service account and, by the foreign key, its keys' rows go.
 */
export function deleteServiceAccount(
  db: Db,
  actor: Actor,
  id: string,
  decide: DecideActor,
  decideKey: Decide,
  now: number,
  meta: RequestMeta,
): DeleteWithKeysResult {
  return db.transaction((tx): DeleteWithKeysResult => {
    const decided = decideOnCurrentActor(tx, actor, now, decide);
    if (!decided.ok) return decided;
    const current = serviceAccountById(tx, actor.accountId, id);
    if (!current) return { ok: false, reason: 'not_found' };
    const revoked = revokeOwnedKeys(
      tx,
      decided.actor,
      { serviceAccountId: id },
      decideKey,
      { serviceAccountDeleted: current.name },
      now,
      meta,
    );
    if (!revoked.ok) return revoked;
    tx.delete(serviceAccounts)
      .where(and(eq(serviceAccounts.id, id), eq(serviceAccounts.accountId, actor.accountId)))
      .run();
    writeAudit(tx, {
      accountId: actor.accountId,
      action: 'service_account.deleted',
      detail: { serviceAccountId: id, name: current.name, revoked: revoked.revoked },
      createdAt: now,
      ...meta,
    });
    return { ok: true, revoked: revoked.revoked };
  }, WRITE);
}
