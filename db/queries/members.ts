import 'server-only';
import { and, count, eq, gt, isNotNull, isNull, max, sql } from 'drizzle-orm';
import { WRITE, type Db, type DbOrTx } from '..';
import { apiKeys, invitations, serviceAccounts, users, type Role } from '../schema';
import { writeAudit } from './audit';
import { mayGrantByInvitation, type Actor, type Decision, type KeyTarget } from '../../lib/policy/access';
import type { RequestMeta } from '../../lib/types';
import type { DecideMember, LiveKeyOfMember, MemberChangeResult, MemberDto, Offboarding } from '../store';
import { keyTarget, markRevoked } from './keys';
import { ACTOR_GONE, currentActor } from './actors';

export function membersOf(db: DbOrTx, accountId: string): MemberDto[] {
  return db
    .select({
      id: users.id,
      email: users.email,
      role: users.role,
      joinedAt: users.createdAt,
      liveKeys: sql<number>`count(${apiKeys.id}) FILTER (WHERE ${apiKeys.revokedAt} IS NULL)`,
      lastKeyUseAt: max(apiKeys.lastUsedAt),
    })
    .from(users)
    .leftJoin(apiKeys, and(eq(apiKeys.userId, users.id), eq(apiKeys.accountId, accountId)))
    .where(eq(users.accountId, accountId))
    .groupBy(users.id)
    .orderBy(users.createdAt)
    .all();
}

/** The keys of every member of the account that still work or could again (not revoked), by user id, for the
 * offboarding dialogs: one statement for the whole Members page. */
export function liveKeysOfMembers(db: DbOrTx, accountId: string): Map<string, LiveKeyOfMember[]> {
  const rows = db
    .select({ userId: apiKeys.userId, id: apiKeys.id, name: apiKeys.name, lastUsedAt: apiKeys.lastUsedAt })
    .from(apiKeys)
    .where(and(eq(apiKeys.accountId, accountId), isNotNull(apiKeys.userId), isNull(apiKeys.revokedAt)))
    .orderBy(apiKeys.createdAt)
    .all();
  const byMember = new Map<string, LiveKeyOfMember[]>();
  for (const { userId, ...key } of rows) {
    if (userId === null) continue;
    const list = byMember.get(userId);
    if (list) list.push(key);
    else byMember.set(userId, [key]);
  }
  return byMember;
}

function ownerCount(tx: Pick<Db, 'select'>, accountId: string): number {
  return tx
    .select({ n: count() })
    .from(users)
    .where(and(eq(users.accountId, accountId), eq(users.role, 'owner')))
    .get()!.n;
}

/**
 * Changes a member's role in the actor's account, as `decide` (the access policy, on the member and the actor as read
 * here) allows; the last owner cannot
 * be demoted. Checked in the transaction that writes, so two concurrent demotions cannot leave an account without an
 * owner. A demotion also revokes the member's pending invitations for roles they may no longer grant, with an audit
 * row for each.
 */
export function changeRole(
  db: Db,
  actor: Actor,
  targetUserId: string,
  role: Role,
  decide: DecideMember,
  now: number,
  meta: RequestMeta,
): MemberChangeResult {
  const { accountId } = actor;
  return db.transaction((tx): MemberChangeResult => {
    const current = currentActor(tx, actor, now);
    if (!current) return ACTOR_GONE;
    const target = tx
      .select()
      .from(users)
      .where(and(eq(users.id, targetUserId), eq(users.accountId, accountId)))
      .get();
    if (!target) return { ok: false, reason: 'not_found' } as const;
    const decision = decide({ accountId, userId: target.id, role: target.role }, current);
    if (!decision.allowed) return { ok: false, reason: decision.reason };
    if (target.role === role) return { ok: true, changed: false } as const;
    if (target.role === 'owner' && ownerCount(tx, accountId) <= 1) return { ok: false, reason: 'last_owner' } as const;
    tx.update(users)
      .set({ role })
      .where(and(eq(users.id, targetUserId), eq(users.accountId, accountId)))
      .run();
    writeAudit(tx, {
      accountId,
      action: 'member.role_changed',
      detail: { userId: targetUserId, email: target.email, from: target.role, to: role },
      createdAt: now,
      ...meta,
    });
    // Their pending invitations may not grant more than they now may (acceptInvitation checks again when used).
    const pending = tx
      .select({ id: invitations.id, role: invitations.role })
      .from(invitations)
      .where(
        and(
          eq(invitations.accountId, accountId),
          eq(invitations.createdBy, targetUserId),
          isNull(invitations.acceptedAt),
          isNull(invitations.revokedAt),
          gt(invitations.expiresAt, now),
        ),
      )
      .all();
    for (const invitation of pending.filter((i) => !mayGrantByInvitation(role, i.role))) {
      tx.update(invitations)
        .set({ revokedAt: now })
        .where(and(eq(invitations.id, invitation.id), eq(invitations.accountId, accountId)))
        .run();
      writeAudit(tx, {
        accountId,
        action: 'invitation.revoked',
        detail: {
          invitationId: invitation.id,
          role: invitation.role,
          reason: 'creator_demoted',
          creatorEmail: target.email,
          creatorRole: role,
        },
        createdAt: now,
        ...meta,
      });
    }
    return { ok: true, changed: true } as const;
  }, WRITE);
}

