// better-sqlite3 13.x, installed under an alias (db/sqlite.ts says why): the same API as the 12.x types.
declare module 'better-sqlite3-napi' {
  import Database from 'better-sqlite3';
  export default Database;
}
