import { needsConfirmation } from '../auth/reauth';
import type { KeyKind, Role, SessionUser } from '../types';

// The one access policy (pure: no I/O, the time passed in). Who may see, create, revoke, regenerate, disable, enable
// or move a key; which projects an actor reaches; change a role, remove a member, unlock a sign-in; and which
// account-wide changes need which role.
// Server actions, API routes, the leak endpoint, the stores' transactions and the pages' buttons all ask it, so they
// cannot disagree. A decision says whether the change is allowed and whether it needs sudo mode (a password proven in
// the last 10 minutes); the stores evaluate it on the row they read inside the transaction that makes the change.

/** Who a key acts for, as far as access is concerned. */
export type KeyActorOwner =
  | { type: 'user'; id: string; role: Role }
  | { type: 'service_account'; id: string; role: 'admin' | 'member' }
  | { type: 'project'; id: string };

export type Actor =
  /**
   * A signed-in person; `sudo` is true while the session's password proof is fresh. `sessionId`, set only by the
   * server-action wrapper (never on an actor a page is given: it is the session's secret), lets every changing
   * transaction read the session again; without it only the role is read again.
   */
  | { type: 'user'; accountId: string; userId: string; role: Role; sudo: boolean; sessionId?: string }
  /**
   * An API key: keys never prove a password, so nothing that needs sudo mode is open to them. `proof`, the hash of
   * the secret presented, set by keyActor for every request, lets every changing transaction check that the secret
   * still opens the key; without it only the key and its owner are read again.
   */
  | { type: 'key'; accountId: string; keyId: string; owner: KeyActorOwner; proof?: Buffer }
  /** Whoever presented this key's genuine secret without authenticating: a leak report. */
  | { type: 'token_holder'; accountId: string; keyId: string };

export function userActor(
  user: Pick<SessionUser, 'accountId' | 'userId' | 'role' | 'confirmedAt'>,
  now: number,
): Extract<Actor, { type: 'user' }> {
  return {
    type: 'user',
    accountId: user.accountId,
    userId: user.userId,
    role: user.role,
    sudo: !needsConfirmation(user.confirmedAt, now),
  };
}

/**
 * The actor of a server action: the session's user with the session's id, so that every changing transaction reads
 * the session (still live, its password proof) and the role again. Server-side only: a page is given userActor's.
 */
export function sessionActor(user: SessionUser, now: number): Actor {
  return { ...userActor(user, now), sessionId: user.sessionId };
}

export function keyActor(principal: {
  accountId: string;
  keyId: string;
  owner: KeyActorOwner;
  secretProof: Buffer;
}): Actor {
  return {
    type: 'key',
    accountId: principal.accountId,
    keyId: principal.keyId,
    owner: actorOwner(principal.owner),
    proof: principal.secretProof,
  };
}

/** Only what the policy reads of a key's owner (its id and role), not the names a principal carries. */
export function actorOwner(owner: KeyActorOwner): KeyActorOwner {
  return owner.type === 'project'
    ? { type: 'project', id: owner.id }
    : owner.type === 'user'
      ? { type: 'user', id: owner.id, role: owner.role }
      : { type: 'service_account', id: owner.id, role: owner.role };
}

/** The key being acted on, as read (inside the transaction) from its row. */
export interface KeyTarget {
  accountId: string;
  id: string;
  kind: KeyKind;
  /** The person, for personal keys. */
  userId: string | null;
  serviceAccountId: string | null;
}

/**
 * Which keys a query may touch. `accountId` is always required and every key query puts it, and the owner filters,
 * in its WHERE clause. The filters are OR'ed: a user's own personal keys, and/or keys of given kinds, of one
 * service account, or one key.
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

/** What the SQL of a scope selects, for one key (db/queries/keys.ts turns the same scope into a WHERE clause). */
export function scopeIncludes(scope: KeyScope, key: KeyTarget): boolean {
  if (key.accountId !== scope.accountId) return false;
  return scope.owners.some((owner) => {
    if ('userId' in owner) return key.kind === 'personal' && key.userId === owner.userId;
    if ('serviceAccountId' in owner) return key.kind === 'service' && key.serviceAccountId === owner.serviceAccountId;
    if ('keyId' in owner) return key.id === owner.keyId;
    return owner.kinds.includes(key.kind);
  });
}

