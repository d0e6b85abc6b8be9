// `npm run openapi` writes openapi.json from the zod schemas (lib/api/openapi.ts) and the client's types from that
// document (packages/client/src/openapi.ts, by openapi-typescript); `-- --check` (npm test's static lane) fails when
// either committed file differs from what the schemas generate now.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { buildOpenApiDocument, openApiText } from '../lib/api/openapi';

const root = path.resolve(__dirname, '..');
const DOCUMENT = path.join(root, 'openapi.json');
const CLIENT_TYPES = path.join(root, 'packages/client/src/openapi.ts');

async function clientTypes(): Promise<string> {
  const ast = await openapiTS(buildOpenApiDocument() as never, { exportType: false });
  return (
    '// Generated from openapi.json by openapi-typescript (npm run openapi); do not edit. npm test fails when it is stale.\n' +
    astToString(ast)
  );
}

async function main() {
  const files: [string, string][] = [
    [DOCUMENT, openApiText()],
    [CLIENT_TYPES, await clientTypes()],
  ];
  if (process.argv.includes('--check')) {
    let stale = false;
    for (const [file, generated] of files) {
      let committed = '';
      try {
        committed = readFileSync(file, 'utf8');
      } catch {
        // Missing: reported below like any difference.
      }
      if (committed !== generated) {
        stale = true;
        console.error(
          `${path.relative(root, file)} differs from what the schemas generate: run \`npm run openapi\` and commit it.`,
        );
      }
    }
    if (stale) process.exit(1);
    console.log('openapi.json and the client types match the schemas.');
    return;
  }
  for (const [file, generated] of files) {
    writeFileSync(file, generated);
    console.log(`wrote ${path.relative(root, file)}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
