import { ServerResponse, type IncomingMessage, type Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { methodRefusal, targetPath } from '../lib/net/methods';
import { apiHeaders, securityHeaders } from '../security-headers';

// The listener's side of lib/net/methods.ts: a 405 for a method the path does not answer, before Next builds a
// Request it cannot build, and an answer to CONNECT, which Node never hands to the request listener.

const HEADERS = Object.fromEntries([...securityHeaders, ...apiHeaders].map((h) => [h.key, h.value]));

/** Answers a request whose method its path does not answer with a 405 and the path's Allow header; else false. */
export function refuseMethod(req: IncomingMessage, res: ServerResponse): boolean {
  const refusal = methodRefusal(req.method ?? 'GET', targetPath(req.url ?? '/'));
  if (!refusal) return false;
  const body = JSON.stringify({ error: { code: 'method_not_allowed', message: refusal.message } });
  res.writeHead(405, {
    ...HEADERS,
    Allow: refusal.allow,
    'Cache-Control': 'no-store',
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
  return true;
}

/**
 * Node gives a CONNECT request to the server's "connect" event as a tunnel and, with nobody listening, drops the
 * connection unanswered. This answers it as an ordinary request through the server's own request listener (where
 * no path answers CONNECT), then closes the connection.
 */
export function answerConnectAsRequest(server: Server) {
  server.on('connect', (req: IncomingMessage, socket: Duplex) => {
    // The socket is ours now, without Node's error handler: a client reset must not become an uncaught error.
    socket.on('error', () => socket.destroy());
    const res = new ServerResponse(req);
    res.shouldKeepAlive = false;
    res.assignSocket(socket as Socket);
    res.on('finish', () => {
      res.detachSocket(socket as Socket);
      socket.end();
    });
    server.emit('request', req, res);
  });
}
