import { getDb, type Db } from '.';
import { capOf, insertKey, keysInScope, regenerateKey, revokeKey, setKeyDisabled } from './queries/keys';
import { revokeLeakedTokens } from './queries/leaked-keys';
import { changeRole, removeMember } from './queries/members';
import { unlockMember } from './queries/sign-in-throttle';
import { verifyToken } from './queries/verify-key';
import type { Store } from './store';

// The Store on better-sqlite3. Each method runs its operation as one synchronous transaction (db/queries/*): the
// decision callback is evaluated inside it, on the rows it read, and nothing is awaited between the check and the
// change, so no other request (in this process or another on the same file) can slip in between. The methods are
// async only to match the interface; their work is done by the time they return. better-sqlite3 cannot run an async
// function as a transaction (drizzle's `db.transaction(async …)` throws, and code after an `await` would run outside
// it), which is why every hash is computed before a method is called and every decision is a plain function.

export function createSqliteStore(db: Db): Store {
  return {
    async accountCap(accountId) {
      return capOf(db, accountId);
    },
    async keysInScope(scope, now) {
      // One read transaction, so the cap and the keys are seen at the same moment.
      return db.transaction((tx) => keysInScope(tx, scope, capOf(tx, scope.accountId), now));
    },
    async issueKey(accountId, owner, key, now, meta) {
      return insertKey(db, accountId, owner, key, now, meta);
    },
    async revokeKey(scope, keyId, decide, now, meta) {
      return revokeKey(db, scope, keyId, decide, now, meta);
    },
    async setKeyDisabled(scope, keyId, disabled, decide, now, meta) {
      return setKeyDisabled(db, scope, keyId, disabled, decide, now, meta);
    },
    async regenerateKey(scope, keyId, newHash, grace, decide, now, meta) {
      return regenerateKey(db, scope, keyId, newHash, grace, decide, now, meta);
    },
    async verifyToken(token, prefix, now) {
      return verifyToken(db, token, prefix, now);
    },
    async revokeLeakedTokens(reports, prefix, reporter, now) {
      return revokeLeakedTokens(db, reports, prefix, reporter, now);
    },
    async changeRole(accountId, userId, role, decide, now, meta) {
      return changeRole(db, accountId, userId, role, decide, now, meta);
    },
    async removeMember(accountId, userId, plan, decide, decideKey, now, meta) {
      return removeMember(db, accountId, userId, plan, decide, decideKey, now, meta);
    },
    async unlockMember(accountId, userId, decide, now, meta) {
      return unlockMember(db, accountId, userId, decide, now, meta);
    },
  };
}

const stores = new WeakMap<Db, Store>();

/** The process's store, over the process's database connection. */
export function getStore(): Store {
  const db = getDb();
  let store = stores.get(db);
  if (!store) stores.set(db, (store = createSqliteStore(db)));
  return store;
}
