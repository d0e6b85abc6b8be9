import { randomUUID } from 'node:crypto';
import type { Browser, Page } from '@playwright/test';
import { hashSecret, newToken } from '../lib/keys/token';
import { DAY, invite, newUser, userIds, withDb } from './support';

// The worst case the issue-11 screens must hold, written straight into the run's database (as the app writes these
// rows): an owner with a dozen keys in every state (long names, last used with an IPv6 address, shortened by the
// account's 90-day cap, in a grace window, revoked, expired, disabled, expiring soon, restricted), an admin and two
// members with keys of their own (one locked out of sign-in), 6 service accounts with keys, a project with organization
// keys (79 keys in all), pending invitations, 30 days of usage and a page of audit rows with long user agents.

const HOUR = 3_600_000;
const LONG_AGENT =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/140.0.0.0 Safari/537.36 ' +
  'latchkey-e2e/1.0 (+https://example.com/a-very-long-user-agent-string-that-goes-on)';

interface SeedKey {
  name: string;
  kind?: 'personal' | 'service' | 'organization';
  userId?: string;
  serviceAccountId?: string;
  projectId?: string;
  createdAt?: number;
  expiresAt?: number | null;
  revokedAt?: number | null;
  disabledAt?: number | null;
  lastUsedAt?: number | null;
  lastUsedIp?: string | null;
  grace?: { until: number; lastUsedAt: number | null };
  permission?: 'read' | 'read-write';
  resources?: string[] | null;
}

export interface WorstCase {
  owner: { page: Page; email: string; close: () => Promise<void> };
  accountId: string;
  /** Names of the owner's keys that stay live (for opening their dialogs). */
  liveKey: string;
  serviceAccountName: string;
  memberEmail: string;
}

