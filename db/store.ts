import type { ResolvedExpiry, GraceChoice } from '../lib/keys/expiry';
import type { ApiResource } from '../lib/keys/permissions';
import type { Decision, KeyScope, KeyTarget, MemberTarget, NewKeyOwner, Refusal } from '../lib/policy/access';
import type { RequestMeta, Role } from '../lib/types';
import type { KeyDto } from './queries/keys';
import type { LeakReport, Reporter } from './queries/leaked-keys';
import type { MemberChangeResult, Offboarding } from './queries/members';
import type { UnlockMemberResult } from './queries/sign-in-throttle';
import type { VerifyResult } from './queries/verify-key';
import type { KeyPermission } from './schema';

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

export interface Store {
  /** The account's maximum key lifetime in days, or null (for forms; every change reads it again itself). */
  accountCap(accountId: string): Promise<number | null>;
  /** The keys in scope, newest first, with their status under the account's cap. */
  keysInScope(scope: KeyScope, now: number): Promise<KeyDto[]>;
  issueKey(accountId: string, owner: NewKeyOwner, key: NewKey, now: number, meta: RequestMeta): Promise<IssueKeyResult>;
  revokeKey(scope: KeyScope, keyId: string, decide: Decide, now: number, meta: RequestMeta): Promise<KeyChangeResult>;
  setKeyDisabled(scope: KeyScope, keyId: string, disabled: boolean, decide: Decide, now: number, meta: RequestMeta): Promise<KeyChangeResult>;
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

  changeRole(accountId: string, userId: string, role: Role, decide: DecideMember, now: number, meta: RequestMeta): Promise<MemberChangeResult>;
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
  unlockMember(accountId: string, userId: string, decide: DecideMember, now: number, meta: RequestMeta): Promise<UnlockMemberResult>;
}