export type Refusal =
  /** The actor may never do this (wrong role, or an API key asking for what keys cannot do). */
  | 'forbidden'
  /** The target is outside what the actor reaches: told apart from nothing, so ids of others are not confirmed. */
  | 'not_found'
  /** Allowed, but only with sudo mode, which this session does not have. */
  | 'reauth'
  /** Only owners may do this to this member (or make this change). */
  | 'owner_required';

export type Decision = { allowed: true; sudo: boolean } | { allowed: false; reason: Refusal; sudo: boolean };

const ALLOW: Decision = { allowed: true, sudo: false };
const refuse = (reason: Refusal, sudo = false): Decision => ({ allowed: false, reason, sudo });

/** Applies sudo mode: `needed` says the change needs it. */
function withSudo(actor: Actor, needed: boolean): Decision {
  if (!needed) return ALLOW;
  return actor.type === 'user' && actor.sudo ? { allowed: true, sudo: true } : refuse('reauth', true);
}

const RANK: Record<Role, number> = { member: 0, admin: 1, owner: 2 };
export const atLeast = (role: Role, least: Role) => RANK[role] >= RANK[least];

/** Keys acting for an owner or admin (a person's key, or an admin service account's key) act as admins. */
export function isAdminKey(owner: KeyActorOwner): boolean {
  return owner.type !== 'project' && atLeast(owner.role, 'admin');
}

// ---------------------------------------------------------------------------------------------------------------
// Keys

export const KEY_OPERATIONS = ['see', 'revoke', 'regenerate', 'disable', 'enable', 'move', 'verify'] as const;
export type KeyOperation = (typeof KEY_OPERATIONS)[number];

/**
 * The keys `actor` reaches for `op`, or null when it may never do it. The one statement of who touches which key:
 * the stores put it in their SQL and `decideKey` checks the row against it.
 */
export function keyScope(actor: Actor, op: KeyOperation): KeyScope | null {
  const { accountId } = actor;
  if (actor.type === 'token_holder') return op === 'revoke' ? { accountId, owners: [{ keyId: actor.keyId }] } : null;
  if (actor.type === 'key') {
    // A key can never create, regenerate, disable or move keys; it sees and revokes what its owner reaches.
    if (op === 'verify') return allKeys(accountId);
    if (op !== 'see' && op !== 'revoke') return null;
    const { owner } = actor;
    if (isAdminKey(owner)) return allKeys(accountId);
    if (owner.type === 'user') return ownKeys(accountId, owner.id);
    if (owner.type === 'service_account') return { accountId, owners: [{ serviceAccountId: owner.id }] };
    return { accountId, owners: [{ keyId: actor.keyId }] };
  }
  const admin = atLeast(actor.role, 'admin');
  const own = ownKeys(accountId, actor.userId);
  switch (op) {
    case 'see':
    case 'revoke':
      return admin ? allKeys(accountId) : own;
    case 'regenerate':
      // Regenerating shows a new secret to whoever asks, so nobody regenerates another person's personal key.
      return admin ? { accountId, owners: [...own.owners, { kinds: ['service', 'organization'] }] } : own;
    case 'disable':
    case 'enable':
      return admin ? allKeys(accountId) : null;
    case 'move':
      // Offboarding moves a removed member's personal keys to a service account.
      return admin ? { accountId, owners: [{ kinds: ['personal'] }] } : null;
    case 'verify':
      return null;
  }
}

