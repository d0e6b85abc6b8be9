import type { AuditCursor, AuditFilters } from '../lib/audit/filters';
import type { AuditRecord } from '../lib/audit/types';
import type { FailureState } from '../lib/auth/throttle';
import type { GraceChoice, KeyTimes, ResolvedExpiry } from '../lib/keys/expiry';
import type { KeyListQuery } from '../lib/keys/list-query';
import type { ApiResource } from '../lib/keys/permissions';
import type { Actor, Decision, KeyScope, KeyTarget, MemberTarget, NewKeyOwner, Refusal } from '../lib/policy/access';
import type { KeyUsage } from '../lib/usage/buffer';
import type { KeyDetail, KeyDto, KeyKind, KeyPermission, RequestMeta, Role, SessionUser } from '../lib/types';

// The data boundary the services talk to. Every method is one coarse operation and ONE transaction: it reads what its
// check needs, evaluates the caller's decision (a synchronous callback: the pure access policy) on the rows it read,
// and makes the change with its audit row, or nothing. Asynchronous so that a PostgreSQL store can do the same inside
// its own transactions; the SQLite store (db/sqlite-store.ts) runs each as one synchronous better-sqlite3
// transaction, with nothing awaited inside.

/**
 * The access decision, asked about the row as read inside the transaction and about the actor as read there too: each
 * changing method takes the actor the request was built with, reads it again in its transaction (a demoted, removed or
 * signed-out user, a revoked key, is refused 'forbidden' without asking) and passes the actor as it is now.
 */
export type Decide = (key: KeyTarget, actor: Actor) => Decision;
export type DecideMember = (member: MemberTarget, actor: Actor) => Decision;
/** The decision of a change that reads no target first (the policy's gate), on the actor as read in the transaction. */
export type DecideActor = (actor: Actor) => Decision;

/** Refused by the policy, on the actor as read inside the transaction. */
export type Refused = { ok: false; reason: Refusal };

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
  | Refused
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
  invitations: PendingInvitation[];
  serviceAccounts: { id: string; name: string }[];
  signInFailures: Map<string, FailureState>;
}

/** What the Service accounts page shows: the cap, and each service account with its keys (one statement for all). */
export interface ServiceAccountsOverview {
  cap: number | null;
  serviceAccounts: (ServiceAccountDto & { keys: KeyDto[] })[];
  /** Requests per day over the last 30 days, for every key listed (one statement for all of them). */
  usage: Record<string, number[]>;
}

// The types the Store speaks in. They belong to the boundary, not to any one database: the SQLite queries
// (db/queries/*) import them from here, and a PostgreSQL store implements the same interface without touching those
// files.

export type KeyLifetimeResult =
  | { ok: true; saved: true }
  /** Not saved: `proceed` declined the change from the current cap (a stricter cap needs confirming first). */
  | { ok: true; saved: false; current: number | null; liveKeys: KeyTimes[] }
  | { ok: false; reason: 'not_found' }
  | Refused;

export interface NewInvitation {
  id: string;
  accountId: string;
  /** SHA-256 of the token, computed before the transaction. */
  tokenHash: Buffer;
  role: 'admin' | 'member';
  createdBy: string;
  createdAt: number;
  expiresAt: number;
}

export type CreateInvitationResult = { ok: true } | { ok: false; reason: Refusal };

export interface LeakReport {
  token: string;
  /** Where the token was found, as the reporter says (GitHub sends the commit or file URL). */
  url?: string;
  source?: string;
  type?: string;
}

export interface Reporter {
  ip: string | null;
  userAgent: string | null;
}

export interface LeakNotice {
  keyId: string;
  keyName: string;
  reportedAt: number;
  url: string | null;
  source: string | null;
}

export interface MemberDto {
  id: string;
  email: string;
  role: Role;
  joinedAt: number;
  liveKeys: number;
  lastKeyUseAt: number | null;
}

export interface LiveKeyOfMember {
  id: string;
  name: string;
  lastUsedAt: number | null;
}

export type MemberChangeResult =
  /** `changed` (role changes only) is false when the member already had the role: nothing was written. */
  { ok: true; changed?: boolean } | { ok: false; reason: Refusal | 'last_owner' | 'unknown_service_account' };

export type Offboarding =
  { keys: 'revoke' } | { keys: 'move'; serviceAccountId: string } | { keys: 'move-new'; newServiceAccountId: string };

export type ProjectDto = { id: string; name: string; createdAt: number };

