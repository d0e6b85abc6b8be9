// Builds dist/: index.js (ESM) and index.cjs (CommonJS) with esbuild, and their declarations with tsc (index.d.ts,
// and index.d.cts for require, whose relative imports name .cjs files so that each format's types resolve within it).
// Runs on `npm install` (prepare) and in npm test's build step; esbuild and typescript come from the repository root.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(here, 'dist');
const require = createRequire(import.meta.url);
const esbuild = require('esbuild');

rmSync(dist, { recursive: true, force: true });
for (const [format, outfile] of [
  ['esm', 'index.js'],
  ['cjs', 'index.cjs'],
]) {
  esbuild.buildSync({
    entryPoints: [path.join(here, 'src/index.ts')],
    outfile: path.join(dist, outfile),
    bundle: true,
    format,
    platform: 'neutral',
    target: 'es2022',
    logLevel: 'warning',
  });
}
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(here, 'tsconfig.json')], {
  stdio: 'inherit',
});
for (const file of readdirSync(dist).filter((name) => name.endsWith('.d.ts'))) {
  const text = readFileSync(path.join(dist, file), 'utf8').replace(/from '(\.\/[^']+)\.js'/g, "from '$1.cjs'");
  writeFileSync(path.join(dist, file.replace(/\.d\.ts$/, '.d.cts')), text);
}
console.log(`[@latchkey/client] built ${readdirSync(dist).sort().join(', ')}`);
