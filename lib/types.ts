import type { KeyStatus } from './keys/expiry';
import type { ApiResource } from './keys/permissions';
import type { AuditRecord } from './audit/types';
// Types every layer shares (pure: no imports from db/ or the request). The database schema, the queries, the policy
// and the services all import them from here, so no layer has to reach into another's files for a type.

export const ROLES = ['owner', 'admin', 'member'] as const;
export type Role = (typeof ROLES)[number];
/** Who a key belongs to: a person, a service account, or the account itself (bound to one project). */
export const KEY_KINDS = ['personal', 'service', 'organization'] as const;
export type KeyKind = (typeof KEY_KINDS)[number];
/** What a key may do: read only, or read and write. */
export const KEY_PERMISSIONS = ['read', 'read-write'] as const;
export type KeyPermission = (typeof KEY_PERMISSIONS)[number];

/** Who made a change and from where, as every audit row records it. */
export interface RequestMeta {
  actorUserId: string | null;
  /** Set when an API key acted. */
  actorKeyId?: string | null;
  /** The actor as people know them (their email), kept in the audit row even if the user is later removed. */
  actorLabel: string;
  ip: string | null;
  userAgent: string | null;
}

/** The signed-in user behind a session, read fresh on every request. */
export interface SessionUser {
  sessionId: string;
  userId: string;
  email: string;
  role: Role;
  accountId: string;
  accountName: string;
  /** When this session last proved the password (sign-in or re-confirmation); see lib/auth/reauth.ts. */
  confirmedAt: number;
}

/** A key as every layer shows it: never its hash. */
export interface KeyDto {
  id: string;
  accountId: string;
  name: string;
  kind: KeyKind;
  /** The person, for personal keys; the service account, for its keys (what the access policy looks at). */
  userId: string | null;
  serviceAccountId: string | null;
  ownerLabel: string;
  permission: KeyPermission;
  resources: ApiResource[] | null;
  createdAt: number;
  expiresAt: number | null;
  effectiveExpiresAt: number | null;
  shortenedByPolicy: boolean;
  status: KeyStatus;
  revokedAt: number | null;
  disabledAt: number | null;
  lastUsedAt: number | null;
  lastUsedIp: string | null;
  /** The User-Agent of the latest use, cleaned of control and bidi characters. */
  lastUsedUserAgent: string | null;
  previousSecretExpiresAt: number | null;
  previousSecretLastUsedAt: number | null;
}

/** What a key's own page shows, read in one transaction: the key, its usage and its audit events. */
export interface KeyDetail {
  key: KeyDto;
  /** The account's maximum key lifetime when read (null: no limit): the policy that may have shortened the key. */
  cap: number | null;
  /** Requests per day over the last 30 days, oldest first. */
  usage: number[];
  /** The newest audit rows that name this key as actor or target, newest first. */
  events: AuditRecord[];
}
