import 'server-only';
import { and, eq, gt, isNull } from 'drizzle-orm';
import { WRITE, type Db, type DbOrTx } from '..';
import { accounts, invitations } from '../schema';
import type { Actor } from '../../lib/policy/access';
import type { RequestMeta } from '../../lib/types';
import { decideOnCurrentActor } from './actors';
import { writeAudit } from './audit';
import { liveKeyTimesForAccount } from './keys';
import type { CreateInvitationResult, DecideActor, KeyLifetimeResult, NewInvitation, Refused } from '../store';

export function accountById(db: DbOrTx, accountId: string) {
  return db.select().from(accounts).where(eq(accounts.id, accountId)).get() ?? null;
}

/**
 * Sets the account's maximum key lifetime, if `proceed` (pure) agrees given the cap as read here; otherwise returns
 * the cap and the live keys the caller's preview needs, changing nothing. Read and written in one transaction, so the
 * preview the change was confirmed on and the cap it replaces are the same.
 */
export function setMaxKeyLifetime(
  db: Db,
  actor: Actor,
  days: number | null,
  decide: DecideActor,
  proceed: (current: number | null) => boolean,
  now: number,
  meta: RequestMeta,
): KeyLifetimeResult {
  const { accountId } = actor;
  return db.transaction((tx): KeyLifetimeResult => {
    const decided = decideOnCurrentActor(tx, actor, now, decide);
    if (!decided.ok) return decided;
    const before = tx
      .select({ days: accounts.maxKeyLifetimeDays })
      .from(accounts)
      .where(eq(accounts.id, accountId))
      .get();
    if (!before) return { ok: false, reason: 'not_found' };
    if (!proceed(before.days))
      return { ok: true, saved: false, current: before.days, liveKeys: liveKeyTimesForAccount(tx, accountId) };
    tx.update(accounts).set({ maxKeyLifetimeDays: days }).where(eq(accounts.id, accountId)).run();
    writeAudit(tx, {
      accountId,
      action: 'account.max_key_lifetime_changed',
      detail: { from: before.days, to: days },
      createdAt: now,
      ...meta,
    });
    return { ok: true, saved: true };
  }, WRITE);
}

/**
 * Creates an invitation by the actor, as `decide` (the access policy, on the actor as read here) allows: an invitation
 * grants a role, so whether its creator may grant it is decided on the same row acceptance will read again.
 */
export function createInvitation(
  db: Db,
  actor: Actor,
  invitation: NewInvitation,
  decide: DecideActor,
  meta: RequestMeta,
): CreateInvitationResult {
  return db.transaction((tx): CreateInvitationResult => {
    const decided = decideOnCurrentActor(tx, actor, invitation.createdAt, decide);
    if (!decided.ok) return decided;
    // Only a person creates invitations; the row names them and the actor's account, whatever the caller passed.
    if (decided.actor.type !== 'user') return { ok: false, reason: 'forbidden' };
    tx.insert(invitations)
      .values({ ...invitation, accountId: actor.accountId, createdBy: decided.actor.userId })
      .run();
    writeAudit(tx, {
      accountId: invitation.accountId,
      action: 'invitation.created',
      detail: { invitationId: invitation.id, role: invitation.role, expiresAt: invitation.expiresAt },
      createdAt: invitation.createdAt,
      ...meta,
    });
    return { ok: true };
  }, WRITE);
}

/** Revokes a pending invitation of the account; false when there is none by that id (used, revoked, another's). */
export function revokeInvitation(
  db: Db,
  actor: Actor,
  invitationId: string,
  decide: DecideActor,
  now: number,
  meta: RequestMeta,
): { ok: true } | Refused {
  const { accountId } = actor;
  return db.transaction((tx): { ok: true } | Refused => {
    const decided = decideOnCurrentActor(tx, actor, now, decide);
    if (!decided.ok) return decided;
    const changed = tx
      .update(invitations)
      .set({ revokedAt: now })
      .where(
        and(
          eq(invitations.id, invitationId),
          eq(invitations.accountId, accountId),
          isNull(invitations.acceptedAt),
          isNull(invitations.revokedAt),
        ),
      )
      .run().changes;
    if (changed)
      writeAudit(tx, { accountId, action: 'invitation.revoked', detail: { invitationId }, createdAt: now, ...meta });
    return changed > 0 ? { ok: true } : { ok: false, reason: 'not_found' };
  }, WRITE);
}

export function pendingInvitations(db: DbOrTx, accountId: string, now: number) {
  return db
    .select({
      id: invitations.id,
      role: invitations.role,
      createdAt: invitations.createdAt,
      expiresAt: invitations.expiresAt,
    })
    .from(invitations)
    .where(
      and(
        eq(invitations.accountId, accountId),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, now),
      ),
    )
    .all();
}

/** An invitation that can still be accepted, by the hash of its token. */
export function openInvitation(db: Db, tokenHash: Buffer, now: number) {
  return (
    db
      .select({
        id: invitations.id,
        accountId: invitations.accountId,
        role: invitations.role,
        accountName: accounts.name,
      })
      .from(invitations)
      .innerJoin(accounts, eq(accounts.id, invitations.accountId))
      .where(
        and(
          eq(invitations.tokenHash, tokenHash),
          isNull(invitations.acceptedAt),
          isNull(invitations.revokedAt),
          gt(invitations.expiresAt, now),
        ),
      )
      .get() ?? null
  );
}

export function setMaxOrganizationKeys(
  db: Db,
  actor: Actor,
  limit: number,
  decide: DecideActor,
  now: number,
  meta: RequestMeta,
): { ok: true } | Refused {
  const { accountId } = actor;
  return db.transaction((tx): { ok: true } | Refused => {
    const decided = decideOnCurrentActor(tx, actor, now, decide);
    if (!decided.ok) return decided;
    tx.update(accounts).set({ maxOrganizationKeys: limit }).where(eq(accounts.id, accountId)).run();
    writeAudit(tx, {
      accountId,
      action: 'account.max_organization_keys_changed',
      detail: { to: limit },
      createdAt: now,
      ...meta,
    });
    return { ok: true } as const;
  }, WRITE);
}

/** Renames the account, with its audit row (the old and new name), if `decide` allows the actor as it is now. */
export function renameAccount(
  db: Db,
  actor: Actor,
  name: string,
  decide: DecideActor,
  now: number,
  meta: RequestMeta,
): { ok: true; changed: boolean } | Refused {
  const { accountId } = actor;
  return db.transaction((tx): { ok: true; changed: boolean } | Refused => {
    const decided = decideOnCurrentActor(tx, actor, now, decide);
    if (!decided.ok) return decided;
    const current = tx.select({ name: accounts.name }).from(accounts).where(eq(accounts.id, accountId)).get();
    if (!current) return { ok: false, reason: 'not_found' };
    // Saving the same name changes nothing and writes no audit row, so the form says nothing changed.
    if (current.name === name) return { ok: true, changed: false };
    tx.update(accounts).set({ name }).where(eq(accounts.id, accountId)).run();
    writeAudit(tx, {
      accountId,
      action: 'account.renamed',
      detail: { from: current.name, to: name },
      createdAt: now,
      ...meta,
    });
    return { ok: true, changed: true };
  }, WRITE);
}
