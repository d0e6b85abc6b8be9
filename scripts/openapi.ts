// `npm run openapi` writes openapi.json from the zod schemas (lib/api/openapi.ts); `-- --check` (npm test's static
// lane) fails when the committed file differs from what the schemas generate now.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { openApiText } from '../lib/api/openapi';

const file = path.resolve(__dirname, '..', 'openapi.json');
const generated = openApiText();
if (process.argv.includes('--check')) {
  let committed = '';
  try {
    committed = readFileSync(file, 'utf8');
  } catch {
    // Missing: reported below like any difference.
  }
  if (committed !== generated) {
    console.error('openapi.json differs from the document the schemas generate: run `npm run openapi` and commit it.');
    process.exit(1);
  }
  console.log('openapi.json matches the schemas.');
} else {
  writeFileSync(file, generated);
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}
