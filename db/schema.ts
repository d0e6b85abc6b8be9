import { sql } from 'drizzle-orm';
import { blob, check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

// Times are integer milliseconds since the epoch (UTC) throughout.

import { KEY_KINDS, KEY_PERMISSIONS, ROLES } from '../lib/types';

export { KEY_KINDS, KEY_PERMISSIONS, ROLES, type KeyKind, type KeyPermission, type Role } from '../lib/types';

export const accounts = sqliteTable('accounts', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  /** The account's maximum key lifetime in days; null means no limit. */
  maxKeyLifetimeDays: integer('max_key_lifetime_days'),
  /** How many live organization keys the account may hold; owners can change it. */
  maxOrganizationKeys: integer('max_organization_keys').notNull().default(5),
  createdAt: integer('created_at').notNull(),
});

export const users = sqliteTable(
  'users',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: text('role', { enum: ROLES }).notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [uniqueIndex('users_email_unique').on(t.email), index('users_account_idx').on(t.accountId)],
);

/** Server-side record of each signed-in browser session; deleting a row signs that session out everywhere. */
export const sessions = sqliteTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
    /** When this session last proved the password (sign-in or a re-confirmation); sensitive changes need it recent. */
    confirmedAt: integer('confirmed_at').notNull().default(0),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/** Machine identities ("API users"): they cannot sign in and are not members; admins manage their keys. */
export const serviceAccounts = sqliteTable(
  'service_accounts',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    role: text('role', { enum: ['admin', 'member'] }).notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('service_accounts_account_idx').on(t.accountId)],
);

/** A small real resource that organization keys are bound to. */
export const projects = sqliteTable(
  'projects',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [uniqueIndex('projects_account_name_unique').on(t.accountId, t.name)],
);

export const apiKeys = sqliteTable(
  'api_keys',
  {
    /** The public key id (12 base62 characters), also the lookup key on every API call. */
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: KEY_KINDS }).notNull().default('personal'),
    /** Owner of a personal key. */
    userId: text('user_id').references(() => users.id, { onDelete: 'cascade' }),
    /** Owner of a service key. */
    serviceAccountId: text('service_account_id').references(() => serviceAccounts.id, { onDelete: 'cascade' }),
    /** The project an organization key is bound to. */
    projectId: text('project_id').references(() => projects.id, { onDelete: 'cascade' }),
    /** 'read' allows GET routes only. */
    permission: text('permission', { enum: KEY_PERMISSIONS }).notNull().default('read-write'),
    /** JSON array of the resources the key may reach; null means all of them. */
    resources: text('resources'),
    name: text('name').notNull(),
    /** SHA-256 of the secret part; the secret itself is never stored. */
    secretHash: blob('secret_hash', { mode: 'buffer' }).notNull(),
    /** The secret replaced by the last regeneration, valid until previousSecretExpiresAt. */
    previousSecretHash: blob('previous_secret_hash', { mode: 'buffer' }),
    previousSecretExpiresAt: integer('previous_secret_expires_at'),
    previousSecretLastUsedAt: integer('previous_secret_last_used_at'),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at'),
    revokedAt: integer('revoked_at'),
    /** A disabled key is refused like a revoked one, but can be enabled again. */
    disabledAt: integer('disabled_at'),
    regeneratedAt: integer('regenerated_at'),
    lastUsedAt: integer('last_used_at'),
    lastUsedIp: text('last_used_ip'),
    /** The User-Agent of the latest use, as the caller sent it (cleaned when shown). */
    lastUsedUserAgent: text('last_used_user_agent'),
  },
  (t) => [
    index('api_keys_account_user_idx').on(t.accountId, t.userId),
    index('api_keys_service_account_idx').on(t.serviceAccountId),
    // Exactly one owner, matching the kind.
    check(
      'api_keys_owner_matches_kind',
      sql`(${t.kind} = 'personal' AND ${t.userId} IS NOT NULL AND ${t.serviceAccountId} IS NULL AND ${t.projectId} IS NULL)
        OR (${t.kind} = 'service' AND ${t.serviceAccountId} IS NOT NULL AND ${t.userId} IS NULL AND ${t.projectId} IS NULL)
        OR (${t.kind} = 'organization' AND ${t.projectId} IS NOT NULL AND ${t.userId} IS NULL AND ${t.serviceAccountId} IS NULL)`,
    ),
  ],
);

