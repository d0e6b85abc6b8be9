import { randomBytes } from 'node:crypto';
import { newToken } from '../lib/keys/token';
import { DAY, recordSecret, userIds, withDb } from './support';

// One user's keys in every state a Security page shows, with usage and audit events: the data of the screenshot tests
// (e2e/ui/screens.spec.ts) and of `npm run screenshots` (the README's pictures). Times are relative to `now`; the
// usage pattern and the names are fixed, so the pictures differ only where the date does.

const HOUR = 60 * 60 * 1000;

interface ShowcaseKey {
  name: string;
  created: number;
  /** Days from now; null: never. */
  expires: number | null;
  permission?: 'read' | 'read-write';
  resources?: string[] | null;
  revoked?: number;
  lastUsed?: number;
  ip?: string;
  userAgent?: string;
  /** The old secret of a rotation still works this many hours; last used `graceUsed` hours ago. */
  graceHours?: number;
  graceUsed?: number;
  /** Requests per day, oldest first, ending today. */
  usage?: number[];
}

// 30 days of a CI key: quiet weekends, a busy release week.
const CI_USAGE = [
  12, 15, 3, 0, 14, 18, 16, 20, 17, 2, 1, 19, 22, 25, 41, 38, 4, 2, 21, 19, 23, 18, 20, 3, 0, 17, 16, 24, 22, 9,
];

export const SHOWCASE: ShowcaseKey[] = [
  {
    name: 'CI deploys',
    created: -12 * DAY,
    expires: 78,
    permission: 'read-write',
    resources: ['me', 'projects'],
    lastUsed: -2 * HOUR,
    ip: '203.0.113.24',
    userAgent: 'GitHub-Actions/2.321 node-fetch/3.3',
    usage: CI_USAGE,
  },
  {
    name: 'Nightly backup',
    created: -40 * DAY,
    expires: 325,
    permission: 'read',
    resources: ['keys', 'projects'],
    lastUsed: -30 * 60 * 1000,
    ip: '198.51.100.7',
    userAgent: 'backup-job/1.4',
    graceHours: 20,
    graceUsed: 3,
    usage: Array.from({ length: 30 }, () => 1),
  },
  {
    name: 'Staging smoke tests',
    created: -85 * DAY,
    expires: 5,
    permission: 'read',
    resources: ['me'],
    lastUsed: -26 * HOUR,
    ip: '192.0.2.10',
    userAgent: 'curl/8.5.0',
    usage: [0, 0, 4, 4, 4, 0, 0, 4, 4, 4, 4, 4, 0, 0, 4, 4, 4, 4, 4, 0, 0, 4, 4, 4, 4, 4, 0, 0, 4, 0],
  },
  { name: 'Laptop CLI', created: -3 * DAY, expires: null, permission: 'read-write', resources: null },
  { name: 'Key verification for the shop', created: -1 * DAY, expires: 7, resources: ['keys:verify'] },
  { name: 'Expired import job', created: -41 * DAY, expires: -10, permission: 'read', resources: ['projects'] },
  { name: 'Old webhook', created: -60 * DAY, expires: 30, revoked: -3 * DAY, resources: ['me'] },
];

/** Seeds the showcase keys for `email`'s user; returns their key ids by name. */
export function seedShowcase(email: string, now = Date.now()): Record<string, string> {
  const { userId, accountId } = userIds(email);
  const ids: Record<string, string> = {};
  const today = Math.floor(now / DAY);
  withDb((db) =>
    db.transaction(() => {
      for (const key of SHOWCASE) {
        const { keyId, token, secretHash } = newToken('lk');
        recordSecret(token);
        ids[key.name] = keyId;
        const createdAt = now + key.created;
        db.prepare(
          `INSERT INTO api_keys (id, account_id, kind, user_id, name, secret_hash, permission, resources, created_at,
             expires_at, revoked_at, last_used_at, last_used_ip, last_used_user_agent, previous_secret_hash,
             previous_secret_expires_at, previous_secret_last_used_at, regenerated_at)
           VALUES (?, ?, 'personal', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(
          keyId,
          accountId,
          userId,
          key.name,
          secretHash,
          key.permission ?? 'read-write',
          key.resources === undefined || key.resources === null ? null : JSON.stringify([...key.resources].sort()),
          createdAt,
          key.expires === null ? null : now + key.expires * DAY,
          key.revoked === undefined ? null : now + key.revoked,
          key.lastUsed === undefined ? null : now + key.lastUsed,
          key.ip ?? null,
          key.userAgent ?? null,
          key.graceHours === undefined ? null : randomBytes(32),
          key.graceHours === undefined ? null : now + key.graceHours * HOUR,
          key.graceUsed === undefined ? null : now - key.graceUsed * HOUR,
          key.graceHours === undefined ? null : now - (24 - key.graceHours) * HOUR,
        );
        const audit = db.prepare(
          `INSERT INTO audit_log (account_id, action, actor_user_id, actor_label, target_key_id, detail, ip, user_agent,
             created_at) VALUES (?, ?, ?, ?, ?, ?, '127.0.0.1', 'Mozilla/5.0 (X11; Linux x86_64) Chrome', ?)`,
        );
        audit.run(
          accountId,
          'key.created',
          userId,
          email,
          keyId,
          JSON.stringify({
            name: key.name,
            kind: 'personal',
            expiresAt: key.expires === null ? null : now + key.expires * DAY,
            permission: key.permission ?? 'read-write',
            resources: key.resources ?? null,
          }),
          createdAt,
        );
        if (key.graceHours !== undefined)
          audit.run(
            accountId,
            'key.regenerated',
            userId,
            email,
            keyId,
            JSON.stringify({ oldSecretValidUntil: now + key.graceHours * HOUR }),
            now - (24 - key.graceHours) * HOUR,
          );
        if (key.revoked !== undefined)
          audit.run(accountId, 'key.revoked', userId, email, keyId, null, now + key.revoked);
        const usage = key.usage ?? [];
        const insert = db.prepare('INSERT INTO key_usage_daily (key_id, day, count) VALUES (?, ?, ?)');
        usage.forEach((count, i) => {
          if (count > 0) insert.run(keyId, today - usage.length + 1 + i, count);
        });
      }
    })(),
  );
  return ids;
}
