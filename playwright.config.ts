import { defineConfig } from '@playwright/test';
import { BASE_URL } from './e2e/env';

// Debian's Chromium (Playwright cannot download its own here); the flags keep it off the closed network.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results/playwright',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  workers: 2,
  forbidOnly: true,
  // A failed test runs once more, recording a trace (below); passing again, it is still reported as flaky, which fails
  // the run (failOnFlakyTests, and npm test counts it as a failure). So a retry never hides a failure.
  retries: 1,
  failOnFlakyTests: true,
  reporter: [['list'], ['json']],
  // Hashes the seeded users' password once for the whole run (e2e/support.ts, newUser).
  globalSetup: './e2e/global-setup.ts',
  use: {
    baseURL: BASE_URL,
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS },
    // Traces only where they help: for the retry of a failed test, or for every test when asked (PW_TRACE=1).
    // 'retain-on-failure' recorded a trace for each of ~400 passing tests too, only to delete it.
    trace: process.env.PW_TRACE === '1' ? 'on' : 'on-first-retry',
  },
  projects: [
    // Workers take files in this order: the long UI specs first, then the many short API specs, which fill the last
    // minutes of both workers instead of one worker finishing a long UI spec alone.
    { name: 'ui', testMatch: /ui\/.*\.spec\.ts/ },
    { name: 'api', testMatch: /api\/.*\.spec\.ts/ },
    // Runs after everything else has issued and used secrets.
    { name: 'exposure', testMatch: /exposure\.spec\.ts/, dependencies: ['api', 'ui'] },
    // Last: every /api/v1 answer of the run (the exposure scan's included) against openapi.json.
    { name: 'openapi', testMatch: /openapi\.spec\.ts/, dependencies: ['api', 'ui', 'exposure'] },
  ],
  webServer: {
    command: 'node e2e/server.mjs',
    url: `${BASE_URL}/sign-in`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