export type InsertProjectResult = { ok: true; project: ProjectDto } | { ok: false; reason: 'name_taken' } | Refused;

/** A rename of something whose name identifies it (a project, a service account). */
export type RenameResult = { ok: true } | { ok: false; reason: 'not_found' | 'name_taken' } | Refused;
/** A deletion that revoked the live keys it owned first. */
export type DeleteWithKeysResult = { ok: true; revoked: number } | { ok: false; reason: 'not_found' } | Refused;

/** One service account's page: the cap, the service account, its keys and their usage. */
export interface ServiceAccountDetail {
  cap: number | null;
  serviceAccount: ServiceAccountDto;
  keys: KeyDto[];
  usage: Record<string, number[]>;
}

export interface NewServiceAccount {
  id: string;
  accountId: string;
  name: string;
  description: string;
  role: 'admin' | 'member';
  createdAt: number;
}

export type UnlockMemberResult = { ok: true; failures: number } | { ok: false; reason: Refusal };

export type SignUpResult =
  { ok: true } | { ok: false; reason: 'email_taken' | 'invitation_invalid' | 'invitation_not_grantable' };

/** Who a key acts for. */
export type KeyOwner =
  | { type: 'user'; id: string; email: string; role: Role }
  | { type: 'service_account'; id: string; name: string; role: 'admin' | 'member' }
  | { type: 'project'; id: string; name: string };

export interface KeyPrincipal {
  keyId: string;
  keyName: string;
  kind: KeyKind;
  accountId: string;
  accountName: string;
  owner: KeyOwner;
  permission: KeyPermission;
  resources: ApiResource[] | null;
  expiresAt: number | null;
  /** Effective expiry under the account's current cap. */
  effectiveExpiresAt: number | null;
  /** True when the request used the secret replaced by a regeneration, during its grace window. */
  usedPreviousSecret: boolean;
  /**
   * SHA-256 of the secret the request presented (a hash, never the secret): a changing transaction checks that it
   * still opens the key, so a regeneration committed while the request was in flight is not bypassed.
   */
  secretProof: Buffer;
}

/** Why a token was refused. Callers see one public answer; the reason goes to the audit log. */
export type RefusalReason =
  'malformed' | 'bad_checksum' | 'not_found' | 'wrong_secret' | 'revoked' | 'disabled' | 'expired';

export type VerifyResult =
  { ok: true; principal: KeyPrincipal } | { ok: false; reason: RefusalReason; keyId?: string; accountId?: string };

export interface AuditPage {
  entries: AuditRecord[];
  /** Cursor for the "Newer" link (`after`), or null on the newest page. */
  newer: number | null;
  /** Cursor for the "Older" link (`before`), or null on the oldest page. */
  older: number | null;
}

/** A service account as the pages show it: every column of its row, none secret. */
export type ServiceAccountDto = NewServiceAccount;

/** An account's own row: its name and the two limits owners set. */
export interface AccountDto {
  id: string;
  name: string;
  /** null: no limit. */
  maxKeyLifetimeDays: number | null;
  maxOrganizationKeys: number;
  createdAt: number;
}

export interface PendingInvitation {
  id: string;
  role: 'admin' | 'member';
  createdAt: number;
  expiresAt: number;
}

/** What the invitation page shows about a live invitation before anyone accepts it. */
export interface OpenInvitation {
  id: string;
  accountId: string;
  role: 'admin' | 'member';
  accountName: string;
}

/** Sign-up: a new account and its owner. */
export interface NewOwnerAccount {
  accountId: string;
  accountName: string;
  userId: string;
  email: string;
  /** scrypt, computed before the transaction. */
  passwordHash: string;
  now: number;
}

/** What a sign-in attempt reads before the password is checked: both throttle counts and the user, if any. */
export interface SignInLookup {
  failures: FailureState | null;
  /** Null when the attempt has no client address (then only the per-email limits apply). */
  addressFailures: FailureState | null;
  user: { id: string; accountId: string; email: string; passwordHash: string } | null;
}

/** A wrong password at sign-in (or an unknown email), counted against the email and the address together. */
export interface SignInFailure {
  email: string;
  /** The address's throttle key and its next state (computed from the state read before the password check). */
  address: { key: string; next: FailureState } | null;
  /** The user, when the email is one: only then is the failure audited (in their account). */
  user: { id: string; accountId: string; email: string } | null;
  meta: { ip: string | null; userAgent: string | null };
  at: number;
}

