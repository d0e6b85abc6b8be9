import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openDatabase, type Db } from '../../db';
import { createSqliteStore } from '../../db/sqlite-store';
import { CONFIRMATION_WINDOW_MS } from '../../lib/auth/reauth';
import { newToken } from '../../lib/keys/token';
import { userActor } from '../../lib/policy/access';
import type { SessionUser } from '../../lib/types';
import { removeMember } from './members';
import { regenerateKey } from './keys';

// The race of issue 10: an admin regenerates a key while an owner offboards its member, moving the key to a service
// account. Regenerating a service key needs sudo mode (README, docs/security.md), so an admin whose password proof is
// stale must be refused, however the two requests interleave. The offboarding is run at the moment the regeneration
// opens its transaction, i.e. after anything it may have read before: a check made outside that transaction sees the
// key as it was (a member's personal key, outside the admin's reach, so no password asked) and the change then acts
// on a service key. Real SQLite file; the instrumented entry point is the database handle's transaction method.

const dir = mkdtempSync(path.join(tmpdir(), 'latchkey-race-'));
process.env.DATA_DIR ??= dir;
after(() => rmSync(dir, { recursive: true, force: true }));

const NOW = Date.UTC(2026, 3, 1, 12);
let db: Db;

function seed() {
  const run = (sql: string, ...args: unknown[]) => db.$client.prepare(sql).run(...args);
  run("INSERT INTO accounts (id, name, created_at) VALUES ('a', 'Acme', 0)");
  for (const [id, role] of [
    ['u-owner', 'owner'],
    ['u-admin', 'admin'],
    ['u-member', 'member'],
  ]) {
    run(
      "INSERT INTO users (id, account_id, email, password_hash, role, created_at) VALUES (?, 'a', ?, 'x', ?, 0)",
      id,
      `${id}@example.com`,
      role,
    );
  }
  const { keyId, secretHash } = newToken('lk');
  run(
    "INSERT INTO api_keys (id, account_id, kind, user_id, name, secret_hash, created_at) VALUES (?, 'a', 'personal', 'u-member', 'laptop', ?, ?)",
    keyId,
    secretHash,
    NOW - 1000,
  );
  return { keyId, secretHash };
}

/** `db`, except that the first transaction begins only after `interleave` has run on the real handle. */
function interleavedAtFirstTransaction(interleave: () => void): Db {
  let fired = false;
  return new Proxy(db, {
    get(target, property, receiver) {
      if (property !== 'transaction') return Reflect.get(target, property, receiver);
      return (...args: Parameters<Db['transaction']>) => {
        if (!fired) {
          fired = true;
          interleave();
        }
        return target.transaction(...args);
      };
    },
  });
}

const meta = { actorUserId: 'u-admin', actorLabel: 'u-admin@example.com', ip: null, userAgent: null };
const staleAdmin: SessionUser = {
  sessionId: 's',
  userId: 'u-admin',
  email: 'u-admin@example.com',
  role: 'admin',
  accountId: 'a',
  accountName: 'Acme',
  confirmedAt: NOW - CONFIRMATION_WINDOW_MS - 1,
};

before(() => {
  db = openDatabase(path.join(dir, 'race.db'));
});

describe('regenerating a key while its member is offboarded', () => {
  it('asks an admin with a stale password proof to confirm it, and changes nothing', async () => {
    const { keyId, secretHash } = seed();
    // The owner's offboarding request, through the members service, as its action runs it.
    const owner = { type: 'user', accountId: 'a', userId: 'u-owner', role: 'owner', sudo: true } as const;
    const ownerMeta = { actorUserId: 'u-owner', actorLabel: 'u-owner@example.com', ip: null, userAgent: null };
    let offboarding: Promise<{ ok: boolean }> | undefined;
    const racing = interleavedAtFirstTransaction(() => {
      offboarding = removeMember(
        { store: createSqliteStore(db), actor: owner, now: NOW, meta: ownerMeta },
        { userId: 'u-member', plan: { keys: 'move-new', newServiceAccountId: 'sa-former' } },
      );
    });

    let outcome: unknown;
    try {
      outcome = await regenerateKey(
        { store: createSqliteStore(racing), actor: userActor(staleAdmin, NOW), now: NOW, meta },
        'lk',
        { keyId, grace: 'immediately' },
      );
    } catch (error) {
      outcome = error;
    }

    assert.equal((await offboarding)?.ok, true);
    const row = db.$client.prepare('SELECT kind, secret_hash AS hash FROM api_keys WHERE id = ?').get(keyId) as {
      kind: string;
      hash: Buffer;
    };
    assert.equal(row.kind, 'service', 'the offboarding moved the key');
    assert.ok(
      Buffer.compare(row.hash, secretHash) === 0,
      'the secret was replaced without the password confirmation sudo mode requires',
    );
    const regenerated = db.$client
      .prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'key.regenerated'")
      .get() as { n: number };
    assert.equal(regenerated.n, 0);
    assert.ok(!JSON.stringify(outcome ?? null).includes('"token"'), 'no new secret is handed out');
    assert.deepEqual(outcome, { ok: false, reason: 'reauth' }, 'the refusal asks for the password');
  });
});
