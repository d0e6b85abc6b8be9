import type Database from './sqlite';

// Health checks on a Latchkey database file, shared by the backup command and the crash drill. They take a plain
// better-sqlite3 handle (no migrations run, nothing written), so they can inspect a copy or a crashed file as it is.

export interface TableCount {
  name: string;
  rows: number;
}

export interface DatabaseHealth {
  /** `PRAGMA integrity_check` output: exactly ['ok'] when the file is sound. */
  integrity: string[];
  /** `PRAGMA foreign_key_check` rows: empty when every reference resolves. */
  foreignKeyProblems: { table: string; rowid: number | null; parent: string }[];
  tables: TableCount[];
}

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

export function databaseHealth(db: Database.Database): DatabaseHealth {
  const integrity = (db.pragma('integrity_check') as { integrity_check: string }[]).map((row) => row.integrity_check);
  const foreignKeyProblems = (
    db.pragma('foreign_key_check') as { table: string; rowid: number | null; parent: string }[]
  ).map(({ table, rowid, parent }) => ({ table, rowid, parent }));
  const names = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[];
  const tables = names.map((name) => ({
    name,
    rows: Number(
      db
        .prepare(`SELECT count(*) FROM ${quoteIdent(name)}`)
        .pluck()
        .get(),
    ),
  }));
  return { integrity, foreignKeyProblems, tables };
}

export const isHealthy = (health: DatabaseHealth) =>
  health.integrity.length === 1 && health.integrity[0] === 'ok' && health.foreignKeyProblems.length === 0;

/**
 * Keys and their audit rows must change together (db/queries/keys.ts writes both in one transaction), so after any
 * crash each of these queries must return nothing. Each names the key ids it found, never a hash.
 *
 * Valid for databases where keys are only made and changed through the server actions and never deleted (the crash
 * drill's): keys seeded straight into the table, or removed with their owner, have no matching audit history.
 */
const KEY_INVARIANTS: { name: string; sql: string }[] = [
  {
    name: 'key whose owner is missing or belongs to another account',
    sql: `SELECT k.id FROM api_keys k WHERE NOT (
        (k.kind = 'personal' AND EXISTS (SELECT 1 FROM users u WHERE u.id = k.user_id AND u.account_id = k.account_id))
        OR (k.kind = 'service' AND EXISTS (SELECT 1 FROM service_accounts s WHERE s.id = k.service_account_id AND s.account_id = k.account_id))
        OR (k.kind = 'organization' AND EXISTS (SELECT 1 FROM projects p WHERE p.id = k.project_id AND p.account_id = k.account_id)))`,
  },
  {
    name: 'key without exactly one key.created audit row at its creation time (half-created)',
    sql: `SELECT k.id FROM api_keys k WHERE (SELECT count(*) FROM audit_log a WHERE a.target_key_id = k.id
        AND a.account_id = k.account_id AND a.action = 'key.created' AND a.created_at = k.created_at) != 1
        OR (SELECT count(*) FROM audit_log a WHERE a.target_key_id = k.id AND a.action = 'key.created') != 1`,
  },
  {
    name: 'key.created audit row for a key that does not exist',
    sql: `SELECT a.target_key_id FROM audit_log a WHERE a.action = 'key.created'
        AND NOT EXISTS (SELECT 1 FROM api_keys k WHERE k.id = a.target_key_id AND k.account_id = a.account_id)`,
  },
  {
    name: 'revocation without its audit row, or audit row without the revocation (half-revoked)',
    sql: `SELECT k.id FROM api_keys k WHERE (k.revoked_at IS NULL) != ((SELECT count(*) FROM audit_log a
        WHERE a.target_key_id = k.id AND a.action = 'key.revoked' AND a.account_id = k.account_id) = 0)
        OR (SELECT count(*) FROM audit_log a WHERE a.target_key_id = k.id AND a.action = 'key.revoked') > 1`,
  },
  {
    name: 'revoked key that still holds a previous secret',
    sql: `SELECT id FROM api_keys WHERE revoked_at IS NOT NULL AND (previous_secret_hash IS NOT NULL OR previous_secret_expires_at IS NOT NULL)`,
  },
  {
    name: 'regeneration without its audit row, or audit row without the regeneration (half-regenerated)',
    sql: `SELECT k.id FROM api_keys k WHERE k.regenerated_at IS NOT (SELECT max(a.created_at) FROM audit_log a
        WHERE a.target_key_id = k.id AND a.action = 'key.regenerated' AND a.account_id = k.account_id)`,
  },
  {
    name: 'audit row for a key of another account',
    sql: `SELECT a.target_key_id FROM audit_log a JOIN api_keys k ON k.id = a.target_key_id WHERE k.account_id != a.account_id`,
  },
];

export interface InvariantViolation {
  invariant: string;
  keyIds: string[];
}

export function keyInvariantViolations(db: Database.Database): InvariantViolation[] {
  const violations: InvariantViolation[] = [];
  for (const { name, sql } of KEY_INVARIANTS) {
    const keyIds = db.prepare(sql).pluck().all() as string[];
    if (keyIds.length > 0) violations.push({ invariant: name, keyIds });
  }
  return violations;
}