/** A successful sign-in: the session row (its id is stored only as a hash) and its audit row. */
export interface NewSession {
  id: string;
  user: { id: string; accountId: string; email: string };
  /** The password hash the sign-in verified: no session opens if the password changed meanwhile. */
  verifiedHash: string;
  /** Clear the email's failed sign-ins too (the address's count stays). */
  clearFailures: boolean;
  createdAt: number;
  expiresAt: number;
  meta: { ip: string | null; userAgent: string | null };
}

/** The session a password change or confirmation acts on, and its user. */
export interface SessionRef {
  sessionId: string;
  userId: string;
  accountId: string;
}

/** A refused API request with a known key id, for the key's account's audit log. */
export interface ApiRefusal {
  accountId: string;
  keyId: string;
  reason: string;
  method: string;
  path: string;
  userAgent: string | null;
}

/** Who presented a key's genuine secret in a leak report, as the policy's token_holder actor names them. */
export interface TokenHolder {
  accountId: string;
  keyId: string;
}
/** The access decision on a leak report: may this holder of the key's secret revoke the key, as read? */
export type DecideLeak = (holder: TokenHolder, key: KeyTarget) => Decision;

/** A device login as the CLI starts it (db/schema.ts, deviceLogins): codes hashed, nothing decided yet. */
export interface NewDeviceLogin {
  id: string;
  deviceCodeHash: Buffer;
  userCodeHash: Buffer;
  publicKey: string;
  clientHost: string;
  clientPlatform: string;
  clientVersion: string;
  requestIp: string | null;
  createdAt: number;
  expiresAt: number;
}

/** What /device shows of a pending login before anyone decides. */
export interface DeviceLoginView {
  id: string;
  publicKey: string;
  clientHost: string;
  clientPlatform: string;
  clientVersion: string;
  requestIp: string | null;
  createdAt: number;
  expiresAt: number;
}

/** What approving hands the login: the key it was read with and the token sealed to it (computed before). */
export interface NewDevice {
  publicKey: string;
  sealedToken: string;
}

export type ApproveDeviceResult = IssueKeyResult | { ok: false; reason: 'no_such_login' };

export type DevicePoll =
  | { status: 'pending' | 'slow_down'; interval: number }
  | { status: 'approved'; sealedToken: string }
  | { status: 'denied' | 'expired' | 'unknown' };

export interface Store {
  createDeviceLogin(login: NewDeviceLogin): Promise<void>;
  pendingDeviceLogin(userCodeHash: Buffer, now: number): Promise<DeviceLoginView | null>;
  /** One transaction: the login read again, the personal key issued (policy, cap, audit), the sealed token kept. */
  approveDeviceLogin(
    actor: Actor,
    login: { id: string; userCodeHash: Buffer },
    device: NewDevice,
    key: NewKey,
    decide: DecideActor,
    now: number,
    meta: RequestMeta,
  ): Promise<ApproveDeviceResult>;
  denyDeviceLogin(actor: Actor, login: { id: string; userCodeHash: Buffer }, now: number): Promise<boolean>;
  pollDeviceLogin(deviceCodeHash: Buffer, now: number): Promise<DevicePoll>;
  /** The account's maximum key lifetime in days, or null (for forms; every change reads it again itself). */
  accountCap(accountId: string): Promise<number | null>;
  /** The keys in scope, newest first, with their status under the account's cap. */
  keysInScope(scope: KeyScope, now: number): Promise<KeyDto[]>;
  /**
   * One key with what its page shows, or null when it is not in `scope` (another account's key, or one the scope
   * does not reach, reads exactly like a key that does not exist).
   */
  keyDetail(scope: KeyScope, keyId: string, now: number, eventLimit: number): Promise<KeyDetail | null>;
  /** One page (50) of the keys in scope matching `query`, with how many match in all and their 30-day usage. */
  keysPage(
    scope: KeyScope,
    query: KeyListQuery,
    now: number,
  ): Promise<{ keys: KeyDto[]; total: number; usage: Record<string, number[]> }>;
  issueKey(
    actor: Actor,
    owner: NewKeyOwner,
    key: NewKey,
    decide: DecideActor,
    now: number,
    meta: RequestMeta,
  ): Promise<IssueKeyResult>;
  revokeKey(
    actor: Actor,
    scope: KeyScope,
    keyId: string,
    decide: Decide,
    now: number,
    meta: RequestMeta,
  ): Promise<KeyChangeResult>;
  setKeyDisabled(
    actor: Actor,
    scope: KeyScope,
    keyId: string,
    disabled: boolean,
    decide: Decide,
    now: number,
    meta: RequestMeta,
  ): Promise<KeyChangeResult>;
  regenerateKey(
    actor: Actor,
    scope: KeyScope,
    keyId: string,
    newHash: Buffer,
    grace: GraceChoice,
    decide: Decide,
    now: number,
    meta: RequestMeta,
  ): Promise<KeyChangeResult<{ previousSecretExpiresAt: number | null }>>;
  verifyToken(token: string, prefix: string, now: number): Promise<VerifyResult>;
  /**
   * Revokes the key of each report whose secret is genuine and whose holder `decide` lets revoke it, as read (each
   * report its own transaction); how many it revoked.
   */
  revokeLeakedTokens(
    reports: readonly LeakReport[],
    prefix: string,
    decide: DecideLeak,
    reporter: Reporter,
    now: number,
  ): Promise<number>;
  /** Records a refused API request in the key's account, at most once per key and reason a minute; never throws. */
  recordApiRefusal(refusal: ApiRefusal, now: number): Promise<void>;
  /** Writes one batch of aggregated usage (last-used times, daily counts) in one transaction. */
  flushUsage(batch: readonly KeyUsage[]): Promise<void>;
  /** A user's personal keys revoked after a leak report since `since`, newest first. */
  leakNoticesForUser(accountId: string, userId: string, since: number): Promise<LeakNotice[]>;