/**
 * Organization and service-account keys act for the account, not a person: changing one is a sensitive change, like
 * creating one. Moving a person's keys to a service account is part of removing them, which is sensitive too. A
 * user's own personal keys are theirs to rotate without the password.
 */
function keyChangeNeedsSudo(op: KeyOperation, key: KeyTarget): boolean {
  if (op === 'see' || op === 'verify') return false;
  if (op === 'move') return true;
  return key.kind !== 'personal';
}

/** May `actor` do `op` to `key`? Evaluated on the row read inside the transaction that makes the change. */
export function decideKey(actor: Actor, op: KeyOperation, key: KeyTarget): Decision {
  const scope = keyScope(actor, op);
  if (!scope) return refuse('forbidden');
  if (!scopeIncludes(scope, key)) return refuse('not_found');
  return withSudo(actor, actor.type === 'user' && keyChangeNeedsSudo(op, key));
}

/** Who a new key would belong to. */
export type NewKeyOwner =
  | { kind: 'personal'; userId: string }
  | { kind: 'service'; serviceAccountId: string }
  | { kind: 'organization'; projectId: string };

/** May `actor` issue a key for `owner`? People issue their own personal keys; admins service and organization keys,
 * in sudo mode. No key can create keys. */
export function decideNewKey(actor: Actor, owner: NewKeyOwner): Decision {
  if (actor.type !== 'user') return refuse('forbidden');
  if (owner.kind === 'personal') return owner.userId === actor.userId ? ALLOW : refuse('forbidden');
  if (!atLeast(actor.role, 'admin')) return refuse('forbidden');
  return withSudo(actor, true);
}

/**
 * A leak report revokes a key when the reported secret is genuine: the key was accepted, or refused only after the
 * secret matched (disabled keys can be enabled again and keys expired by the cap come back if it is raised). Anyone
 * holding the secret may do this: it can only take access away.
 */
export function holdsGenuineSecret(
  verdict: 'valid' | 'malformed' | 'bad_checksum' | 'not_found' | 'wrong_secret' | 'revoked' | 'disabled' | 'expired',
): boolean {
  return verdict === 'valid' || verdict === 'disabled' || verdict === 'expired';
}

// ---------------------------------------------------------------------------------------------------------------
// Projects

/** The projects an actor reaches: the account's, or `only` the one a project-bound key is bound to. */
export interface ProjectReach {
  accountId: string;
  only: string | null;
}

/**
 * Which projects `actor` reaches, or null when it reaches none (a leak reporter). A key bound to a project reaches
 * only that project (and so cannot create others); every other actor reaches the account's projects.
 */
export function projectReach(actor: Actor): ProjectReach | null {
  if (actor.type === 'token_holder') return null;
  const only = actor.type === 'key' && actor.owner.type === 'project' ? actor.owner.id : null;
  return { accountId: actor.accountId, only };
}

// ---------------------------------------------------------------------------------------------------------------
// Members

export const MEMBER_OPERATIONS = ['change_role', 'remove', 'unlock'] as const;
export type MemberOperation = (typeof MEMBER_OPERATIONS)[number];

export interface MemberTarget {
  accountId: string;
  userId: string;
  role: Role;
}

/**
 * May `actor` change `target`'s role to `to`, remove them, or clear their failed sign-ins? Owners and admins, in sudo
 * mode; only owners touch owners and admins or make someone an owner or admin (an unlock resets the failure count, so
 * an admin who could unlock an owner could keep guessing the owner's password). Setting a member's current role is a
 * no-op anyone who may manage members may ask for. That an account keeps an owner is the store's invariant, checked
 * in the same transaction.
 */
export function decideMember(actor: Actor, op: MemberOperation, target: MemberTarget, to?: Role): Decision {
  if (actor.type !== 'user' || !atLeast(actor.role, 'admin')) return refuse('forbidden');
  const sudo = withSudo(actor, true);
  if (!sudo.allowed) return sudo;
  if (target.accountId !== actor.accountId) return refuse('not_found', true);
  if (actor.role === 'owner') return sudo;
  if (op === 'change_role') return to === target.role ? sudo : refuse('owner_required', true);
  return target.role === 'member' ? sudo : refuse('owner_required', true);
}

