import { openDatabase, type Db } from '@/db';
import { createSqliteStore } from '@/db/sqlite-store';
import type { Store } from '@/db/store';
import { getConfig } from './config';

// The process's store: db/ opens a file it is given; which file is the configuration's to say. Everything above db/
// talks to storage through the Store (db/store.ts) only, so the connection itself is not exported.

// One connection per process, cached on globalThis so dev-mode module reloads do not open another.
const globalForDb = globalThis as unknown as { latchkeyDb?: Db };

/** The process's database, opened lazily: `next build` imports this module without a data directory. */
function getDb(): Db {
  globalForDb.latchkeyDb ??= openDatabase(getConfig().databaseFile);
  return globalForDb.latchkeyDb;
}

const stores = new WeakMap<Db, Store>();

/** The process's store, over the process's database connection (opened, and migrated, on the first call). */
export function getStore(): Store {
  const db = getDb();
  let store = stores.get(db);
  if (!store) stores.set(db, (store = createSqliteStore(db)));
  return store;
}
