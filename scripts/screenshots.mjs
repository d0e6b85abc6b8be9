#!/usr/bin/env node
// npm run screenshots: builds when there is no build yet, then draws docs/screenshots/security-1280.png and
// docs/screenshots/key-page-390.png from seeded data on a fresh server (playwright.screenshots.config.ts).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const run = (command, args) => {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

if (!existsSync(path.join(root, '.next', 'BUILD_ID')) || !existsSync(path.join(root, '.latchkey', 'server.mjs'))) {
  run('npx', ['next', 'build']);
  run(process.execPath, ['scripts/build-server.mjs']);
}
run('npx', ['playwright', 'test', '--config', 'playwright.screenshots.config.ts']);
console.log('wrote docs/screenshots/security-1280.png and docs/screenshots/key-page-390.png');
