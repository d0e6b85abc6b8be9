// Command-line arguments of `npm run db:backup -- FILE [--force]` (scripts/db-backup.ts). Pure, unit-tested.

export const BACKUP_USAGE = `Usage: npm run db:backup -- FILE [--force]

Takes an online backup of the database in DATA_DIR (default ./data) while the server runs, checks the copy's
integrity and writes it to FILE. --force replaces an existing FILE; without it an existing FILE is left alone.`;

export type BackupArgs =
  { ok: true; help: true } | { ok: true; help: false; file: string; force: boolean } | { ok: false; message: string };

export function parseBackupArgs(argv: readonly string[]): BackupArgs {
  const files: string[] = [];
  let force = false;
  let optionsEnded = false;
  for (const arg of argv) {
    if (optionsEnded || !arg.startsWith('-') || arg === '-') files.push(arg);
    else if (arg === '--') optionsEnded = true;
    else if (arg === '--force' || arg === '-f') force = true;
    else if (arg === '--help' || arg === '-h') return { ok: true, help: true };
    else return { ok: false, message: `Unknown option ${JSON.stringify(arg)}.` };
  }
  if (files.length === 0) return { ok: false, message: 'Name the file to write the backup to.' };
  if (files.length > 1) return { ok: false, message: `Give one backup file, not ${files.length}.` };
  const [file = ''] = files;
  if (file.trim() === '') return { ok: false, message: 'The backup file name is empty.' };
  return { ok: true, help: false, file, force };
}
