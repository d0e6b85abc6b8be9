import 'server-only';
import { and, eq, gt, isNull } from 'drizzle-orm';
import { WRITE, type Db, type DbOrTx } from '..';
import { accounts, invitations, users } from '../schema';
import type { Decision } from '../../lib/policy/access';
import type { RequestMeta, Role } from '../../lib/types';
import { writeAudit } from './audit';
import { liveKeyTimesForAccount } from './keys';
import type { CreateInvitationResult, KeyLifetimeResult, NewInvitation } from '../store';

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
  accountId: string,
  days: number | null,
  proceed: (current: number | null) => boolean,
  now: number,
  meta: RequestMeta,
): KeyLifetimeResult {
  return db.transaction((tx): KeyLifetimeResult => {
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
 * Creates an invitation, as `decide` (the access policy, on the creator's role as read here) allows: an invitation
 * grants a role, so whether its creator may grant it is decided on the same row acceptance will read again.
 */
export function createInvitation(
  db: Db,
  invitation: NewInvitation,
  decide: (creator: { role: Role }) => Decision,
  meta: RequestMeta,
): CreateInvitationResult {
  return db.transaction((tx): CreateInvitationResult => {
    const creator = tx
      .select({ role: users.role })
      .from(users)
      .where(and(eq(users.id, invitation.createdBy), eq(users.accountId, invitation.accountId)))
      .get();
    if (!creator) return { ok: false, reason: 'forbidden' };
    const decision = decide(creator);
    if (!decision.allowed) return { ok: false, reason: decision.reason };
    tx.insert(invitations).values(invitation).run();
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
  accountId: string,
  invitationId: string,
  now: number,
  meta: RequestMeta,
): boolean {
  return db.transaction((tx) => {
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
    return changed > 0;
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

export function setMaxOrganizationKeys(db: Db, accountId: string, limit: number, now: number, meta: RequestMeta) {
  db.transaction((tx) => {
    tx.update(accounts).set({ maxOrganizationKeys: limit }).where(eq(accounts.id, accountId)).run();
    writeAudit(tx, {
      accountId,
      action: 'account.max_organization_keys_changed',
      detail: { to: limit },
      createdAt: now,
      ...meta,
    });
  }, WRITE);
}
