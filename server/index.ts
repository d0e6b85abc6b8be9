import { createServer, type IncomingMessage } from 'node:http';
import next from 'next';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { getConfig, listenFrom } from './config';
import { clientAddress, type AddressRange } from '../lib/net/client-address';
import { CLIENT_ADDRESS_HEADER, markClientAddressListener } from '../lib/net/request-address';
import { apiTarget, serveApi } from './api-door';
import { answerConnectAsRequest, refuseMethod } from './methods';

// One process, two doors. /api/v1 is answered by a lean door (server/api-door.ts) that calls the route table's
// handlers straight from node:http, without Next's per-request work (~1 ms of CPU: routing, proxy, rendering
// machinery); everything else goes to Next. Both doors share one database connection and one usage recorder (both
// live on globalThis).

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Decides the client's address once (lib/net/client-address.ts) and puts it in the internal header that pages,
 * server actions and sign-in read, after removing any value the client sent under that name.
 */
function stampClientAddress(req: IncomingMessage, trustedProxies: readonly AddressRange[]) {
  const address = clientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for'], trustedProxies);
  delete req.headers[CLIENT_ADDRESS_HEADER];
  // Next reads the parsed headers; the raw list is cleaned too, so no copy of a forged value survives anywhere.
  const raw: string[] = [];
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i]!;
    if (name.toLowerCase() !== CLIENT_ADDRESS_HEADER) raw.push(name, req.rawHeaders[i + 1]!);
  }
  if (address) {
    req.headers[CLIENT_ADDRESS_HEADER] = address;
    raw.push(CLIENT_ADDRESS_HEADER, address);
  }
  req.rawHeaders.splice(0, req.rawHeaders.length, ...raw);
}

async function main() {
  // Validates the whole configuration before serving (a bad LATCHKEY_TRUSTED_PROXIES stops the start-up here).
  const { trustedProxies } = getConfig();
  const { port, host: hostname } = listenFrom();
  markClientAddressListener();
  // Next attaches an 'upgrade' listener (for WebSocket routes, which this app has none of) to the server of the first
  // request it serves, and requests with an Upgrade header would then bypass this listener's checks. Given a server of
  // its own that never listens, Next attaches it there, and Node hands upgrade requests to the handler below as plain
  // requests.
  const app = next({ dev: false, dir: root, hostname: hostname ?? 'localhost', port, httpServer: createServer() });
  const handle = app.getRequestHandler();
  await app.prepare();
  const server = createServer((req, res) => {
    const api = apiTarget(req.url ?? '/');
    // The API door decides the client address itself and passes it to the handlers; it reads no internal header.
    if (api) return serveApi(req, res, api, trustedProxies);
    // Methods no page or next-auth route answers (TRACE would be Next's 500): a 405 first (lib/net/methods.ts).
    if (refuseMethod(req, res)) return;
    stampClientAddress(req, trustedProxies);
    void handle(req, res);
  });
  answerConnectAsRequest(server);
  server.listen(port, hostname, () => console.log(`[latchkey] listening on http://${hostname ?? 'localhost'}:${port}`));
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      server.close();
      // Usage is flushed by its own signal handler (server/usage-recorder.ts), which runs first.
      process.exit(0);
    });
  }
}

main().catch((error) => {
  console.error('[latchkey] could not start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
