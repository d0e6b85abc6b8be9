import type { APIRequestContext } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BASE_URL } from './env';

const ROOT = path.resolve(__dirname, '..');

/** The production build's server actions by id (what the browser sends in the Next-Action header). */
let manifest: Record<string, { exportedName: string; filename: string }> | undefined;
export function actionManifest(): Record<string, { exportedName: string; filename: string }> {
  // Read once per process: the build does not change during a run.
  manifest ??= JSON.parse(readFileSync(path.join(ROOT, '.next/server/server-reference-manifest.json'), 'utf8')).node;
  return manifest!;
}

export function actionId(name: string): string {
  const found = Object.entries(actionManifest()).find(([, a]) => a.exportedName === name);
  if (!found) throw new Error(`no built server action named ${name}`);
  return found[0];
}

/** The body React sends for `action(previousState, formData)`: the form's fields as "_1_<name>", then the
 * argument list "0" referring to them as $K1. The order matters: the server decodes the body as a stream. */
export function actionBody(fields: Record<string, string>): FormData {
  const multipart = new FormData();
  for (const [key, value] of Object.entries(fields)) multipart.append(`_1_${key}`, value);
  multipart.append('0', '[null,"$K1"]');
  return multipart;
}

/** Calls a server action by name the way the browser does, from this server's own origin unless told otherwise. */
export function callAction(
  request: APIRequestContext,
  page: string,
  name: string,
  fields: Record<string, string>,
  headers: Record<string, string> = { Origin: BASE_URL },
) {
  return request.post(page, {
    headers: { 'Next-Action': actionId(name), Accept: 'text/x-component', ...headers },
    multipart: actionBody(fields),
  });
}
