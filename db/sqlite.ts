import BetterSqlite3 from 'better-sqlite3';
import BetterSqlite3Napi from 'better-sqlite3-napi';

// The SQLite driver, chosen by the running Node.js major version, because no one version of better-sqlite3 runs
// cleanly on both Node 20 and Node 24:
// - 12.x (node-gyp, built from source on install) is the last line that runs on Node 20; built against the headers
//   of Node >= 24.19, its Statement objects abort the process when the garbage collector finalises them
//   ("Assertion failed: (env) != nullptr" in RemoveEnvironmentCleanupHook), at exit or at any idle GC.
// - 13.x (Node-API, with prebuilt binaries inside the package) runs on Node >= 22 and segfaults on Node 20.
// Both are installed (13.x under the alias better-sqlite3-napi). Each loads its native addon only when a database
// is opened, so the one not chosen is never loaded. Every module opens SQLite through this one.
const NODE_MAJOR = Number(process.versions.node.split('.')[0]);

export const DRIVER_VERSION = NODE_MAJOR >= 22 ? '13' : '12';

const Database: typeof BetterSqlite3 = NODE_MAJOR >= 22 ? BetterSqlite3Napi : BetterSqlite3;
// Types only: `Database.Database` and `Database.Statement` read as they do with better-sqlite3's own default export.
// eslint-disable-next-line @typescript-eslint/no-namespace
declare namespace Database {
  type Database = BetterSqlite3.Database;
  type Statement = BetterSqlite3.Statement;
}
export default Database;
