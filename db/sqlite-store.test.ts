import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, it } from 'node:test';
import { newToken } from '../lib/keys/token';
import { testDatabase } from './test-fixture';
import type { Db } from '.';

// The pages' reads through the SQLite store cost a fixed number of statements, whatever the number of members or
// service accounts (no query per row), and see only their own account. better-sqlite3 has no statement hook, so
// the connection's `prepare` is wrapped: drizzle prepares every statement it runs.

const t = testDatabase('store-reads');
after(t.close);
const NOW = Date.UTC(2026, 5, 1, 12);

async function statementsOf<T>(db: Db, read: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
  const client = db.$client;
  const prepare = client.prepare;
  const statements: string[] = [];
  client.prepare = function (this: typeof client, source: string) {
    statements.push(source);
    return prepare.call(this, source);
  } as typeof prepare;
  try {
    return { result: await read(), statements };
  } finally {
    client.prepare = prepare;
  }
}

function key(
  accountId: string,
  fields: { kind: 'personal' | 'service'; user_id?: string; service_account_id?: string; revoked_at?: number },
) {
  const { keyId, secretHash } = newToken('lk');
  const row = {
    id: keyId,
    account_id: accountId,
    name: 'k',
    secret_hash: secretHash,
    created_at: NOW - 1000,
    ...fields,
  };
  const columns = Object.keys(row);
  t.run(
    `INSERT INTO api_keys (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
    ...Object.values(row),
  );
  return keyId;
}

/** An account with `n` more members and `n` service accounts, each with two live keys and a revoked one. */
function populated(n: number) {
  const a = t.account();
  const members: string[] = [];
  const serviceAccounts: string[] = [];
  for (let i = 0; i < n; i++) {
    const userId = randomUUID();
    t.run(
      "INSERT INTO users (id, account_id, email, password_hash, role, created_at) VALUES (?, ?, ?, 'x', 'member', 1)",
      userId,
      a.id,
      `${userId}@example.com`,
    );
    members.push(userId);
    const sa = randomUUID();
    t.run(
      "INSERT INTO service_accounts (id, account_id, name, role, created_at) VALUES (?, ?, ?, 'member', 0)",
      sa,
      a.id,
      `sa ${i}`,
    );
    serviceAccounts.push(sa);
    for (const revoked of [false, false, true]) {
      key(a.id, { kind: 'personal', user_id: userId, ...(revoked && { revoked_at: NOW - 1 }) });
      const serviceKey = key(a.id, {
        kind: 'service',
        service_account_id: sa,
        ...(revoked && { revoked_at: NOW - 1 }),
      });
      t.run(
        'INSERT INTO key_usage_daily (key_id, day, count) VALUES (?, ?, 3)',
        serviceKey,
        Math.floor(NOW / 86_400_000),
      );
    }
  }
  return { ...a, members, serviceAccounts };
}

describe('the Members page read', () => {
  it('costs the same number of statements for 1 member as for 25, and groups each member`s live keys', async () => {
    const small = populated(1);
    const large = populated(25);
    const one = await statementsOf(t.db, () => t.store.membersOverview(small.id, NOW));
    const many = await statementsOf(t.db, () => t.store.membersOverview(large.id, NOW));
    assert.equal(many.statements.length, one.statements.length);
    assert.ok(many.statements.length > 0 && many.statements.length <= 5, `${many.statements.length} statements`);
    assert.equal(many.result.members.length, 28);
    for (const userId of large.members) assert.equal(many.result.members.find((m) => m.id === userId)?.keys.length, 2);
    // The seeded owner, admin and member have no keys; nothing of the other account appears.
    assert.equal(many.result.members.filter((m) => m.keys.length === 0).length, 3);
    assert.equal(many.result.serviceAccounts.length, 25);
    assert.ok(!many.result.members.some((m) => small.members.includes(m.id)));
  });
});

describe('the Service accounts page read', () => {
  it('costs the same number of statements for 1 service account as for 25, with every key and its usage', async () => {
    const small = populated(1);
    const large = populated(25);
    const one = await statementsOf(t.db, () => t.store.serviceAccountsOverview(small.id, NOW));
    const many = await statementsOf(t.db, () => t.store.serviceAccountsOverview(large.id, NOW));
    assert.equal(many.statements.length, one.statements.length);
    assert.ok(many.statements.length > 0 && many.statements.length <= 4, `${many.statements.length} statements`);
    assert.equal(many.result.serviceAccounts.length, 25);
    for (const sa of many.result.serviceAccounts) {
      // Revoked keys are listed too (the table shows them), each with its usage series.
      assert.equal(sa.keys.length, 3);
      assert.ok(sa.keys.every((k) => k.serviceAccountId === sa.id && k.accountId === large.id));
      for (const k of sa.keys) assert.equal(many.result.usage[k.id]?.at(-1), 3);
    }
  });
});