  /** In the actor's account. */
  changeRole(
    actor: Actor,
    userId: string,
    role: Role,
    decide: DecideMember,
    now: number,
    meta: RequestMeta,
  ): Promise<MemberChangeResult>;
  /** Offboarding: the member's live keys are revoked or moved (each decided by `decideKey`), then the member removed. */
  removeMember(
    actor: Actor,
    userId: string,
    plan: Offboarding,
    decide: DecideMember,
    decideKey: (op: 'revoke' | 'move', key: KeyTarget, actor: Actor) => Decision,
    now: number,
    meta: RequestMeta,
  ): Promise<MemberChangeResult & { moved?: number; revoked?: number }>;
  unlockMember(
    actor: Actor,
    userId: string,
    decide: DecideMember,
    now: number,
    meta: RequestMeta,
  ): Promise<UnlockMemberResult>;
  membersOverview(accountId: string, now: number): Promise<MembersOverview>;

  /** Creates an invitation by the actor (its creator), as `decide` allows on the actor as read in the transaction. */
  createInvitation(
    actor: Actor,
    invitation: NewInvitation,
    decide: DecideActor,
    meta: RequestMeta,
  ): Promise<CreateInvitationResult>;
  /** 'not_found' when the actor's account has no pending invitation by that id. */
  revokeInvitation(
    actor: Actor,
    invitationId: string,
    decide: DecideActor,
    now: number,
    meta: RequestMeta,
  ): Promise<{ ok: true } | Refused>;
  /** Claims the invitation and creates its user, if its creator may still grant its role (else revokes it). */
  acceptInvitation(input: AcceptInvitation): Promise<SignUpResult>;

  /** 'name_taken' when another service account of the account has the name. */
  createServiceAccount(
    actor: Actor,
    row: NewServiceAccount,
    decide: DecideActor,
    meta: RequestMeta,
  ): Promise<{ ok: true } | Refused | { ok: false; reason: 'name_taken' }>;
  /** One service account of the account with its keys, or null. */
  serviceAccountDetail(accountId: string, id: string, now: number): Promise<ServiceAccountDetail | null>;
  renameServiceAccount(
    actor: Actor,
    id: string,
    name: string,
    decide: DecideActor,
    now: number,
    meta: RequestMeta,
  ): Promise<RenameResult>;
  /** Revokes its live keys (each as `decideKey` allows), then deletes it, with the audit rows, in one transaction. */
  deleteServiceAccount(
    actor: Actor,
    id: string,
    decide: DecideActor,
    decideKey: Decide,
    now: number,
    meta: RequestMeta,
  ): Promise<DeleteWithKeysResult>;
  serviceAccountsOverview(accountId: string, now: number): Promise<ServiceAccountsOverview>;
  /** Requests per day over the last 30 days (oldest first) for each of these keys of the account, in one read. */
  keyUsage(accountId: string, keyIds: readonly string[], now: number): Promise<Record<string, number[]>>;

