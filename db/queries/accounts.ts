import 'server-only';
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Db } from '..';
import { accounts, invitations } from '../schema';
import type { RequestMeta } from '../../lib/types';
import { writeAudit } from './audit';

export function accountById(db: Db, accountId: string) {
  return db.select().from(accounts).where(eq(accounts.id, accountId)).get() ?? null;
}

export function setMaxKeyLifetime(db: Db, accountId: string, days: number | null, now: number, meta: RequestMeta) {
  db.transaction((tx) => {
    const before = tx
      .select({ days: accounts.maxKeyLifetimeDays })
      .from(accounts)
      .where(eq(accounts.id, accountId))
      .get();
    tx.update(accounts).set({ maxKeyLifetimeDays: days }).where(eq(accounts.id, accountId)).run();
    writeAudit(tx, {
      accountId,
      action: 'account.max_key_lifetime_changed',
      detail: { from: before?.days ?? null, to: days },
      createdAt: now,
      ...meta,
    });
  });
}

export function insertInvitation(
  db: Db,
  invitation: { id: string; accountId: string; tokenHash: Buffer; role: 'admin' | 'member'; createdBy: string; createdAt: number; expiresAt: number },
  meta: RequestMeta,
) {
  db.transaction((tx) => {
    tx.insert(invitations).values(invitation).run();
    writeAudit(tx, {
      accountId: invitation.accountId,
      action: 'invitation.created',
      detail: { invitationId: invitation.id, role: invitation.role, expiresAt: invitation.expiresAt },
      createdAt: invitation.createdAt,
      ...meta,
    });
  });
}

export function revokeInvitation(db: Db, accountId: string, invitationId: string, now: number, meta: RequestMeta): boolean {
  return db.transaction((tx) => {
    const changed = tx
      .update(invitations)
      .set({ revokedAt: now })
      .where(and(eq(invitations.id, invitationId), eq(invitations.accountId, accountId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
      .run().changes;
    if (changed) writeAudit(tx, { accountId, action: 'invitation.revoked', detail: { invitationId }, createdAt: now, ...meta });
    return changed > 0;
  });
}

export function pendingInvitations(db: Db, accountId: string, now: number) {
  return db
    .select({ id: invitations.id, role: invitations.role, createdAt: invitations.createdAt, expiresAt: invitations.expiresAt })
    .from(invitations)
    .where(and(eq(invitations.accountId, accountId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, now)))
    .all();
}

/** An invitation that can still be accepted, by the hash of its token. */
export function openInvitation(db: Db, tokenHash: Buffer, now: number) {
  return (
    db
      .select({ id: invitations.id, accountId: invitations.accountId, role: invitations.role, accountName: accounts.name })
      .from(invitations)
      .innerJoin(accounts, eq(accounts.id, invitations.accountId))
      .where(and(eq(invitations.tokenHash, tokenHash), isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, now)))
      .get() ?? null
  );
}

export function setMaxOrganizationKeys(db: Db, accountId: string, limit: number, now: number, meta: RequestMeta) {
  db.transaction((tx) => {
    tx.update(accounts).set({ maxOrganizationKeys: limit }).where(eq(accounts.id, accountId)).run();
    writeAudit(tx, { accountId, action: 'account.max_organization_keys_changed', detail: { to: limit }, createdAt: now, ...meta });
  });
}
