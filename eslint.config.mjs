import { defineConfig, globalIgnores } from 'eslint/config';
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';
import drizzle from 'eslint-plugin-drizzle';

// node:test's describe/it return promises that the runner itself awaits; every other promise must be handled.
const NODE_TEST = {
  from: 'package',
  package: 'node:test',
  name: ['describe', 'it', 'test', 'suite', 'before', 'after', 'beforeEach', 'afterEach'],
};

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    // Type-aware rules: a forgotten await is a check that silently does not happen.
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { drizzle },
    rules: {
      '@typescript-eslint/no-floating-promises': ['error', { allowForKnownSafeCalls: [NODE_TEST] }],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      // An UPDATE or DELETE without WHERE would touch every account's rows.
      'drizzle/enforce-delete-with-where': ['error', { drizzleObjectName: ['db', 'tx'] }],
      'drizzle/enforce-update-with-where': ['error', { drizzleObjectName: ['db', 'tx'] }],
    },
  },
  {
    // The layers, as the folders show them (docs/architecture.md): imports only go down. lib/ is pure rules; db/ is
    // storage and may use lib/; server/ wires the process (services, guards, auth, the API) over db/ and lib/;
    // app/ and components/ sit on top. UI primitives know nothing of the app.
    files: ['**/*.ts', '**/*.tsx', '**/*.mjs'],
    rules: {
      'import/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: './lib',
              from: ['./db', './server', './app', './components', './e2e', './scripts', './bench'],
              message: 'lib/ is pure: it imports nothing above it.',
            },
            {
              target: './db',
              from: ['./server', './app', './components', './e2e', './scripts', './bench'],
              message: 'db/ sits below server/ and app/: pass it what it needs.',
            },
            {
              target: './server',
              from: ['./app', './components', './e2e', './scripts', './bench'],
              message: 'server/ sits below app/ and components/.',
            },
            {
              target: './components',
              from: ['./app', './db', './e2e'],
              message: 'Shared components get data from their page, never from db/ or a route.',
            },
            {
              // Pages, actions and route handlers reach storage through server/ (services, getStore()), never db/.
              target: ['./app', './proxy.ts', './instrumentation.ts'],
              from: './db',
              message: 'app/ talks to storage through server/ (a service, or getStore() from server/db.ts), never db/.',
            },
            {
              // Above db/, only the Store interface is known (a second database implements the same one); server/db.ts
              // picks the implementation, and tests and their workers build real SQLite stores themselves.
              // server/db.ts itself (top level only) and the tests' issue worker are the exceptions, by exact place.
              target: ['./server/!(db|*.test).ts', './server/*/**/!(issue-worker|*.test).ts'],
              from: './db',
              except: ['./store.ts'],
              message: 'server/ uses storage only through the Store (db/store.ts, getStore() from server/db.ts).',
            },
            { target: './components/ui', from: ['./server', './lib/auth'], message: 'UI primitives are app-agnostic.' },
          ],
        },
      ],
    },
  },
  {
    // Pure means no I/O: no framework, no database driver, no file system or network (types are fine). node:net is
    // allowed for its pure address parsers (isIP), which lib/net uses; sockets belong in server/.
    files: ['lib/**/*.ts', 'lib/**/*.tsx'],
    ignores: ['**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex:
                '^(next|next-auth|react|react-dom|drizzle-orm|better-sqlite3|server-only|node:(fs|http|https|http2|child_process|worker_threads|dns|tls|dgram|cluster)|fs|http|https|http2|child_process|dns|tls|dgram)(/.*)?$',
              allowTypeImports: true,
              message: 'lib/ is pure: I/O and framework code live in db/ or server/.',
            },
          ],
        },
      ],
    },
  },
  globalIgnores([
    '.next/**',
    '.latchkey/**',
    'node_modules/**',
    'data/**',
    'test-results/**',
    'playwright-report/**',
    'next-env.d.ts',
  ]),
]);