export const invitations = sqliteTable(
  'invitations',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    /** SHA-256 of the invitation token; the link is shown once to the inviter. */
    tokenHash: blob('token_hash', { mode: 'buffer' }).notNull(),
    role: text('role', { enum: ['admin', 'member'] }).notNull(),
    createdBy: text('created_by')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
    acceptedAt: integer('accepted_at'),
    revokedAt: integer('revoked_at'),
    acceptedBy: text('accepted_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [
    uniqueIndex('invitations_token_hash_unique').on(t.tokenHash),
    index('invitations_account_idx').on(t.accountId),
  ],
);

export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    actorUserId: text('actor_user_id'),
    actorKeyId: text('actor_key_id'),
    /** Who acted, as shown to people (an email, a service account's name), kept even after the actor is removed. */
    actorLabel: text('actor_label'),
    action: text('action').notNull(),
    targetKeyId: text('target_key_id'),
    /** JSON with action-specific detail; never a secret or an Authorization value. */
    detail: text('detail'),
    ip: text('ip'),
    userAgent: text('user_agent'),
    createdAt: integer('created_at')
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
  },
  (t) => [
    index('audit_log_account_time_idx').on(t.accountId, t.createdAt),
    // The audit page reads an account's rows newest first by id (keyset pagination), optionally for one action;
    // SQLite appends the rowid (= id) to every index, so (account_id, action) also serves ORDER BY id.
    index('audit_log_account_id_idx').on(t.accountId, t.id),
    index('audit_log_account_action_idx').on(t.accountId, t.action),
  ],
);

/** Consecutive failed sign-ins per email, for the sign-in slow-down. */
export const signInFailures = sqliteTable('sign_in_failures', {
  email: text('email').primaryKey(),
  failures: integer('failures').notNull(),
  lastFailureAt: integer('last_failure_at').notNull(),
  lockedUntil: integer('locked_until'),
});

/** Consecutive failed sign-ins per client address, for the per-address slow-down (see lib/auth/throttle.ts). */
export const signInAddressFailures = sqliteTable('sign_in_address_failures', {
  address: text('address').primaryKey(),
  failures: integer('failures').notNull(),
  lastFailureAt: integer('last_failure_at').notNull(),
  lockedUntil: integer('locked_until'),
});

/** Requests per key per UTC day, aggregated in memory and flushed in batches (lib/usage). */
export const keyUsageDaily = sqliteTable(
  'key_usage_daily',
  {
    keyId: text('key_id')
      .notNull()
      .references(() => apiKeys.id, { onDelete: 'cascade' }),
    /** Days since the epoch (UTC). */
    day: integer('day').notNull(),
    count: integer('count').notNull(),
  },
  (t) => [primaryKey({ columns: [t.keyId, t.day] })],
);

/**
 * Device logins (`latchkey login`, shaped like RFC 8628): the CLI asks for a pair of codes, a signed-in user approves
 * or denies the short one on /device, and the CLI collects the outcome with the long one. Both codes are stored only
 * as SHA-256 hashes. Approving issues an ordinary personal key in the same transaction; its token waits here only
 * sealed to the CLI's X25519 public key (lib/device/seal.ts), which the server cannot open, and is deleted when
 * collected.
 */
export const deviceLogins = sqliteTable(
  'device_logins',
  {
    id: text('id').primaryKey(),
    deviceCodeHash: blob('device_code_hash', { mode: 'buffer' }).notNull(),
    userCodeHash: blob('user_code_hash', { mode: 'buffer' }).notNull(),
    /** The CLI's X25519 public key (32 bytes, base64url): the token is sealed to it. */
    publicKey: text('public_key').notNull(),
    clientHost: text('client_host').notNull(),
    clientPlatform: text('client_platform').notNull(),
    clientVersion: text('client_version').notNull(),
    requestIp: text('request_ip'),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
    /** Seconds the CLI must wait between polls; grows by 5 with each slow_down (RFC 8628 §3.5). */
    intervalSeconds: integer('interval_seconds').notNull().default(5),
    lastPolledAt: integer('last_polled_at'),
    status: text('status', { enum: ['pending', 'approved', 'denied', 'collected', 'abandoned'] })
      .notNull()
      .default('pending'),
    decidedAt: integer('decided_at'),
    decidedByUserId: text('decided_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    accountId: text('account_id').references(() => accounts.id, { onDelete: 'cascade' }),
    keyId: text('key_id'),
    sealedToken: text('sealed_token'),
  },
  (t) => [
    uniqueIndex('device_logins_device_code_idx').on(t.deviceCodeHash),
    uniqueIndex('device_logins_user_code_idx').on(t.userCodeHash),
    index('device_logins_expires_idx').on(t.expiresAt),
  ],
);
