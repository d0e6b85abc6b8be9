import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { answerConnectAsRequest, refuseMethod } from './methods';

// The listener's method guard on a real Node HTTP server (Next stands behind it in production; here a stub answers
// whatever gets through), spoken to over raw sockets so any method can be sent.

let server: Server;
let port: number;
const passed: string[] = [];

before(async () => {
  server = createServer((req, res) => {
    if (refuseMethod(req, res)) return;
    passed.push(`${req.method} ${req.url}`);
    res.end('next');
  });
  answerConnectAsRequest(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

after(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Sends one request line (and Host) on a fresh socket; resolves with the status, headers and body once it closes. */
function send(requestLine: string): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    socket.on('data', (chunk) => (text += chunk.toString('utf8')));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head = '', body = ''] = text.split('\r\n\r\n');
      const [status = '', ...lines] = head.split('\r\n');
      const headers = Object.fromEntries(
        lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
      );
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(status)?.[1] ?? 0), headers, body });
    });
    socket.write(`${requestLine}\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
  });
}

describe('the listener method guard', () => {
  for (const [line, allow] of [
    ['TRACE /settings/security HTTP/1.1', 'GET, HEAD, POST'],
    ['PROPFIND /sign-in HTTP/1.1', 'GET, HEAD, POST'],
    ['OPTIONS /sign-in HTTP/1.1', 'GET, HEAD, POST'],
    ['TRACE /api/auth/session HTTP/1.1', 'GET, HEAD, OPTIONS, POST'],
    ['PUT http://127.0.0.1/api/auth/session HTTP/1.1', 'GET, HEAD, OPTIONS, POST'],
    ['GET /api/auth/callback/credentials HTTP/1.1', 'OPTIONS, POST'],
    ['CONNECT /settings/security HTTP/1.1', 'GET, HEAD, POST'],
    ['CONNECT /api/auth/session HTTP/1.1', 'GET, HEAD, OPTIONS, POST'],
    ['CONNECT evil.example:443 HTTP/1.1', 'GET, HEAD, POST'],
  ] as const) {
    it(`answers ${line.split(' HTTP')[0]} with a 405 and Allow: ${allow}`, async () => {
      const reply = await send(line);
      assert.equal(reply.status, 405);
      assert.equal(reply.headers.allow, allow);
      assert.equal(reply.headers['content-type'], 'application/json');
      assert.equal(reply.headers['cache-control'], 'no-store');
      assert.equal(reply.headers['x-frame-options'], 'DENY');
      const { error } = JSON.parse(reply.body) as { error: { code: string; message: string } };
      assert.equal(error.code, 'method_not_allowed');
      assert.match(error.message, /answer|form/);
    });
  }

  it('lets GET, HEAD and POST on pages and OPTIONS on /api/auth through to Next unchanged', async () => {
    passed.length = 0;
    for (const line of [
      'GET /sign-in?x=1',
      'HEAD /sign-in',
      'POST /settings/security',
      'OPTIONS /api/auth/session',
      'POST /api/auth/callback/credentials',
    ]) {
      const reply = await send(`${line} HTTP/1.1`);
      assert.equal(reply.status, 200, line);
    }
    assert.deepEqual(passed, [
      'GET /sign-in?x=1',
      'HEAD /sign-in',
      'POST /settings/security',
      'OPTIONS /api/auth/session',
      'POST /api/auth/callback/credentials',
    ]);
  });

  it('a CONNECT whose client goes away at once does not take the server down', async () => {
    for (let i = 0; i < 20; i++) {
      const socket = connect(port, '127.0.0.1');
      socket.on('error', () => {});
      socket.write('CONNECT /sign-in HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n', () => socket.resetAndDestroy());
    }
    assert.equal((await send('GET /sign-in HTTP/1.1')).status, 200);
    assert.equal((await send('CONNECT /sign-in HTTP/1.1')).status, 405);
  });
});