  projectsOf(accountId: string): Promise<ProjectDto[]>;
  projectById(accountId: string, projectId: string): Promise<ProjectDto | null>;
  renameProject(
    actor: Actor,
    projectId: string,
    name: string,
    decide: DecideActor,
    now: number,
    meta: RequestMeta,
  ): Promise<RenameResult>;
  /** Revokes its live organization keys (each as `decideKey` allows), then deletes it, in one transaction. */
  deleteProject(
    actor: Actor,
    projectId: string,
    decide: DecideActor,
    decideKey: Decide,
    now: number,
    meta: RequestMeta,
  ): Promise<DeleteWithKeysResult>;
  createProject(
    actor: Actor,
    row: { id: string; accountId: string; name: string; createdAt: number },
    decide: DecideActor,
    meta: RequestMeta,
  ): Promise<InsertProjectResult>;

  /** Saves the cap if `proceed` agrees given the current one; otherwise returns what a preview needs. */
  setMaxKeyLifetime(
    actor: Actor,
    days: number | null,
    decide: DecideActor,
    proceed: (current: number | null) => boolean,
    now: number,
    meta: RequestMeta,
  ): Promise<KeyLifetimeResult>;
  setMaxOrganizationKeys(
    actor: Actor,
    limit: number,
    decide: DecideActor,
    now: number,
    meta: RequestMeta,
  ): Promise<{ ok: true } | Refused>;
  /** Renames the actor's account; `changed` is false when the name was already this one (no audit row). */
  renameAccount(
    actor: Actor,
    name: string,
    decide: DecideActor,
    now: number,
    meta: RequestMeta,
  ): Promise<{ ok: true; changed: boolean } | Refused>;
  accountById(accountId: string): Promise<AccountDto | null>;
  pendingInvitations(accountId: string, now: number): Promise<PendingInvitation[]>;
  /** The live invitation with this token hash (not accepted, revoked or expired), or null. */
  openInvitation(tokenHash: Buffer, now: number): Promise<OpenInvitation | null>;

  /** Sign-up: a new account whose first user is its owner, with its audit row, in one transaction. */
  createAccountWithOwner(input: NewOwnerAccount): Promise<SignUpResult>;
  /** The throttle counts of an email and an address (a throttle key), and the email's user, read together. */
  signInLookup(email: string, addressKey: string | null): Promise<SignInLookup>;
  /** Counts a failed sign-in against the email and the address, with its audit rows; the email's new state. */
  recordSignInFailure(failure: SignInFailure): Promise<FailureState>;
  /** Opens a session after a correct password: the row, the cleared failures and the audit row together. */
  /** False, and nothing written, when the user's password hash is no longer the one the sign-in verified. */
  openSession(session: NewSession): Promise<boolean>;
  /** The signed-in user behind a live session id, or null. */
  sessionUser(sessionId: string, now: number): Promise<SessionUser | null>;
  endSession(sessionId: string): Promise<void>;
  /** For a password check: the email's failures and the user's password hash. */
  passwordCheck(userId: string, email: string): Promise<{ failures: FailureState | null; passwordHash: string | null }>;
  clearSignInFailures(email: string): Promise<void>;
  /** A wrong password inside the app: counted like a failed sign-in, with its audit rows; the email's new state. */
  recordPasswordFailure(
    user: { accountId: string; email: string },
    at: number,
    meta: RequestMeta,
  ): Promise<FailureState>;
  /** Marks this session as having just proved the password, with its audit row. */
  /** False, and nothing written, when the session ended or the password changed since `verifiedHash` was checked. */
  confirmSession(session: SessionRef, verifiedHash: string, now: number, meta: RequestMeta): Promise<boolean>;
  /** The new hash, the user's other sessions ended, this one confirmed, the audit row; how many sessions ended. */
  /** The other sessions ended, or null (nothing written) when the session or password is no longer as checked. */
  changePassword(
    session: SessionRef,
    passwordHash: string,
    verifiedHash: string,
    now: number,
    meta: RequestMeta,
  ): Promise<number | null>;

  /** One page of the account's audit log, and cursors for the newer and older pages beyond it. */
  auditPage(accountId: string, filters: AuditFilters, cursor: AuditCursor, pageSize: number): Promise<AuditPage>;
  /** Up to `page.limit` of the account's audit rows matching `filters`, newest first (the CSV export's batches). */
  auditEntries(accountId: string, filters: AuditFilters, page: AuditCursor & { limit: number }): Promise<AuditRecord[]>;
  /** The distinct actions in the account's log, for the Action filter. */
  auditActions(accountId: string): Promise<string[]>;
}