// ---------------------------------------------------------------------------------------------------------------
// Operations checked before any target is read: what a server action's wrapper and a page ask first.

export const GATED_OPERATIONS = {
  /** Pages for owners and admins: members, service accounts, all keys, the audit log and its export. */
  'account.administer': { least: 'admin', sudo: false },
  'account.set_key_lifetime': { least: 'admin', sudo: true },
  'account.set_organization_key_limit': { least: 'owner', sudo: true },
  'account.rename': { least: 'owner', sudo: true },
  'invitation.create': { least: 'admin', sudo: true },
  'invitation.revoke': { least: 'admin', sudo: false },
  'service_account.create': { least: 'admin', sudo: true },
  'project.create': { least: 'admin', sudo: false },
  'service_account.rename': { least: 'admin', sudo: false },
  // Deleting revokes every key it owns.
  'service_account.delete': { least: 'admin', sudo: true },
  'project.rename': { least: 'admin', sudo: false },
  'project.delete': { least: 'admin', sudo: true },
  'key.create_personal': { least: 'member', sudo: false },
  'key.create_service': { least: 'admin', sudo: true },
  'key.create_organization': { least: 'admin', sudo: true },
  'key.revoke': { least: 'member', sudo: false },
  'key.regenerate': { least: 'member', sudo: false },
  'key.set_enabled': { least: 'admin', sudo: false },
  'member.change_role': { least: 'admin', sudo: true },
  'member.remove': { least: 'admin', sudo: true },
  'member.unlock': { least: 'admin', sudo: true },
} as const satisfies Record<string, { least: Role; sudo: boolean }>;
export type GatedOperation = keyof typeof GATED_OPERATIONS;

/** For pages and the dashboard's navigation: whether a signed-in user may open the account's admin pages. */
export function administers(user: Pick<SessionUser, 'role'>): boolean {
  return atLeast(user.role, GATED_OPERATIONS['account.administer'].least);
}

/**
 * May `actor` attempt `op` at all? The wrapper of server actions asks this before reading the form; the change itself
 * is decided again on its target (decideKey, decideMember). Keys may create projects (POST /api/v1/projects) unless
 * they are bound to one; nothing else here is open to keys.
 */
export function gate(actor: Actor, op: GatedOperation): Decision {
  if (actor.type === 'token_holder') return refuse('forbidden');
  if (actor.type === 'key')
    return op === 'project.create' && projectReach(actor)?.only === null ? ALLOW : refuse('forbidden');
  const rule = GATED_OPERATIONS[op];
  if (!atLeast(actor.role, rule.least)) return refuse('forbidden');
  return withSudo(actor, rule.sudo);
}

// ----- Invitations ---------------------------------------------------------------------------------------------
// Who may grant which role by invitation. Creating an invitation, accepting it and demoting its creator all ask this
// table inside their transactions, on the creator's role as read there, so an invitation never grants more than its
// creator may grant at the moment it is accepted.

export type InvitableRole = 'admin' | 'member';

const GRANTABLE_BY_INVITATION: Record<Role, readonly InvitableRole[]> = {
  owner: ['admin', 'member'],
  admin: ['admin', 'member'],
  member: [],
};

/** Whether a user whose role is `creatorRole` (null: no longer in the account) may invite someone as `role`. */
export function mayGrantByInvitation(creatorRole: Role | null | undefined, role: InvitableRole): boolean {
  // Own keys only: a role this code does not know (a forged or newer row) grants nothing.
  if (!creatorRole || !Object.hasOwn(GRANTABLE_BY_INVITATION, creatorRole)) return false;
  return GRANTABLE_BY_INVITATION[creatorRole].includes(role);
}
