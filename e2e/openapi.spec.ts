import { expect, test } from '@playwright/test';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import document from '../openapi.json';
import { coverage, responseChecker, type RecordedAnswer } from '../lib/api/response-check';
import { API_TAP_DIR } from './env';

// Runs last (after the exposure scan). Every /api/v1 answer any server of this run sent (e2e/api-tap.mjs recorded
// them) is checked against the committed openapi.json: documented path, method and status, the headers that matter,
// and a body with no field the document does not have. Then a coverage line: which documented operation × status
// cells the suite exercised.

function recordedAnswers(): RecordedAnswer[] {
  if (!existsSync(API_TAP_DIR)) return [];
  return readdirSync(API_TAP_DIR)
    .filter((name) => name.endsWith('.jsonl'))
    .flatMap((name) => readFileSync(path.join(API_TAP_DIR, name), 'utf8').split('\n').filter(Boolean))
    .map((line) => JSON.parse(line) as RecordedAnswer);
}

test('every /api/v1 answer of the run matches openapi.json', () => {
  const answers = recordedAnswers();
  expect(answers.length, 'the tap recorded no /api/v1 answer: is e2e/api-tap.mjs loaded?').toBeGreaterThan(0);
  const { check, cells } = responseChecker(document);
  const verdicts = answers.map((answer) => ({ answer, verdict: check(answer) }));
  const rows = coverage(
    cells,
    verdicts.map((v) => v.verdict),
  );
  const refusals = verdicts.filter((v) => v.verdict.operation === null).length;
  const exercised = rows.filter((r) => r.count > 0);
  console.log(
    `[openapi] ${answers.length} answers checked (${refusals} refusals of undocumented paths or methods); ` +
      `coverage ${exercised.length}/${rows.length} documented operation × status`,
  );
  for (const row of rows) console.log(`[openapi]   ${row.count > 0 ? 'x' : ' '} ${row.cell} (${row.count})`);
  // Each distinct problem once, with one example request, so a systematic fault reads as one line.
  const problems = new Map<string, string>();
  for (const { answer, verdict } of verdicts)
    for (const problem of verdict.problems) {
      const key = `${verdict.operation ?? `${answer.method} ${answer.path}`} ${answer.status}: ${problem}`;
      if (!problems.has(key)) problems.set(key, `${answer.method} ${answer.path}`);
    }
  expect([...problems].map(([problem, example]) => `${problem} (e.g. ${example})`)).toEqual([]);
});
