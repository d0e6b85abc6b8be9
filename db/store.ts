import type { ResolvedExpiry, GraceChoice } from '../lib/keys/expiry';
import type { ApiResource } from '../lib/keys/permissions';
import type { Decision, KeyScope, KeyTarget, MemberTarget, NewKeyOwner, Refusal } from '../lib/policy/access';
import type { KeyDto, RequestMeta, Role } from '../lib/types';
import type { CreateInvitationResult, KeyLifetimeResult, NewInvitation } from './queries/accounts';
import type { LeakReport, Reporter } from './queries/leaked-keys';
import type { LiveKeyOfMember, MemberChangeResult, MemberDto, Offboarding } from './queries/members';
import type { InsertProjectResult, ProjectDto } from './queries/projects';
import type { NewServiceAccount } from './queries/service-accounts';
import type { UnlockMemberResult } from './queries/sign-in-throttle';
import type { SignUpResult } from './queries/users';
import type { VerifyResult } from './queries/verify-key';
import type { FailureState } from '../lib/auth/throttle';
import type { KeyPermission, serviceAccounts } from './schema';

// The data boundary the services talk to. Every method is one coarse operation and ONE transaction: it reads what its
// check needs, evaluates the caller's decision (a synchronous callback: the pure access policy) on the rows it read,
// and makes the change with its audit row, or nothing. Asynchronous so that a PostgreSQL store can do the same inside
// its own transactions; the SQLite store (db/sqlite-store.ts) runs each as one synchronous better-sqlite3
// transaction, with nothing awaited inside.

/** The access decision, asked about the row as read inside the transaction. */
export type Decide = (key: KeyTarget) => Decision;
export type DecideMember = (member: MemberTarget) => Decision;

/** Why a key change did not happen: the policy's refusal, or the key's state. */
export type KeyChangeRefusal = Refusal | 'revoked' | 'expired' | 'unchanged';
export type KeyChangeResult<T extends object = object> = ({ ok: true } & T) | { ok: false; reason: KeyChangeRefusal };

export interface NewKey {
  id: string;
  name: string;
  /** SHA-256 of the secret, computed before the transaction. */
  secretHash: Buffer;
  permission: KeyPermission;
  resources: readonly ApiResource[] | null;
  /** Resolves the requested expiry under the account's cap, as read in the transaction (pure). */
  expiry: (capDays: number | null) => ResolvedExpiry;
}

export type IssueKeyResult =
  | { ok: true; expiresAt: number | null }
  | { ok: false; reason: 'invalid_expiry'; message: string }
  | { ok: false; reason: 'limit_reached'; limit: number }
  | { ok: false; reason: 'unknown_project' | 'unknown_service_account' };

export interface AcceptInvitation {
  /** SHA-256 of the token from the link. */
  tokenHash: Buffer;
  userId: string;
  email: string;
  /** scrypt, computed before the transaction. */
  passwordHash: string;
  now: number;
  meta: { ip: string | null; userAgent: string | null };
}

/** What the Members page shows, read in one transaction with one statement per kind of row (never one per member). */
export interface MembersOverview {
  members: (MemberDto & { keys: LiveKeyOfMember[] })[];
  invitations: { id: string; role: 'admin' | 'member'; createdAt: number; expiresAt: number }[];
  serviceAccounts: { id: string; name: string }[];
  signInFailures: Map<string, FailureState>;
}

/** What the Service accounts page shows: the cap, and each service account with its keys (one statement for all). */
export interface ServiceAccountsOverview {
  cap: number | null;
  serviceAccounts: (typeof serviceAccounts.$inferSelect & { keys: KeyDto[] })[];
  /** Requests per day over the last 30 days, for every key listed (one statement for all of them). */
  usage: Record<string, number[]>;
}

