import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { openDatabase, type Db } from '..';
import { accounts, apiKeys, users } from '../schema';
import { DAY_MS, HOUR_MS } from '../../lib/keys/expiry';
import { formatToken, generateSecret, hashSecret, newToken } from '../../lib/keys/token';
import { verifyToken } from './verify-key';

// Integration test against a real SQLite file with the committed migrations (run from the repository root).
const NOW = Date.UTC(2026, 0, 15, 10, 0, 0);

let dir: string;
let db: Db;
let seq = 0;

function makeAccount(capDays: number | null = null) {
  seq++;
  const accountId = `acct-${seq}`;
  const userId = `user-${seq}`;
  db.insert(accounts)
    .values({ id: accountId, name: `Account ${seq}`, maxKeyLifetimeDays: capDays, createdAt: NOW - 400 * DAY_MS })
    .run();
  db.insert(users)
    .values({
      id: userId,
      accountId,
      email: `u${seq}@example.com`,
      passwordHash: 'x',
      role: 'owner',
      createdAt: NOW - 400 * DAY_MS,
    })
    .run();
  return { accountId, userId, email: `u${seq}@example.com`, name: `Account ${seq}` };
}

type KeyOverrides = Partial<typeof apiKeys.$inferInsert>;

function makeKey(owner: { accountId: string; userId: string }, over: KeyOverrides = {}) {
  const t = newToken('lk');
  db.insert(apiKeys)
    .values({
      id: t.keyId,
      accountId: owner.accountId,
      userId: owner.userId,
      name: 'CI deploy',
      secretHash: t.secretHash,
      createdAt: NOW - DAY_MS,
      expiresAt: null,
      ...over,
    })
    .run();
  return t;
}

before(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'latchkey-verify-'));
  db = openDatabase(path.join(dir, 'test.db'));
});

