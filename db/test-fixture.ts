import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase, type Db } from '.';
import { createSqliteStore } from './sqlite-store';
import { newToken } from '../lib/keys/token';
import type { Store } from './store';
import type { Actor } from '../lib/policy/access';
import type { RequestMeta, Role } from '../lib/types';

// For the services' unit tests: a real SQLite file in a temporary folder, accounts seeded with plain SQL, and counts
// of rows and audit rows to show what an operation left behind.

export const meta: RequestMeta = { actorUserId: null, actorLabel: 'test', ip: null, userAgent: null };

export function testDatabase(name: string) {
  const dir = mkdtempSync(path.join(tmpdir(), `latchkey-${name}-`));
  /** The database file, for a second connection (as another process would open it). */
  const file = path.join(dir, `${name}.db`);
  const db: Db = openDatabase(file);
  const store: Store = createSqliteStore(db);
  const run = (sql: string, ...args: unknown[]) => db.$client.prepare(sql).run(...args);
  const one = <T>(sql: string, ...args: unknown[]) => db.$client.prepare(sql).get(...args) as T;
  const count = (table: string, accountId: string) =>
    one<{ n: number }>(`SELECT count(*) AS n FROM ${table} WHERE account_id = ?`, accountId).n;

  /**
   * A fresh account with an owner, an admin and a member; with `extras`, also a service account ('bot', member role)
   * and a project ('p'), and the organization key limit set.
   */
  function account(options: { maxOrganizationKeys?: number; extras?: boolean } = {}) {
    const id = randomUUID();
    run(
      'INSERT INTO accounts (id, name, max_organization_keys, created_at) VALUES (?, ?, ?, 0)',
      id,
      id,
      options.maxOrganizationKeys ?? 5,
    );
    const users = {} as Record<Role, string>;
    for (const role of ['owner', 'admin', 'member'] as const) {
      users[role] = randomUUID();
      run(
        "INSERT INTO users (id, account_id, email, password_hash, role, created_at) VALUES (?, ?, ?, 'x', ?, 0)",
        users[role],
        id,
        `${users[role]}@example.com`,
        role,
      );
    }
    const actor = (role: Role, sudo = true): Actor => ({
      type: 'user',
      accountId: id,
      userId: users[role],
      role,
      sudo,
    });
    let serviceAccountId = '';
    let projectId = '';
    if (options.extras) {
      serviceAccountId = randomUUID();
      run(
        "INSERT INTO service_accounts (id, account_id, name, role, created_at) VALUES (?, ?, 'bot', 'member', 0)",
        serviceAccountId,
        id,
      );
      projectId = randomUUID();
      run("INSERT INTO projects (id, account_id, name, created_at) VALUES (?, ?, 'p', 0)", projectId, id);
    }
    return { id, users, actor, serviceAccountId, projectId };
  }

  /** A live personal key of `userId` by plain SQL (columns in `fields` override the defaults); returns its id. */
  function insertKey(accountId: string, userId: string, fields: Record<string, unknown> = {}) {
    const { keyId, secretHash } = newToken('lk');
    const row = {
      id: keyId,
      account_id: accountId,
      kind: 'personal',
      user_id: userId,
      name: 'k',
      secret_hash: secretHash,
      created_at: 0,
      ...fields,
    };
    const columns = Object.keys(row);
    run(
      `INSERT INTO api_keys (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
      ...Object.values(row),
    );
    return keyId;
  }

  const close = () => {
    db.$client.close();
    rmSync(dir, { recursive: true, force: true });
  };
  return { db, file, store, run, one, count, account, insertKey, close };
}