export async function seedWorstCase(browser: Browser, tag: string): Promise<WorstCase> {
  const owner = await newUser(browser, `${tag}-owner`);
  const admin = await invite(owner.page, browser, 'Admin');
  const member = await invite(owner.page, browser, 'Member');
  const locked = await invite(owner.page, browser, 'Member');
  await Promise.all([admin.context.close(), member.context.close(), locked.context.close()]);
  const { userId: ownerId, accountId } = userIds(owner.email);
  const now = Date.now();
  const ids = {
    owner: ownerId,
    admin: userIds(admin.email).userId,
    member: userIds(member.email).userId,
    locked: userIds(locked.email).userId,
  };

  withDb((db) =>
    db.transaction(() => {
      db.prepare('UPDATE accounts SET max_key_lifetime_days = 90 WHERE id = ?').run(accountId);
      const insertKey = db.prepare(
        `INSERT INTO api_keys (id, account_id, kind, user_id, service_account_id, project_id, permission, resources, name,
           secret_hash, previous_secret_hash, previous_secret_expires_at, previous_secret_last_used_at, created_at,
           expires_at, revoked_at, disabled_at, last_used_at, last_used_ip)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      const usage = db.prepare('INSERT INTO key_usage_daily (key_id, day, count) VALUES (?, ?, ?)');
      const today = Math.floor(now / DAY);
      const add = (key: SeedKey) => {
        const { keyId, secretHash } = newToken('lk');
        const kind = key.kind ?? 'personal';
        insertKey.run(
          keyId,
          accountId,
          kind,
          kind === 'personal' ? (key.userId ?? ownerId) : null,
          kind === 'service' ? key.serviceAccountId! : null,
          kind === 'organization' ? key.projectId! : null,
          key.permission ?? 'read-write',
          key.resources === undefined || key.resources === null ? null : JSON.stringify([...key.resources].sort()),
          key.name,
          secretHash,
          key.grace ? newToken('lk').secretHash : null,
          key.grace?.until ?? null,
          key.grace?.lastUsedAt ?? null,
          key.createdAt ?? now - 20 * DAY,
          key.expiresAt === undefined ? now + 60 * DAY : key.expiresAt,
          key.revokedAt ?? null,
          key.disabledAt ?? null,
          key.lastUsedAt ?? null,
          key.lastUsedIp ?? null,
        );
        if (key.lastUsedAt) for (let d = 0; d < 30; d += 3) usage.run(keyId, today - d, 1 + ((d * 7) % 40));
        return keyId;
      };

      // The owner's dozen, in every state a row can show.
      const used = { lastUsedAt: now - 5 * 60_000, lastUsedIp: '2001:db8:85a3:1234:5678:8a2e:370:7334' };
      add({ name: 'Production deploys from the main CI pipeline (GitHub Actions, all regions)', ...used });
      add({ name: 'x'.repeat(100), ...used });
      add({ name: 'No expiry, shortened by the account policy', expiresAt: null, createdAt: now - 10 * DAY });
      add({ name: 'One year, shortened', expiresAt: now + 300 * DAY, createdAt: now - 65 * DAY, ...used });
      add({
        name: 'Rotating: old secret in its grace window',
        grace: { until: now + 20 * HOUR, lastUsedAt: now - 2 * 60_000 },
        ...used,
      });
      add({ name: 'Rotating, old secret unused since', grace: { until: now + 6 * 24 * HOUR, lastUsedAt: null } });
      add({ name: 'Revoked laptop key', revokedAt: now - DAY, ...used });
      add({
        name: 'Expired staging key',
        createdAt: now - 100 * DAY,
        expiresAt: now - DAY,
        lastUsedAt: now - 2 * DAY,
        lastUsedIp: '198.51.100.23',
      });
      add({ name: 'Expiring soon', createdAt: now - 80 * DAY, expiresAt: now + 3 * DAY, ...used });
      add({ name: 'Read only, two resources', permission: 'read', resources: ['me', 'projects'] });
      add({ name: 'Verifier', resources: ['keys:verify'], ...used });
      add({ name: 'Spare key', createdAt: now - 2 * DAY });

      // Others' keys, service accounts and a project: about 80 keys in the account.
      for (let i = 0; i < 20; i++) add({ name: `admin key ${i + 1}`, userId: ids.admin, ...(i % 2 ? used : {}) });
      for (let i = 0; i < 12; i++) add({ name: `member key ${i + 1}`, userId: ids.member, ...(i % 3 ? {} : used) });
      add({ name: 'locked member key', userId: ids.locked });
      const insertSa = db.prepare(
        'INSERT INTO service_accounts (id, account_id, name, description, role, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      );
      for (let s = 0; s < 6; s++) {
        const id = randomUUID();
        insertSa.run(
          id,
          accountId,
          s === 0 ? 'nightly-etl-with-a-rather-long-service-account-name' : `service-${s + 1}`,
          s === 0 ? 'Loads the warehouse every night from the production replicas in three regions.' : '',
          s % 2 ? 'admin' : 'member',
          now - 30 * DAY,
        );
        for (let k = 0; k < 5; k++)
          add({ name: `sa ${s + 1} key ${k + 1}`, kind: 'service', serviceAccountId: id, ...(k % 2 ? used : {}) });
      }
      const projectId = randomUUID();
      db.prepare('INSERT INTO projects (id, account_id, name, created_at) VALUES (?, ?, ?, ?)').run(
        projectId,
        accountId,
        'Billing',
        now - 30 * DAY,
      );
      for (let k = 0; k < 4; k++) add({ name: `billing org key ${k + 1}`, kind: 'organization', projectId });

      // A member locked out of sign-in (the Unlock button), and two pending invitations.
      const lockedEmail = (db.prepare('SELECT email FROM users WHERE id = ?').get(ids.locked) as { email: string })
        .email;
      db.prepare(
        'INSERT OR REPLACE INTO sign_in_failures (email, failures, last_failure_at, locked_until) VALUES (?, ?, ?, ?)',
      ).run(lockedEmail, 12, now - 60_000, now + HOUR);
      const insertInvitation = db.prepare(
        'INSERT INTO invitations (id, account_id, token_hash, role, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      );
      for (const role of ['admin', 'member'])
        insertInvitation.run(randomUUID(), accountId, hashSecret(randomUUID()), role, ownerId, now, now + 7 * DAY);

      // Audit rows with long user agents and IPv6 addresses.
      const audit = db.prepare(
        'INSERT INTO audit_log (account_id, action, actor_user_id, actor_label, detail, ip, user_agent, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      );
      for (let i = 0; i < 30; i++)
        audit.run(
          accountId,
          i % 3 ? 'auth.signed_in' : 'account.max_key_lifetime_changed',
          ownerId,
          owner.email,
          i % 3 ? null : JSON.stringify({ from: null, to: 90 }),
          '2001:db8:85a3:1234:5678:8a2e:370:7334',
          LONG_AGENT,
          now - i * HOUR,
        );
    })(),
  );

  return {
    owner: { page: owner.page, email: owner.email, close: () => owner.context.close() },
    accountId,
    liveKey: 'Spare key',
    serviceAccountName: 'service-2',
    memberEmail: member.email,
  };
}