after(() => {
  db?.$client.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('verifyToken', () => {
  it('accepts a valid token and returns the principal', () => {
    const owner = makeAccount();
    const expiresAt = NOW + 30 * DAY_MS;
    const { token, keyId, secret } = makeKey(owner, { expiresAt });
    assert.deepEqual(verifyToken(db, token, 'lk', NOW), {
      ok: true,
      principal: {
        keyId,
        keyName: 'CI deploy',
        kind: 'personal',
        accountId: owner.accountId,
        accountName: owner.name,
        owner: { type: 'user', id: owner.userId, email: owner.email, role: 'owner' },
        permission: 'read-write',
        resources: null,
        expiresAt,
        effectiveExpiresAt: expiresAt,
        usedPreviousSecret: false,
        // The hash of the secret presented, which the actor re-read checks again: never the secret itself.
        secretProof: hashSecret(secret),
      },
    });
  });

  it('a key without expiry and no cap never expires', () => {
    const { token } = makeKey(makeAccount());
    const result = verifyToken(db, token, 'lk', NOW + 50 * 365 * DAY_MS);
    assert.equal(result.ok, true);
    if (result.ok) assert.equal(result.principal.effectiveExpiresAt, null);
  });

  it('a bad checksum is refused as bad_checksum', () => {
    const { token } = makeKey(makeAccount());
    const last = token.at(-1) === 'a' ? 'b' : 'a';
    assert.deepEqual(verifyToken(db, token.slice(0, -1) + last, 'lk', NOW), { ok: false, reason: 'bad_checksum' });
  });

  it('malformed and bad-checksum tokens are refused before any database read', () => {
    const untouchable = new Proxy({} as Db, {
      get() {
        throw new Error('the database was touched');
      },
    });
    const { token } = newToken('lk');
    const badChecksum = token.slice(0, -1) + (token.at(-1) === 'a' ? 'b' : 'a');
    assert.deepEqual(verifyToken(untouchable, badChecksum, 'lk', NOW), { ok: false, reason: 'bad_checksum' });
    assert.deepEqual(verifyToken(untouchable, 'not a token', 'lk', NOW), { ok: false, reason: 'malformed' });
    // The same valid token does reach the database.
    assert.throws(() => verifyToken(untouchable, token, 'lk', NOW), /the database was touched/);
  });

  it('a wrong prefix is refused as malformed', () => {
    const owner = makeAccount();
    const { token } = makeKey(owner);
    assert.deepEqual(verifyToken(db, token, 'acme', NOW), { ok: false, reason: 'malformed' });
    const other = newToken('acme');
    assert.deepEqual(verifyToken(db, other.token, 'lk', NOW), { ok: false, reason: 'malformed' });
  });

  it('garbage and the empty string are malformed', () => {
    assert.deepEqual(verifyToken(db, '', 'lk', NOW), { ok: false, reason: 'malformed' });
    assert.deepEqual(verifyToken(db, 'lk_' + 'x'.repeat(8192), 'lk', NOW), { ok: false, reason: 'malformed' });
  });

  it('an unknown key id with a valid checksum is not_found', () => {
    makeKey(makeAccount());
    const { token, keyId } = newToken('lk');
    assert.deepEqual(verifyToken(db, token, 'lk', NOW), { ok: false, reason: 'not_found', keyId });
  });

  it('the right key id with another secret (valid checksum) is wrong_secret', () => {
    const owner = makeAccount();
    const { keyId } = makeKey(owner);
    const forged = formatToken({ prefix: 'lk', keyId, secret: generateSecret() });
    assert.deepEqual(verifyToken(db, forged, 'lk', NOW), {
      ok: false,
      reason: 'wrong_secret',
      keyId,
      accountId: owner.accountId,
    });
  });

  it('a revoked key is refused as revoked', () => {
    const owner = makeAccount();
    const { token, keyId } = makeKey(owner, { revokedAt: NOW - HOUR_MS });
    assert.deepEqual(verifyToken(db, token, 'lk', NOW), {
      ok: false,
      reason: 'revoked',
      keyId,
      accountId: owner.accountId,
    });
  });

  it('revocation is seen on the very next call (no caching of rows)', () => {
    const { token, keyId } = makeKey(makeAccount());
    assert.equal(verifyToken(db, token, 'lk', NOW).ok, true);
    db.update(apiKeys).set({ revokedAt: NOW }).where(eq(apiKeys.id, keyId)).run();
    const result = verifyToken(db, token, 'lk', NOW);
    assert.equal(result.ok, false);
    if (!result.ok) assert.equal(result.reason, 'revoked');
  });

  it('a revoked key with a wrong secret is wrong_secret (the secret is checked first)', () => {
    const owner = makeAccount();
    const { keyId } = makeKey(owner, { revokedAt: NOW - HOUR_MS });
    const forged = formatToken({ prefix: 'lk', keyId, secret: generateSecret() });
    const result = verifyToken(db, forged, 'lk', NOW);
    assert.equal(result.ok, false);
    if (!result.ok) assert.equal(result.reason, 'wrong_secret');
  });

  it('is expired exactly at expiresAt and works 1 ms before', () => {
    const owner = makeAccount();
    const expiresAt = NOW + 7 * DAY_MS;
    const { token, keyId } = makeKey(owner, { expiresAt });
    assert.equal(verifyToken(db, token, 'lk', expiresAt - 1).ok, true);
    assert.deepEqual(verifyToken(db, token, 'lk', expiresAt), {
      ok: false,
      reason: 'expired',
      keyId,
      accountId: owner.accountId,
    });
    assert.equal(verifyToken(db, token, 'lk', expiresAt + DAY_MS).ok, false);
  });

  it('the account cap shortens a key on every use: expired at createdAt + cap', () => {
    const owner = makeAccount(30);
    const createdAt = NOW - 10 * DAY_MS;
    const { token } = makeKey(owner, { createdAt, expiresAt: NOW + 300 * DAY_MS });
    const capEnd = createdAt + 30 * DAY_MS;
    const live = verifyToken(db, token, 'lk', capEnd - 1);
    assert.equal(live.ok, true);
    if (live.ok) {
      assert.equal(live.principal.effectiveExpiresAt, capEnd);
      assert.equal(live.principal.expiresAt, NOW + 300 * DAY_MS);
    }
    const dead = verifyToken(db, token, 'lk', capEnd);
    assert.equal(dead.ok, false);
    if (!dead.ok) assert.equal(dead.reason, 'expired');
  });

  it('lowering the cap stops an older key at once, and removing it brings the key back', () => {
    const owner = makeAccount(null);
    const { token } = makeKey(owner, { createdAt: NOW - 40 * DAY_MS, expiresAt: null });
    assert.equal(verifyToken(db, token, 'lk', NOW).ok, true);

    db.update(accounts).set({ maxKeyLifetimeDays: 30 }).where(eq(accounts.id, owner.accountId)).run();
    const capped = verifyToken(db, token, 'lk', NOW);
    assert.equal(capped.ok, false);
    if (!capped.ok) assert.equal(capped.reason, 'expired');

    db.update(accounts).set({ maxKeyLifetimeDays: null }).where(eq(accounts.id, owner.accountId)).run();
    assert.equal(verifyToken(db, token, 'lk', NOW).ok, true);
  });

  it('a never-expiring key under a cap expires at createdAt + cap', () => {
    const owner = makeAccount(7);
    const { token } = makeKey(owner, { createdAt: NOW, expiresAt: null });
    const live = verifyToken(db, token, 'lk', NOW + 7 * DAY_MS - 1);
    assert.equal(live.ok, true);
    if (live.ok) assert.equal(live.principal.effectiveExpiresAt, NOW + 7 * DAY_MS);
    assert.equal(verifyToken(db, token, 'lk', NOW + 7 * DAY_MS).ok, false);
  });

  describe('after a regeneration', () => {
    function regenerated(graceEnd: number | null) {
      const owner = makeAccount();
      const old = makeKey(owner, { expiresAt: NOW + 30 * DAY_MS });
      const fresh = newToken('lk', old.keyId);
      db.update(apiKeys)
        .set({
          secretHash: fresh.secretHash,
          previousSecretHash: old.secretHash,
          previousSecretExpiresAt: graceEnd,
          regeneratedAt: NOW,
        })
        .where(eq(apiKeys.id, old.keyId))
        .run();
      return { owner, old, fresh };
    }

    it('the new secret works and is not flagged as previous', () => {
      const { fresh } = regenerated(NOW + HOUR_MS);
      const result = verifyToken(db, fresh.token, 'lk', NOW);
      assert.equal(result.ok, true);
      if (result.ok) assert.equal(result.principal.usedPreviousSecret, false);
    });

    it('the previous secret works during grace, flagged usedPreviousSecret', () => {
      const { old } = regenerated(NOW + HOUR_MS);
      const result = verifyToken(db, old.token, 'lk', NOW + HOUR_MS - 1);
      assert.equal(result.ok, true);
      if (result.ok) {
        assert.equal(result.principal.usedPreviousSecret, true);
        assert.equal(result.principal.keyId, old.keyId);
      }
    });

    it('the previous secret is wrong_secret exactly when grace ends', () => {
      const { old, owner } = regenerated(NOW + HOUR_MS);
      assert.deepEqual(verifyToken(db, old.token, 'lk', NOW + HOUR_MS), {
        ok: false,
        reason: 'wrong_secret',
        keyId: old.keyId,
        accountId: owner.accountId,
      });
    });

    it('with no grace ("immediately") the previous secret is wrong_secret at once', () => {
      const { old } = regenerated(null);
      const result = verifyToken(db, old.token, 'lk', NOW);
      assert.equal(result.ok, false);
      if (!result.ok) assert.equal(result.reason, 'wrong_secret');
    });

    it('the previous secret is refused once the key is revoked, even during grace', () => {
      const { old } = regenerated(NOW + DAY_MS);
      db.update(apiKeys).set({ revokedAt: NOW }).where(eq(apiKeys.id, old.keyId)).run();
      const result = verifyToken(db, old.token, 'lk', NOW + HOUR_MS);
      assert.equal(result.ok, false);
      if (!result.ok) assert.equal(result.reason, 'revoked');
    });

    it('a random secret is still wrong_secret during grace', () => {
      const { old } = regenerated(NOW + DAY_MS);
      const forged = formatToken({ prefix: 'lk', keyId: old.keyId, secret: generateSecret() });
      const result = verifyToken(db, forged, 'lk', NOW);
      assert.equal(result.ok, false);
      if (!result.ok) assert.equal(result.reason, 'wrong_secret');
    });
  });

  it('stores only the SHA-256 of the secret, never the token or secret', () => {
    const owner = makeAccount();
    const { keyId, secret, token } = makeKey(owner);
    const row = db.select().from(apiKeys).where(eq(apiKeys.id, keyId)).get()!;
    assert.deepEqual(row.secretHash, hashSecret(secret));
    const dump = JSON.stringify(db.$client.prepare('SELECT * FROM api_keys').all());
    assert.ok(!dump.includes(secret) && !dump.includes(token));
  });

  it('works with a second database handle (prepared statements are per database)', () => {
    const other = openDatabase(path.join(dir, 'other.db'));
    try {
      const { token } = makeKey(makeAccount());
      assert.equal(verifyToken(db, token, 'lk', NOW).ok, true);
      const result = verifyToken(other, token, 'lk', NOW);
      assert.equal(result.ok, false);
      if (!result.ok) assert.equal(result.reason, 'not_found');
    } finally {
      other.$client.close();
    }
  });
});