/**
 * Removes a member, as `decide` allows. Their live keys are first revoked, or moved to a service account so that the
 * secrets keep working (each as `decideKey` allows); then the user (and with it their sessions and revoked keys) is
 * deleted, so nothing stays owned by them. Every check comes before the first write.
 */
export function removeMember(
  db: Db,
  actor: Actor,
  targetUserId: string,
  plan: Offboarding,
  decide: DecideMember,
  decideKey: (op: 'revoke' | 'move', key: KeyTarget, actor: Actor) => Decision,
  now: number,
  meta: RequestMeta,
): MemberChangeResult & { moved?: number; revoked?: number } {
  const { accountId } = actor;
  return db.transaction((tx): MemberChangeResult & { moved?: number; revoked?: number } => {
    const current = currentActor(tx, actor, now);
    if (!current) return ACTOR_GONE;
    const target = tx
      .select()
      .from(users)
      .where(and(eq(users.id, targetUserId), eq(users.accountId, accountId)))
      .get();
    if (!target) return { ok: false, reason: 'not_found' } as const;
    const decision = decide({ accountId, userId: target.id, role: target.role }, current);
    if (!decision.allowed) return { ok: false, reason: decision.reason };
    if (target.role === 'owner' && ownerCount(tx, accountId) <= 1) return { ok: false, reason: 'last_owner' } as const;

    const live = tx
      .select()
      .from(apiKeys)
      .where(and(eq(apiKeys.accountId, accountId), eq(apiKeys.userId, targetUserId), isNull(apiKeys.revokedAt)))
      .all();
    for (const key of live) {
      const keyDecision = decideKey(plan.keys === 'revoke' ? 'revoke' : 'move', keyTarget(key), current);
      if (!keyDecision.allowed) return { ok: false, reason: keyDecision.reason };
    }
    if (plan.keys === 'move') {
      const exists = tx
        .select({ id: serviceAccounts.id })
        .from(serviceAccounts)
        .where(and(eq(serviceAccounts.id, plan.serviceAccountId), eq(serviceAccounts.accountId, accountId)))
        .get();
      if (!exists) return { ok: false, reason: 'unknown_service_account' } as const;
    }
    let serviceAccountId: string | null = null;
    if (plan.keys === 'move-new') {
      serviceAccountId = plan.newServiceAccountId;
      tx.insert(serviceAccounts)
        .values({
          id: serviceAccountId,
          accountId,
          name: `${target.email} (former member)`,
          description: `Keys moved from ${target.email} when they were removed.`,
          role: 'member',
          createdAt: now,
        })
        .run();
      writeAudit(tx, {
        accountId,
        action: 'service_account.created',
        detail: { serviceAccountId, name: `${target.email} (former member)`, role: 'member' },
        createdAt: now,
        ...meta,
      });
    } else if (plan.keys === 'move') {
      serviceAccountId = plan.serviceAccountId;
    }

    for (const key of live) {
      const where = and(eq(apiKeys.id, key.id), eq(apiKeys.accountId, accountId));
      if (serviceAccountId) {
        tx.update(apiKeys).set({ kind: 'service', userId: null, serviceAccountId }).where(where).run();
      } else {
        markRevoked(tx, accountId, key.id, now);
      }
      writeAudit(tx, {
        accountId,
        action: serviceAccountId ? 'key.moved' : 'key.revoked',
        targetKeyId: key.id,
        detail: serviceAccountId
          ? { fromUserId: targetUserId, fromEmail: target.email, toServiceAccountId: serviceAccountId }
          : { offboarding: target.email },
        createdAt: now,
        ...meta,
      });
    }
    tx.delete(users)
      .where(and(eq(users.id, targetUserId), eq(users.accountId, accountId)))
      .run();
    writeAudit(tx, {
      accountId,
      action: 'member.removed',
      detail: {
        userId: targetUserId,
        email: target.email,
        role: target.role,
        keys: plan.keys === 'revoke' ? 'revoked' : 'moved',
        count: live.length,
        serviceAccountId,
      },
      createdAt: now,
      ...meta,
    });
    return serviceAccountId
      ? ({ ok: true, moved: live.length } as const)
      : ({ ok: true, revoked: live.length } as const);
  }, WRITE);
}
