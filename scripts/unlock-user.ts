// `npm run user:unlock -- EMAIL`: clears an email's failed sign-ins, so a user locked out by the throttle (after
// 100 failures in a row, or during a delay) can sign in again. For the operator: it works for an account's only
// owner, whom no one in the app could unlock. Safe while the server runs (SQLite; the server keeps no copy).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../db';
import { unlockEmail } from '../db/queries/sign-in-throttle';
import { EmailSchema } from '../lib/auth/credentials';
import { DATABASE_FILE, dataDirFrom } from '../server/config';

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const args = process.argv.slice(2);
if (args.length !== 1) fail('Usage: npm run user:unlock -- EMAIL');
const email = EmailSchema.safeParse(args[0]);
if (!email.success) fail(`Not an email address: ${args[0]}`);

let file: string;
try {
  file = path.join(dataDirFrom(), DATABASE_FILE);
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
// Never create a database here: a wrong DATA_DIR must not look like a successful unlock.
if (!existsSync(file)) fail(`No Latchkey database at ${file}. Run this where the server runs, with the same DATA_DIR.`);

const db = openDatabase(file);
try {
  const result = unlockEmail(db, email.data, Date.now(), {
    actorUserId: null,
    actorLabel: 'operator (npm run user:unlock)',
    ip: null,
    userAgent: null,
  });
  if (!result.userExists && result.failures === 0) fail(`No user with the email ${email.data}.`);
  if (result.failures === 0) console.log(`${email.data} has no failed sign-ins on record; nothing to unlock.`);
  else
    console.log(
      `Unlocked ${email.data}: cleared ${result.failures} failed sign-in attempt${result.failures === 1 ? '' : 's'}.`,
    );
} finally {
  db.$client.close();
}
