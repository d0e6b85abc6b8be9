import { defineConfig } from '@playwright/test';
import base from './playwright.config';

// `npm run screenshots` (scripts/screenshots.mjs): the e2e server on a fresh database, one test file that writes the
// README's pictures into docs/screenshots. No retries: a failure should be looked at, not repeated.
export default defineConfig({
  ...base,
  testDir: 'e2e',
  testMatch: /docs-screenshots\.ts$/,
  projects: [{ name: 'screenshots', testMatch: /docs-screenshots\.ts$/ }],
  retries: 0,
  failOnFlakyTests: false,
  workers: 1,
  reporter: [['list']],
});
