import 'server-only';
import { and, eq, gt, isNull } from 'drizzle-orm';
import { WRITE, type Db, type DbOrTx } from '..';
import { accounts, invitations, users } from '../schema';
import { mayGrantByInvitation } from '../../lib/policy/access';
import { writeAudit } from './audit';
import type { SignUpResult } from '../store';

export function userByEmail(db: DbOrTx, email: string) {
  return db.select().from(users).where(eq(users.email, email)).get() ?? null;
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/** Sign-up: a new account whose first user is its owner, in one transaction. */
export function createAccountWithOwner(
  db: Db,
  input: { accountId: string; accountName: string; userId: string; email: string; passwordHash: string; now: number },
): SignUpResult {
  try {
    db.transaction((tx) => {
      tx.insert(accounts).values({ id: input.accountId, name: input.accountName, createdAt: input.now }).run();
      tx.insert(users)
        .values({
          id: input.userId,
          accountId: input.accountId,
          email: input.email,
          passwordHash: input.passwordHash,
          role: 'owner',
          createdAt: input.now,
        })
        .run();
      writeAudit(tx, {
        accountId: input.accountId,
        action: 'account.created',
        actorUserId: input.userId,
        actorLabel: input.email,
        createdAt: input.now,
      });
    });
    return { ok: true };
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, reason: 'email_taken' };
    throw error;
  }
}

/**
 * Accepting an invitation: claims it (once) and creates the user in the inviting account with its role. Whether the
 * role may still be granted is decided here, in the same transaction, from the creator's role now: an invitation
 * never grants more than its creator may grant at the moment it is accepted. One that may not is revoked, with an
 * audit row saying why, and creates nobody.
 */
export function acceptInvitation(
  db: Db,
  input: {
    tokenHash: Buffer;
    userId: string;
    email: string;
    passwordHash: string;
    now: number;
    meta?: { ip: string | null; userAgent: string | null };
  },
): SignUpResult {
  try {
    return db.transaction((tx) => {
      const found = tx
        .select({ invitation: invitations, creator: { email: users.email, role: users.role } })
        .from(invitations)
        .leftJoin(users, and(eq(users.id, invitations.createdBy), eq(users.accountId, invitations.accountId)))
        .where(
          and(
            eq(invitations.tokenHash, input.tokenHash),
            isNull(invitations.acceptedAt),
            isNull(invitations.revokedAt),
            gt(invitations.expiresAt, input.now),
          ),
        )
        .get();
      if (!found) return { ok: false, reason: 'invitation_invalid' } as const;
      const { invitation, creator } = found;
      if (!mayGrantByInvitation(creator?.role, invitation.role)) {
        tx.update(invitations).set({ revokedAt: input.now }).where(eq(invitations.id, invitation.id)).run();
        writeAudit(tx, {
          accountId: invitation.accountId,
          action: 'invitation.revoked',
          detail: {
            invitationId: invitation.id,
            role: invitation.role,
            reason: 'creator_cannot_grant',
            creatorEmail: creator?.email ?? null,
            creatorRole: creator?.role ?? null,
          },
          ip: input.meta?.ip ?? null,
          userAgent: input.meta?.userAgent ?? null,
          createdAt: input.now,
        });
        return { ok: false, reason: 'invitation_not_grantable' } as const;
      }
      tx.insert(users)
        .values({
          id: input.userId,
          accountId: invitation.accountId,
          email: input.email,
          passwordHash: input.passwordHash,
          role: invitation.role,
          createdAt: input.now,
        })
        .run();
      const claimed = tx
        .update(invitations)
        .set({ acceptedAt: input.now, acceptedBy: input.userId })
        .where(and(eq(invitations.id, invitation.id), isNull(invitations.acceptedAt)))
        .run().changes;
      // Unreachable while one process serves the app, but the invitation must never be used twice.
      if (claimed !== 1) throw new Error('invitation already claimed');
      writeAudit(tx, {
        accountId: invitation.accountId,
        action: 'invitation.accepted',
        actorUserId: input.userId,
        actorLabel: input.email,
        detail: { invitationId: invitation.id, role: invitation.role },
        createdAt: input.now,
      });
      return { ok: true } as const;
    }, WRITE);
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, reason: 'email_taken' };
    throw error;
  }
}
