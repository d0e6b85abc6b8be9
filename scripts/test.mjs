#!/usr/bin/env node
// `npm test`: type check, lint, unit tests, production build, the Playwright e2e suite and the crash drill, then
// a table of how long each suite took, and one summary line over all of them: "N passed, M failed" (always the last
// line). Exits non-zero when anything failed.
// `npm test -- unit`, `-- e2e` or `-- crash` runs a subset (type check, lint, formatting and the OpenAPI document's
// check are part of "static").
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const only = process.argv[2];

/**
 * Runs a command. Its output is streamed as it comes, or, for a suite that runs beside others (`buffered`), kept and
 * printed in one block when it ends, so that two suites' lines never interleave.
 */
function run(command, args, env = {}, { buffered = false } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    let output = '';
    const forward = (stream, sink) =>
      stream.on('data', (chunk) => {
        output += chunk;
        if (!buffered) sink.write(chunk);
      });
    forward(child.stdout, process.stdout);
    forward(child.stderr, process.stderr);
    child.on('close', (code) => {
      if (buffered) process.stdout.write(output);
      resolve({ code: code ?? 1, output });
    });
  });
}

function findTests(dir, found = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (['node_modules', '.next', 'e2e', 'data', 'test-results', '.git'].includes(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) findTests(full, found);
    else if (/\.test\.ts$/.test(entry.name)) found.push(path.relative(root, full));
  }
  return found.sort();
}

const results = [];
// Each suite's own wall time, from its start to its end. Suites that run side by side (below) overlap, so the rows
// add up to more than the total, which is the wall time of the whole run.
const record = (suite, passed, failed, startedAt) => {
  const ms = Date.now() - startedAt;
  results.push({ suite, passed, failed, ms });
  console.log(`\n[test] ${suite}: ${passed} passed, ${failed} failed in ${seconds(ms)}\n`);
};
function seconds(ms) {
  return `${(ms / 1000).toFixed(1)} s`;
}

async function check(suite, command, args, env = {}, options = {}) {
  const startedAt = Date.now();
  const line = `\n[test] ${suite}: ${[path.basename(command), ...args].join(' ')}`;
  if (!options.buffered) console.log(line);
  const { code } = await run(command, args, env, options);
  if (options.buffered) console.log(line);
  record(suite, code === 0 ? 1 : 0, code === 0 ? 0 : 1, startedAt);
  return code === 0;
}

// A test file that starts with this comment runs in a process of its own: it tests something a process has once
// (e.g. whether the /api/v1 listener runs in it), which another file's tests would already have set.
const OWN_PROCESS = /^\/\/ Runs in a process of its own\b/;

/**
 * The unit suite. Every test file but those marked OWN_PROCESS is imported by one entry module and run in one
 * process: starting Node and tsx again for each of ~55 files cost about 13 s of a 18 s suite, for isolation the
 * files do not need (each makes its own database files and leaves no process-wide state behind). Node 22 has this built in
 * (--test-isolation=none); Node 20, which the project still supports, does not.
 */
async function unit(node = process.execPath, suite = 'unit', options = {}) {
  const startedAt = Date.now();
  const files = findTests(root);
  const own = files.filter((file) => OWN_PROCESS.test(readFileSync(path.join(root, file), 'utf8')));
  const shared = files.filter((file) => !own.includes(file));
  const entryDir = path.join(root, 'test-results', 'unit');
  mkdirSync(entryDir, { recursive: true });
  const entry = path.join(entryDir, `${suite}.test.ts`);
  writeFileSync(
    entry,
    shared.map((file) => `import ${JSON.stringify(path.relative(entryDir, path.join(root, file)))};\n`).join(''),
  );
  // react-server: modules marked 'server-only' may be imported by tests, as they are by the server.
  const { code, output } = await run(
    node,
    ['--conditions=react-server', '--import', 'tsx', '--test', '--test-reporter=spec', entry, ...own],
    {},
    options,
  );
  console.log(`\n[test] ${suite}: ${files.length} files (${own.length} in a process of their own)`);
  // The spec reporter ends with lines such as "ℹ pass 42" and "ℹ fail 0".
  const count = (label) => Number(new RegExp(`^(?:ℹ|#) ${label} (\\d+)$`, 'm').exec(output)?.[1] ?? 0);
  const passed = count('pass');
  const failed = count('fail') + (code !== 0 && count('fail') === 0 ? 1 : 0);
  record(suite, passed, failed, startedAt);
}

