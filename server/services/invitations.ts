import { randomUUID } from 'node:crypto';
import {
  gate,
  mayGrantByInvitation,
  type Actor,
  type Decision,
  type InvitableRole,
  type Refusal,
} from '../../lib/policy/access';
import { generateInvitationToken, INVITATION_TTL_MS } from '../../lib/keys/invitation';
import { hashSecret } from '../../lib/keys/token';
import { gatedSignUp, type SignUpOutcome } from './sign-up';
import type { SignUpResult, Store } from '@/db/store';
import type { ServiceContext } from './context';

// Invitations: create, revoke, accept. Each is one store transaction with its audit row; the token is generated and
// hashed here, before it, and leaves only in the result of the operation that made it.

const FORBIDDEN = { ok: false, reason: 'forbidden' } as const;

/** The policy on an invitation's creator as read inside the transaction: the gate for their current role (and
 * session), and whether that role may grant the invitation's (the table acceptance asks again). */
function decideCreator(actor: Actor, role: InvitableRole): Decision {
  const decision = gate(actor, 'invitation.create');
  if (!decision.allowed || (actor.type === 'user' && mayGrantByInvitation(actor.role, role))) return decision;
  return { allowed: false, reason: 'forbidden', sudo: decision.sudo };
}

export type CreateInvitationOutcome =
  | { ok: true; token: string; invitationId: string; role: InvitableRole; expiresAt: number }
  | { ok: false; reason: Refusal };

/** A one-time invitation into the actor's account with `role`, valid for 7 days; the token is returned once. */
export async function createInvitation(
  ctx: ServiceContext,
  { role }: { role: InvitableRole },
): Promise<CreateInvitationOutcome> {
  const { actor } = ctx;
  const decision = gate(actor, 'invitation.create');
  if (!decision.allowed) return { ok: false, reason: decision.reason };
  if (actor.type !== 'user') return FORBIDDEN;
  const token = generateInvitationToken();
  const invitation = {
    id: randomUUID(),
    accountId: actor.accountId,
    tokenHash: hashSecret(token),
    role,
    createdBy: actor.userId,
    createdAt: ctx.now,
    expiresAt: ctx.now + INVITATION_TTL_MS,
  };
  const result = await ctx.store.createInvitation(
    actor,
    invitation,
    (current) => decideCreator(current, role),
    ctx.meta,
  );
  if (!result.ok) return result;
  return { ok: true, token, invitationId: invitation.id, role, expiresAt: invitation.expiresAt };
}

export type RevokeInvitationOutcome = { ok: true } | { ok: false; reason: Refusal };

/** Revokes a pending invitation of the actor's account; 'not_found' when there is none by that id. */
export async function revokeInvitation(ctx: ServiceContext, invitationId: string): Promise<RevokeInvitationOutcome> {
  const decision = gate(ctx.actor, 'invitation.revoke');
  if (!decision.allowed) return { ok: false, reason: decision.reason };
  return ctx.store.revokeInvitation(
    ctx.actor,
    invitationId,
    (actor) => gate(actor, 'invitation.revoke'),
    ctx.now,
    ctx.meta,
  );
}

/**
 * A visitor accepts an invitation: whoever holds the link may, once, while it is open and its creator may still grant
 * its role (decided in the store's transaction, which revokes it otherwise). `passwordHash` is computed before.
 */
export async function acceptInvitation(
  ctx: { store: Store; now: number; meta: { ip: string | null; userAgent: string | null } },
  input: { token: string; email: string; passwordHash: string },
): Promise<SignUpResult> {
  return ctx.store.acceptInvitation({
    tokenHash: hashSecret(input.token),
    userId: randomUUID(),
    email: input.email,
    passwordHash: input.passwordHash,
    now: ctx.now,
    meta: ctx.meta,
  });
}

/**
 * Sign-up through an invitation link: counted per client address and hashed like sign-up (gatedSignUp), then the
 * invitation claimed with its user (acceptInvitation).
 */
export function signUpByInvitation(
  ctx: { store: Store; now: number; meta: { ip: string | null; userAgent: string | null } },
  limit: number,
  input: { token: string; email: string; password: string },
): Promise<SignUpOutcome> {
  return gatedSignUp(limit, ctx, input.password, (passwordHash) =>
    acceptInvitation(ctx, { token: input.token, email: input.email, passwordHash }),
  );
}
