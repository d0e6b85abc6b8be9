import Database from './sqlite';
import { closeSync, existsSync, linkSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { databaseHealth, isHealthy, type DatabaseHealth } from './health';

// The online backup behind `npm run db:backup` (scripts/db-backup.ts). SQLite's backup API copies the database
// page by page through a read-only connection; in WAL mode the server keeps writing meanwhile. The copy is
// written to a temporary file, checked, and only then put in place under its name.

export class BackupError extends Error {
  constructor(
    message: string,
    /** 2 for a refusal the caller can fix by asking differently (file exists), 1 for anything else. */
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
  }
}

export interface BackupReport {
  source: string;
  destination: string;
  bytes: number;
  pages: number;
  health: DatabaseHealth;
}

function openSource(file: string): Database.Database {
  try {
    // Read-only works while the server runs (its -shm file exists); a stopped server removed it, and then only a
    // read-write connection can open the file. Either way nothing is written to it.
    return new Database(file, { readonly: true, fileMustExist: true });
  } catch {
    return new Database(file, { fileMustExist: true });
  }
}

export async function backupDatabase(
  sourceFile: string,
  destinationFile: string,
  options: { force: boolean },
): Promise<BackupReport> {
  const source = path.resolve(sourceFile);
  const destination = path.resolve(destinationFile);
  if ([source, `${source}-wal`, `${source}-shm`, `${source}-journal`].includes(destination)) {
    throw new BackupError('The backup cannot be written over the live database or its -wal/-shm files.', 2);
  }
  if (!existsSync(source)) {
    throw new BackupError(
      `There is no database at ${source}. Run the command with the server's DATA_DIR (default ./data).`,
    );
  }
  if (!existsSync(path.dirname(destination)))
    throw new BackupError(`The directory ${path.dirname(destination)} does not exist.`);
  if (existsSync(destination) && !options.force) {
    throw new BackupError(
      `${destination} already exists; it was left alone. Choose another name, or add --force to replace it.`,
      2,
    );
  }

  const partial = `${destination}.partial-${process.pid}`;
  rmSync(partial, { force: true });
  // Created empty with owner-only permissions before SQLite fills it: the copy holds key hashes and the audit log.
  closeSync(openSync(partial, 'wx', 0o600));
  try {
    const db = openSource(source);
    try {
      db.pragma('busy_timeout = 5000');
      // After the first step, copy all remaining pages in one step: one read snapshot, so the server's writes
      // cannot make SQLite restart the copy over and over.
      await db.backup(partial, { progress: () => 0x7fffffff });
    } finally {
      db.close();
    }

    const copy = new Database(partial, { fileMustExist: true });
    let health: DatabaseHealth;
    let pages: number;
    try {
      // A self-contained file: no -wal/-shm beside the backup. The server switches a restored file back to WAL.
      copy.pragma('journal_mode = DELETE');
      health = databaseHealth(copy);
      pages = Number(copy.pragma('page_count', { simple: true }));
    } finally {
      copy.close();
    }
    if (!isHealthy(health)) {
      const problems = [
        ...health.integrity.filter((line) => line !== 'ok'),
        ...health.foreignKeyProblems.map((p) => `${p.table} → ${p.parent}`),
      ];
      throw new BackupError(`The copy failed its checks and was discarded: ${problems.slice(0, 5).join('; ')}`);
    }

    if (options.force) renameSync(partial, destination);
    else {
      // link() refuses to replace a file that appeared meanwhile, where rename() would overwrite it silently.
      try {
        linkSync(partial, destination);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
          throw new BackupError(
            `${destination} appeared while the backup ran; it was left alone. Add --force to replace it.`,
            2,
          );
        }
        throw error;
      }
    }
    return { source, destination, bytes: statSync(destination).size, pages, health };
  } finally {
    rmSync(partial, { force: true });
  }
}
