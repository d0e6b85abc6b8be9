import { expect, test } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import { DB_FILE, ISSUED_SECRETS, SERVER_LOG } from './env';

// Runs after every other project: each secret issued during the run must appear nowhere in the server's
// output, the database or its WAL, in any of the forms a leak could take.
test('issued secrets appear in no server output, database or WAL file', () => {
  const tokens = [...new Set(readFileSync(ISSUED_SECRETS, 'utf8').split('\n').filter(Boolean))];
  expect(tokens.length).toBeGreaterThan(10);

  const files = [SERVER_LOG, DB_FILE, `${DB_FILE}-wal`, `${DB_FILE}-journal`].filter((f) => existsSync(f));
  expect(files).toContain(DB_FILE);
  expect(files).toContain(SERVER_LOG);
  const haystacks = files.map((file) => ({ file, text: readFileSync(file).toString('latin1') }));

  for (const token of tokens) {
    const secret = token.split('_')[2].slice(0, 32);
    const needles = [token, secret, Buffer.from(`${token}:`).toString('base64'), `Bearer ${token}`];
    for (const { file, text } of haystacks) {
      for (const needle of needles) {
        expect(text.includes(needle), `${needle.slice(0, 8)}… found in ${file}`).toBe(false);
      }
    }
  }
});
