// Loaded into every server the e2e run starts (NODE_OPTIONS=--import, see e2e/env.ts): records each /api/v1 answer the
// server sends — method, path, status, headers and body, as written to the socket — one JSON line per answer in a
// file of this process's own under LATCHKEY_E2E_API_TAP_DIR. e2e/openapi.spec.ts validates every line against
// openapi.json after the suite. Test-only: the production server never loads it.
import { appendFileSync, mkdirSync } from 'node:fs';
import { ServerResponse } from 'node:http';
import path from 'node:path';

const dir = process.env.LATCHKEY_E2E_API_TAP_DIR;
if (dir) {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `responses-${process.pid}.jsonl`);
  const written = Symbol('tapped head');

  /** The path as the listener routes it (absolute-form targets, repeated slashes), or null when not under /api/v1. */
  const apiPath = (url) => {
    try {
      const pathname = new URL(url.replace(/^\/{2,}/, '/'), 'http://localhost').pathname.replace(/\/{2,}/g, '/');
      return pathname === '/api/v1' || pathname.startsWith('/api/v1/') ? pathname : null;
    } catch {
      return null;
    }
  };

  const writeHead = ServerResponse.prototype.writeHead;
  ServerResponse.prototype.writeHead = function (status, ...rest) {
    const given = rest.find((arg) => arg && typeof arg === 'object');
    const headers = {};
    const add = (name, value) => {
      const key = String(name).toLowerCase();
      const text = Array.isArray(value) ? value.join(', ') : String(value);
      headers[key] = key in headers ? `${headers[key]}, ${text}` : text;
    };
    for (const [name, value] of Object.entries(this.getHeaders())) add(name, value);
    if (Array.isArray(given)) for (let i = 0; i + 1 < given.length; i += 2) add(given[i], given[i + 1]);
    else if (given) for (const [name, value] of Object.entries(given)) add(name, value);
    this[written] = { status, headers };
    return writeHead.call(this, status, ...rest);
  };

  const end = ServerResponse.prototype.end;
  ServerResponse.prototype.end = function (chunk, ...rest) {
    const req = this.req;
    const target = req && apiPath(req.url ?? '/');
    if (target) {
      if (!this[written]) {
        // Headers set with setHeader and sent implicitly by end().
        this[written] = { status: this.statusCode, headers: {} };
        for (const [name, value] of Object.entries(this.getHeaders()))
          this[written].headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
      }
      const body = typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : '';
      appendFileSync(
        file,
        `${JSON.stringify({ method: (req.method ?? 'GET').toUpperCase(), path: target, ...this[written], body })}\n`,
      );
    }
    return end.call(this, chunk, ...rest);
  };
}
