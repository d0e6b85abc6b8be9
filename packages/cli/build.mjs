// Builds dist/cli.js (ESM) from src/ with esbuild, the package's own dependencies left to node_modules, and the version
// from package.json compiled in. Runs on `npm install` (prepare) and in npm test's build step; esbuild comes from the
// repository root.
import { readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const esbuild = require('esbuild');
const pkg = JSON.parse(readFileSync(path.join(here, 'package.json'), 'utf8'));

rmSync(path.join(here, 'dist'), { recursive: true, force: true });
esbuild.buildSync({
  entryPoints: [path.join(here, 'src/cli.ts')],
  outfile: path.join(here, 'dist/cli.js'),
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  define: { CLI_VERSION: JSON.stringify(pkg.version) },
  logLevel: 'warning',
});
console.log('[@latchkey/cli] built dist/cli.js');
