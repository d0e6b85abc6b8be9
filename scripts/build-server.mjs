#!/usr/bin/env node
// Bundles the listener (server/index.ts) and the /api/v1 route modules it calls into .latchkey/server.mjs.
// Packages stay external (resolved from node_modules at run time), except the 'server-only' marker.
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
await build({
  entryPoints: [path.join(root, 'server/index.ts')],
  outfile: path.join(root, '.latchkey/server.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  alias: { 'server-only': path.join(root, 'server/empty.ts') },
  tsconfig: path.join(root, 'tsconfig.json'),
  // CommonJS packages imported from the ESM bundle need a require().
  banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  logLevel: 'warning',
});
console.log('[latchkey] built .latchkey/server.mjs');
