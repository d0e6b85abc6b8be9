import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import next from 'next';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { errorToResponse, ApiError } from '../lib/api/errors';
import { setClientIp } from '../lib/api/client-ip';
import { getConfig, listenFrom } from '../lib/config';
import { clientAddress, type AddressRange } from '../lib/net/client-address';
import { CLIENT_ADDRESS_HEADER, markClientAddressListener } from '../lib/net/request-address';
import { apiHeaders, securityHeaders } from '../security-headers';
import { apiTarget, matchApiRoute } from './api-routes';
import { answerConnectAsRequest, refuseMethod } from './methods';

// One process, two doors. /api/v1 is answered by a lean listener that calls the same route handlers as Next, without
// Next's per-request work (~1 ms of CPU: routing, proxy, rendering machinery); everything else goes to Next. Both doors
// share one database connection and one usage recorder (both live on globalThis).

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Validated like every setting: a bad PORT stops the start with a message naming it.
const { port, host: hostname } = listenFrom();
const MAX_BODY_BYTES = 64 * 1024;
const API_HEADERS = Object.fromEntries([...securityHeaders, ...apiHeaders].map((h) => [h.key, h.value]));

function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    // Too big: answer at once and close the connection once the answer is out (destroying the socket first would
    // leave the client with no answer at all).
    const tooBig = () => {
      resolve(null);
      req.pause();
    };
    if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) return tooBig();
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) return tooBig();
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

async function send(res: ServerResponse, response: Response) {
  const headers: Record<string, string> = { ...API_HEADERS };
  response.headers.forEach((value, key) => {
    headers[key] = value;
  });
  const body = Buffer.from(await response.arrayBuffer());
  headers['content-length'] = String(body.length);
  res.writeHead(response.status, headers);
  res.end(body);
}

/**
 * Decides the client's address once (lib/net/client-address.ts) and puts it in the internal header that pages,
 * server actions and sign-in read, after removing any value the client sent under that name. Returns it for /api/v1.
 */
function stampClientAddress(req: IncomingMessage, trustedProxies: readonly AddressRange[]): string | null {
  const address = clientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for'], trustedProxies);
  delete req.headers[CLIENT_ADDRESS_HEADER];
  // Next reads the parsed headers; the raw list is cleaned too, so no copy of a forged value survives anywhere.
  const raw: string[] = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    if (req.rawHeaders[i].toLowerCase() !== CLIENT_ADDRESS_HEADER) raw.push(req.rawHeaders[i], req.rawHeaders[i + 1]);
  }
  if (address) {
    req.headers[CLIENT_ADDRESS_HEADER] = address;
    raw.push(CLIENT_ADDRESS_HEADER, address);
  }
  req.rawHeaders.splice(0, req.rawHeaders.length, ...raw);
  return address;
}

async function handleApi(req: IncomingMessage, res: ServerResponse, pathname: string, search: string, address: string | null) {
  try {
    const matched = matchApiRoute(pathname);
    const method = (req.method ?? 'GET').toUpperCase();
    const handler = matched?.route.module[(method === 'HEAD' ? 'GET' : method) as 'GET'];
    if (!matched || !handler) {
      return await send(res, errorToResponse(new ApiError('method_not_allowed', 'This endpoint does not support that method.')));
    }
    const hasBody = !['GET', 'HEAD', 'OPTIONS'].includes(method);
    const body = hasBody ? await readBody(req) : undefined;
    if (body === null) {
      res.shouldKeepAlive = false;
      res.on('finish', () => req.destroy());
      return await send(res, errorToResponse(new ApiError('invalid_body', `The body may be at most ${MAX_BODY_BYTES} bytes.`)));
    }
    const headers = new Headers();
    // headersDistinct keeps every copy of a header Node would otherwise drop to the first (Authorization among them):
    // two Authorization headers reach the parser joined, and are refused instead of the first one winning.
    for (const [key, values] of Object.entries(req.headersDistinct)) {
      if (values !== undefined) headers.set(key, values.join(', '));
    }
    // The handlers read only the path and query from the URL; a fixed origin keeps a malformed Host header (which Node
    // lets through) from failing the URL parse. The Host header itself is still passed on.
    const request = new Request(`http://localhost${pathname}${search}`, {
      method,
      headers,
      body: body && body.length > 0 ? new Uint8Array(body) : undefined,
    });
    setClientIp(request, address);
    const response = await handler(request, { params: Promise.resolve(matched.params) as Promise<never> });
    if (method === 'HEAD') return await send(res, new Response(null, { status: response.status, headers: response.headers }));
    await send(res, response);
  } catch (error) {
    if (!res.headersSent) await send(res, errorToResponse(error));
    else res.destroy();
  }
}

async function main() {
  // Validates the whole configuration before serving (a bad LATCHKEY_TRUSTED_PROXIES stops the start-up here).
  const { trustedProxies } = getConfig();
  markClientAddressListener();
  const app = next({ dev: false, dir: root, hostname: hostname ?? 'localhost', port });
  const handle = app.getRequestHandler();
  await app.prepare();
  const server = createServer((req, res) => {
    const address = stampClientAddress(req, trustedProxies);
    const api = apiTarget(req.url ?? '/');
    if (api) return void handleApi(req, res, api.pathname, api.search, address);
    // Methods no page or next-auth route answers (TRACE would be Next's 500): a 405 first (lib/net/methods.ts).
    if (refuseMethod(req, res)) return;
    void handle(req, res);
  });
  answerConnectAsRequest(server);
  server.listen(port, hostname, () => console.log(`[latchkey] listening on http://${hostname ?? 'localhost'}:${port}`));
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      server.close();
      // Usage is flushed by its own signal handler (lib/usage/recorder.ts), which runs first.
      process.exit(0);
    });
  }
}

main().catch((error) => {
  console.error('[latchkey] could not start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
