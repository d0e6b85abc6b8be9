import type { APIResponse } from '@playwright/test';
import { connect } from 'node:net';
import { E2E_PORT } from './env';

// Helpers for the hostile-input and forged-request specs: one reply shape for Playwright responses and raw-socket
// responses, a raw HTTP/1.1 client for what HTTP libraries normalise or refuse to send (duplicate headers, NUL and
// CR bytes, huge headers), and a reader for a server action's result.

export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export async function replyOf(response: APIResponse): Promise<Reply> {
  return { status: response.status(), headers: response.headers(), body: await response.text() };
}

/**
 * Sends `head` (request line and header lines, without the blank line) and `body` on a fresh socket and reads the
 * whole answer (the request asks the server to close the connection). Bytes are sent as given: latin1. `port` picks
 * a spec's own server instead of the shared one.
 */
export function rawRequest(head: string[], body = '', port = E2E_PORT): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    // A server that answers before reading a too-big body may reset the connection after its answer: keep the answer.
    socket.on('error', (error) => (chunks.length > 0 ? undefined : reject(error)));
    socket.on('close', () => resolve(parseResponse(Buffer.concat(chunks).toString('utf8'))));
    socket.setTimeout(30_000, () => socket.destroy(new Error('no answer from the server')));
    socket.write(Buffer.from([...head, 'Connection: close', '', body].join('\r\n'), 'latin1'));
  });
}

/** A GET of `path` on this server with the given extra header lines. */
export function rawGet(path: string, headerLines: string[]): Promise<Reply> {
  return rawRequest([`GET ${path} HTTP/1.1`, `Host: 127.0.0.1:${E2E_PORT}`, ...headerLines]);
}

function parseResponse(text: string): Reply {
  const end = text.indexOf('\r\n\r\n');
  const head = end < 0 ? text : text.slice(0, end);
  const [statusLine, ...lines] = head.split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? '')?.[1] ?? 0);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body = end < 0 ? '' : text.slice(end + 4);
  if (/chunked/i.test(headers['transfer-encoding'] ?? '')) body = unchunk(body);
  return { status, headers, body };
}

function unchunk(body: string): string {
  let out = '';
  let rest = body;
  for (;;) {
    const lineEnd = rest.indexOf('\r\n');
    const size = parseInt(rest.slice(0, lineEnd), 16);
    if (!size) return out;
    out += rest.slice(lineEnd + 2, lineEnd + 2 + size);
    rest = rest.slice(lineEnd + 2 + size + 2);
  }
}

export type ActionOutcome =
  { ok: true; [key: string]: unknown } | { ok: false; error: string; fieldErrors?: Record<string, string> };

/**
 * The value a server action returned, from its RSC (flight) response: rows "<id>:<json>\n", except long strings,
 * sent as "<id>:T<hex byte length>,<text>" with no newline and referred to as "$<id>". Row 1 is the action's result.
 */
export function actionOutcome(text: string | Buffer): ActionOutcome {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  const rows = new Map<string, string>();
  let at = 0;
  while (at < bytes.length) {
    const colon = bytes.indexOf(':', at);
    if (colon < 0) break;
    const id = bytes.subarray(at, colon).toString('latin1');
    if (bytes[colon + 1] === 'T'.charCodeAt(0)) {
      const comma = bytes.indexOf(',', colon);
      const length = parseInt(bytes.subarray(colon + 2, comma).toString('latin1'), 16);
      rows.set(id, bytes.subarray(comma + 1, comma + 1 + length).toString('utf8'));
      at = comma + 1 + length;
    } else {
      const newline = bytes.indexOf('\n', colon);
      const end = newline < 0 ? bytes.length : newline;
      rows.set(id, bytes.subarray(colon + 1, end).toString('utf8'));
      at = end + 1;
    }
  }
  const result = rows.get('1');
  if (result === undefined) throw new Error(`no action result in: ${bytes.toString('utf8').slice(0, 300)}`);
  const resolve = (value: unknown): unknown => {
    if (typeof value === 'string') {
      const ref = /^\$([0-9a-f]+)$/.exec(value);
      if (ref?.[1] !== undefined && rows.has(ref[1])) return rows.get(ref[1]);
      return value.startsWith('$$') ? value.slice(1) : value;
    }
    if (Array.isArray(value)) return value.map(resolve);
    if (value && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v)]));
    return value;
  };
  return resolve(JSON.parse(result)) as ActionOutcome;
}