let buildFailed = false;
// Set once the static step has type-checked the project (with Next's generated route types, see below).
let typeChecked = false;

// The route types Next's build checks pages and route handlers against (.next/types), generated without a build,
// so that tsc (and the type-aware lint) check everything Next's own type check would, also on a clean clone.
let typegenPassed = false;
async function typegen(options) {
  typegenPassed = await check('typegen', bin('next'), ['typegen'], {}, options);
}

async function typecheck(options) {
  typeChecked = (await check('typecheck', bin('tsc'), ['--noEmit'], {}, options)) && typegenPassed;
}

function lint(options) {
  return check('lint', bin('eslint'), ['.', '--max-warnings=0'], {}, options);
}

// Formatting is the formatter's, not a reviewer's: `npm run format` rewrites, this only checks.
function formatCheck(options) {
  return check('format', bin('prettier'), ['--check', '--log-level=warn', '.'], {}, options);
}

// The OpenAPI document: committed openapi.json must be what the schemas generate now (a diff fails), and lint clean.
async function openApi(options) {
  await check('openapi', process.execPath, ['--import', 'tsx', 'scripts/openapi.ts', '--check'], {}, options);
  await check('openapi-lint', bin('redocly'), ['lint', 'openapi.json'], {}, options);
}

// The npm workspaces under packages/ (the client, the CLI): built (their prepare script, which npm install also runs),
// then the client's package checked as a registry would see it: publint, and @arethetypeswrong/cli for its ESM and
// CommonJS types. The e2e suite uses the builds.
async function buildPackages(options) {
  const ok = await check('build-packages', 'npm', ['run', 'prepare', '--workspaces', '--if-present'], {}, options);
  if (!ok) return false;
  const client = path.join(root, 'packages', 'client');
  return (
    (await check('publint', bin('publint'), ['--strict', client], {}, options)) &&
    (await check('attw', bin('attw'), ['--pack', client, '--format', 'table-flipped'], {}, options))
  );
}

async function build(options) {
  // Next's build would type-check the same files again (half a minute on a 2-core machine): skipped only when this
  // run's static step did it already (next.config.js reads the variable); `npm run build` and `-- e2e` keep it.
  const buildEnv = typeChecked ? { LATCHKEY_BUILD_SKIP_TYPECHECK: '1' } : {};
  buildFailed = !(
    (await check('build', bin('next'), ['build'], buildEnv, options)) &&
    (await check('build-server', process.execPath, ['scripts/build-server.mjs'], {}, options)) &&
    (await buildPackages(options))
  );
}

async function e2e() {
  const startedAt = Date.now();
  if (buildFailed) {
    record('e2e', 0, 1, startedAt);
    return;
  }
  const report = path.join(root, 'test-results', 'e2e-report.json');
  rmSync(report, { force: true });
  const { code } = await run(bin('playwright'), ['test'], { PLAYWRIGHT_JSON_OUTPUT_NAME: report });
  if (!existsSync(report)) {
    record('e2e', 0, 1, startedAt);
    return;
  }
  const parsed = JSON.parse(readFileSync(report, 'utf8'));
  const stats = parsed.stats ?? {};
  noteFailedSpecs(parsed);
  const failed = (stats.unexpected ?? 0) + (stats.flaky ?? 0);
  const passed = stats.expected ?? 0;
  // Skips are failures here: a skipped test proves nothing.
  record('e2e', passed, failed + (stats.skipped ?? 0) + (code !== 0 && failed === 0 ? 1 : 0), startedAt);
}