export interface Store {
  /** The account's maximum key lifetime in days, or null (for forms; every change reads it again itself). */
  accountCap(accountId: string): Promise<number | null>;
  /** The keys in scope, newest first, with their status under the account's cap. */
  keysInScope(scope: KeyScope, now: number): Promise<KeyDto[]>;
  issueKey(accountId: string, owner: NewKeyOwner, key: NewKey, now: number, meta: RequestMeta): Promise<IssueKeyResult>;
  revokeKey(scope: KeyScope, keyId: string, decide: Decide, now: number, meta: RequestMeta): Promise<KeyChangeResult>;
  setKeyDisabled(
    scope: KeyScope,
    keyId: string,
    disabled: boolean,
    decide: Decide,
    now: number,
    meta: RequestMeta,
  ): Promise<KeyChangeResult>;
  regenerateKey(
    scope: KeyScope,
    keyId: string,
    newHash: Buffer,
    grace: GraceChoice,
    decide: Decide,
    now: number,
    meta: RequestMeta,
  ): Promise<KeyChangeResult<{ previousSecretExpiresAt: number | null }>>;
  verifyToken(token: string, prefix: string, now: number): Promise<VerifyResult>;
  /** Revokes the key of each report whose secret is genuine (each report its own transaction); how many it revoked. */
  revokeLeakedTokens(reports: readonly LeakReport[], prefix: string, reporter: Reporter, now: number): Promise<number>;

  changeRole(
    accountId: string,
    userId: string,
    role: Role,
    decide: DecideMember,
    now: number,
    meta: RequestMeta,
  ): Promise<MemberChangeResult>;
  /** Offboarding: the member's live keys are revoked or moved (each decided by `decideKey`), then the member removed. */
  removeMember(
    accountId: string,
    userId: string,
    plan: Offboarding,
    decide: DecideMember,
    decideKey: (op: 'revoke' | 'move', key: KeyTarget) => Decision,
    now: number,
    meta: RequestMeta,
  ): Promise<MemberChangeResult & { moved?: number; revoked?: number }>;
  unlockMember(
    accountId: string,
    userId: string,
    decide: DecideMember,
    now: number,
    meta: RequestMeta,
  ): Promise<UnlockMemberResult>;
  membersOverview(accountId: string, now: number): Promise<MembersOverview>;

  /** Creates an invitation, as `decide` allows given its creator's role as read in the transaction. */
  createInvitation(
    invitation: NewInvitation,
    decide: (creator: { role: Role }) => Decision,
    meta: RequestMeta,
  ): Promise<CreateInvitationResult>;
  /** False when the account has no pending invitation by that id. */
  revokeInvitation(accountId: string, invitationId: string, now: number, meta: RequestMeta): Promise<boolean>;
  /** Claims the invitation and creates its user, if its creator may still grant its role (else revokes it). */
  acceptInvitation(input: AcceptInvitation): Promise<SignUpResult>;

  createServiceAccount(row: NewServiceAccount, meta: RequestMeta): Promise<void>;
  serviceAccountsOverview(accountId: string, now: number): Promise<ServiceAccountsOverview>;
  /** Requests per day over the last 30 days (oldest first) for each of these keys of the account, in one read. */
  keyUsage(accountId: string, keyIds: readonly string[], now: number): Promise<Record<string, number[]>>;

  projectsOf(accountId: string): Promise<ProjectDto[]>;
  projectById(accountId: string, projectId: string): Promise<ProjectDto | null>;
  createProject(
    row: { id: string; accountId: string; name: string; createdAt: number },
    meta: RequestMeta,
  ): Promise<InsertProjectResult>;

  /** Saves the cap if `proceed` agrees given the current one; otherwise returns what a preview needs. */
  setMaxKeyLifetime(
    accountId: string,
    days: number | null,
    proceed: (current: number | null) => boolean,
    now: number,
    meta: RequestMeta,
  ): Promise<KeyLifetimeResult>;
  setMaxOrganizationKeys(accountId: string, limit: number, now: number, meta: RequestMeta): Promise<void>;
}
