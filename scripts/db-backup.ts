// `npm run db:backup -- FILE [--force]`: an online backup of the server's database (DATA_DIR/latchkey.db, the same
// configuration as the app) through SQLite's backup API, safe while the server runs and writes. The copy is checked
// (integrity_check, foreign_key_check) before it is put in place. Prints sizes and row counts, never a secret.
// Exit codes: 0 done, 1 failed (nothing written), 2 refused (bad arguments, FILE exists without --force).
import path from 'node:path';
import { DATABASE_FILE, dataDirFrom, SECRET_FILE } from '../server/config';
import { BACKUP_USAGE, parseBackupArgs } from '../lib/ops/backup-args';
import { backupDatabase, BackupError } from '../db/backup';

const say = (line: string) => console.log(`[db:backup] ${line}`);

async function main() {
  const args = parseBackupArgs(process.argv.slice(2));
  if (!args.ok) {
    console.error(`[db:backup] ${args.message}\n\n${BACKUP_USAGE}`);
    return 2;
  }
  if (args.help) {
    console.log(BACKUP_USAGE);
    return 0;
  }
  const dataDir = dataDirFrom();
  const started = Date.now();
  try {
    // npm runs scripts from the package root; a relative FILE means relative to where the command was typed.
    const destination = path.resolve(process.env.INIT_CWD ?? process.cwd(), args.file);
    const report = await backupDatabase(path.join(dataDir, DATABASE_FILE), destination, { force: args.force });
    say(`source ${report.source}`);
    say(
      `wrote ${report.destination}: ${(report.bytes / 1024).toFixed(0)} KiB, ${report.pages} pages, in ${Date.now() - started} ms`,
    );
    say('integrity_check: ok; foreign_key_check: ok');
    say(`tables: ${report.health.tables.map((t) => `${t.name} ${t.rows}`).join(', ')}`);
    say(
      `not included: ${path.join(dataDir, SECRET_FILE)} (the session secret). Restoring without it signs everyone out; ` +
        'API keys keep working. See docs/operations.md, "Backups and restore".',
    );
    return 0;
  } catch (error) {
    if (error instanceof BackupError) {
      console.error(`[db:backup] ${error.message}`);
      return error.exitCode;
    }
    console.error(`[db:backup] the backup failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

void main().then((code) => process.exit(code));