// The e2e tests that failed or passed only on their retry, with the first line of their first error: printed again
// after the summary table, because CI keeps only the end of a run's output and the list reporter's lines are far above.
const failures = [];
function noteFailedSpecs(report) {
  const walk = (suite, titles) => {
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests ?? []) {
        if (t.status !== 'unexpected' && t.status !== 'flaky') continue;
        const error = (t.results ?? []).find((r) => r.error)?.error?.message ?? '';
        const firstLine =
          error
            .replace(/\u001b\[[0-9;]*m/g, '')
            .split('\n')
            .find((line) => line.trim()) ?? '';
        failures.push(
          `e2e ${t.status}: ${[...titles, spec.title].join(' › ')} (${spec.file}:${spec.line}) ${firstLine.trim()}`,
        );
      }
    }
    for (const child of suite.suites ?? []) walk(child, [...titles, child.title]);
  };
  for (const suite of report.suites ?? []) walk(suite, []);
}

// The crash drill (scripts/crash-drill.ts) on the build the e2e step made: one pass per verified kill-and-restart
// cycle, plus its canary. It builds by itself only when run alone without a build.
async function crash(options = {}) {
  const startedAt = Date.now();
  if (buildFailed) {
    record('crash', 0, 1, startedAt);
    return;
  }
  console.log('\n[test] crash: scripts/crash-drill.ts');
  const { code, output } = await run(process.execPath, ['--import', 'tsx', 'scripts/crash-drill.ts'], {}, options);
  const result = /^\[crash\] result: (\d+) passed, (\d+) failed$/m.exec(output);
  const passed = Number(result?.[1] ?? 0);
  const failed = Number(result?.[2] ?? 0);
  // No result line, or a non-zero exit without a counted failure, is one failure.
  record('crash', passed, failed + (!result || (code !== 0 && failed === 0) ? 1 : 0), startedAt);
}

// CI sets LATCHKEY_SECOND_NODE to another Node.js binary (Node 24, .ci/run): the unit suite and a start-up smoke
// test (scripts/smoke.ts, on the build made above) run on it too, so the versions the project supports stay tested.
async function secondNode(node) {
  const { output: version } = await run(node, ['--version']);
  const label = `node${version.trim().replace(/^v/, '').split('.')[0]}`;
  await unit(node, `${label}-unit`);
  const startedAt = Date.now();
  console.log(`\n[test] ${label}-smoke: scripts/smoke.ts`);
  const { code, output } = await run(node, ['--import', 'tsx', 'scripts/smoke.ts']);
  const result = /^\[smoke\] result: (\d+) passed, (\d+) failed$/m.exec(output);
  const failed = Number(result?.[2] ?? 0);
  record(
    `${label}-smoke`,
    Number(result?.[1] ?? 0),
    failed + (!result || (code !== 0 && failed === 0) ? 1 : 0),
    startedAt,
  );
}

const started = Date.now();
if (!only) {
  // Lint, and the format check, unit suite and type check, are each about one core's work: two lanes side by side,
  // each suite's output printed in one block when it ends. The build waits for both (it rewrites the .next/types the
  // type checks read); the e2e suite and the crash drill need the whole machine, after it.
  const buffered = { buffered: true };
  await typegen(buffered);
  await Promise.all([
    (async () => {
      await lint(buffered);
      await openApi(buffered);
    })(),
    (async () => {
      await formatCheck(buffered);
      await unit(process.execPath, 'unit', buffered);
      await typecheck(buffered);
    })(),
  ]);
  await build(buffered);
  await e2e();
  await crash();
} else if (only === 'static') {
  await typegen();
  await typecheck();
  await lint();
  await formatCheck();
  await openApi();
} else if (only === 'unit') {
  await unit();
} else if (only === 'e2e') {
  await build();
  await e2e();
} else if (only === 'crash') {
  await crash();
}
if (process.env.LATCHKEY_SECOND_NODE && (!only || only === 'node')) await secondNode(process.env.LATCHKEY_SECOND_NODE);

const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
const width = Math.max(5, ...results.map((r) => r.suite.length));
console.log(`\n[test] ${'suite'.padEnd(width)}  ${'result'.padStart(9)}  ${'time'.padStart(8)}`);
for (const r of results) {
  console.log(
    `[test] ${r.suite.padEnd(width)}  ${`${r.passed}/${r.passed + r.failed}`.padStart(9)}  ${seconds(r.ms).padStart(8)}`,
  );
}
console.log(
  `[test] ${'total'.padEnd(width)}  ${`${passed}/${passed + failed}`.padStart(9)}  ${seconds(Date.now() - started).padStart(8)}`,
);
for (const line of failures) console.log(`[test] ${line}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
