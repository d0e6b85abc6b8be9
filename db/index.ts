import Database from './sqlite';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import * as schema from './schema';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/** A transaction handle: queries that must run inside one take this (or a Db). */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

/**
 * For every transaction that checks, then writes: BEGIN IMMEDIATE takes the write lock first, so a second connection
 * (another process on the same file) waits for it (busy_timeout) instead of reading a snapshot it could not then
 * write from, which SQLite would refuse with SQLITE_BUSY at the first write.
 */
export const WRITE = { behavior: 'immediate' } as const;

export const MIGRATIONS_FOLDER = path.join(process.cwd(), 'db', 'migrations');

/** Opens a database file with Latchkey's settings and brings its schema up to date. */
export function openDatabase(file: string): Db {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const sqlite = new Database(file);
  // WAL for concurrent readers; FULL so that an acknowledged revocation survives a power loss.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = drizzle(sqlite, { schema }) as Db;
  migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  // Hashes and the audit log are nobody else's business on this machine.
  for (const f of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(f)) chmodSync(f, 0o600);
  return db;
}
