import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseBackupArgs } from './backup-args';

describe('parseBackupArgs', () => {
  it('takes one file, with or without --force in any position', () => {
    assert.deepEqual(parseBackupArgs(['backup.db']), { ok: true, help: false, file: 'backup.db', force: false });
    assert.deepEqual(parseBackupArgs(['--force', 'b.db']), { ok: true, help: false, file: 'b.db', force: true });
    assert.deepEqual(parseBackupArgs(['b.db', '-f']), { ok: true, help: false, file: 'b.db', force: true });
  });

  it('reads everything after -- as a file name, even one that starts with a dash', () => {
    assert.deepEqual(parseBackupArgs(['--', '--force']), { ok: true, help: false, file: '--force', force: false });
    assert.deepEqual(parseBackupArgs(['-f', '--', '-x.db']), { ok: true, help: false, file: '-x.db', force: true });
  });

  it('answers --help before anything else is checked', () => {
    assert.deepEqual(parseBackupArgs(['--help']), { ok: true, help: true });
    assert.deepEqual(parseBackupArgs(['a', 'b', '-h']), { ok: true, help: true });
  });

  it('refuses a missing, empty or second file and unknown options, with a message', () => {
    for (const argv of [
      [],
      ['--force'],
      [''],
      ['  '],
      ['a.db', 'b.db'],
      ['--overwrite', 'a.db'],
      ['-F', 'a.db'],
      ['--force=yes', 'a.db'],
    ]) {
      const parsed = parseBackupArgs(argv);
      assert.equal(parsed.ok, false, JSON.stringify(argv));
      assert.ok(!parsed.ok && parsed.message.length > 0);
    }
  });
});
