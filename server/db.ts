import { openDatabase, type Db } from '@/db';
import { createSqliteStore } from '@/db/sqlite-store';
import type { Store } from '@/db/store';
import { getConfig } from './config';

// The process's database and store: db/ opens a file it is given; which file is the configuration's to say.

// One connection per process, cached on globalThis so dev-mode module reloads do not open another.
const globalForDb = globalThis as unknown as { latchkeyDb?: Db };

/** The process's database, opened lazily: `next build` imports this module without a data directory. */
export function getDb(): Db {
  globalForDb.latchkeyDb ??= openDatabase(getConfig().databaseFile);
  return globalForDb.latchkeyDb;
}

const stores = new WeakMap<Db, Store>();

/** The process's store, over the process's database connection. */
export function getStore(): Store {
  const db = getDb();
  let store = stores.get(db);
  if (!store) stores.set(db, (store = createSqliteStore(db)));
  return store;
}
