import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import Database, { DRIVER_VERSION } from './sqlite';

const require = createRequire(__filename);

describe('the SQLite driver', () => {
  it('is better-sqlite3 12 on Node 20 and 13 (Node-API) on Node 22 and later', () => {
    const major = Number(process.versions.node.split('.')[0]);
    assert.equal(DRIVER_VERSION, major >= 22 ? '13' : '12');
    const pkg = major >= 22 ? 'better-sqlite3-napi/package.json' : 'better-sqlite3/package.json';
    assert.equal((require(pkg) as { version: string }).version.split('.')[0], DRIVER_VERSION);
  });

  it('opens a database and runs statements, transactions and pragmas', () => {
    const db = new Database(':memory:');
    try {
      db.exec('CREATE TABLE t (n INTEGER)');
      const insert = db.prepare('INSERT INTO t (n) VALUES (?)');
      db.transaction((values: number[]) => values.forEach((n) => insert.run(n)))([1, 2, 3]);
      assert.deepEqual(db.prepare('SELECT sum(n) AS s FROM t').get(), { s: 6 });
      db.pragma('foreign_keys = ON');
      assert.equal(db.pragma('foreign_keys', { simple: true }), 1);
    } finally {
      db.close();
    }
  });
});
