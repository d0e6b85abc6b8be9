import fc from 'fast-check';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { parseTrustedProxies } from '../lib/net/client-address';
import { addressOf, apiTarget, serveApi } from './api-door';

describe('apiTarget: which requests the listener answers itself', () => {
  it('takes every spelling of an /api/v1 path, so none reaches Next by another route', () => {
    for (const [url, pathname, search] of [
      ['/api/v1', '/api/v1', ''],
      ['/api/v1/me?x=1', '/api/v1/me', '?x=1'],
      ['http://example.com/api/v1/me', '/api/v1/me', ''],
      ['//api/v1/me', '/api/v1/me', ''],
      ['/api//v1///keys/self', '/api/v1/keys/self', ''],
      ['/api/v1/keys/%ZZ', '/api/v1/keys/%ZZ', ''],
      ['/x/../api/v1/me', '/api/v1/me', ''],
    ] as [string, string, string][]) {
      assert.deepEqual(apiTarget(url), { pathname, search }, url);
    }
  });
  it('gives what the URL parser gives for any target, with or without its fast path', () => {
    // The one implementation before the fast path: parse, then collapse repeated slashes.
    const parsed = (url: string) => {
      let u: URL;
      try {
        u = new URL(url.replace(/^\/{2,}/, '/'), 'http://localhost');
      } catch {
        return null;
      }
      const pathname = u.pathname.replace(/\/{2,}/g, '/');
      return pathname === '/api/v1' || pathname.startsWith('/api/v1/') ? { pathname, search: u.search } : null;
    };
    const piece = fc.constantFrom(
      '/',
      '.',
      '..',
      '%',
      '%2e',
      '%2F',
      '?',
      '#',
      'a',
      'Z',
      '0',
      '-',
      '_',
      '~',
      ' ',
      '\\',
      "'",
      '"',
      '@',
      '&',
      '=',
      'é',
      '<',
    );
    const start = fc.constantFrom(
      '/api/v1',
      '/api/v1/',
      '//api/v1/',
      '/api/v1/me',
      '/api/v1/keys/',
      'http://h/api/v1/',
      '/api/v',
      '/x/../api/v1/',
    );
    fc.assert(
      fc.property(start, fc.array(piece, { maxLength: 12 }), (head, tail) => {
        const url = head + tail.join('');
        assert.deepEqual(apiTarget(url), parsed(url), url);
      }),
      { numRuns: 5000 },
    );
  });

  it('leaves everything else to Next', () => {
    for (const url of [
      '/',
      '/api/v10',
      '/api/auth/session',
      '/settings/security',
      '/api/v1x/me',
      '/api/v1/../settings',
      'http://[bad',
    ]) {
      assert.equal(apiTarget(url), null, url);
    }
  });
});

describe('addressOf: the client address, once per connection', () => {
  const loopback = parseTrustedProxies('loopback');
  const trusted = loopback.ok ? loopback.ranges : [];

  it('follows X-Forwarded-For from a trusted proxy as it changes between requests on one connection', () => {
    const req = { socket: { remoteAddress: '::ffff:127.0.0.1' } } as never;
    assert.equal(addressOf(req, ['203.0.113.1'], trusted), '203.0.113.1');
    assert.equal(addressOf(req, ['203.0.113.1'], trusted), '203.0.113.1');
    assert.equal(addressOf(req, ['203.0.113.2'], trusted), '203.0.113.2');
    assert.equal(addressOf(req, ['198.51.100.7', '203.0.113.3'], trusted), '203.0.113.3');
    assert.equal(addressOf(req, undefined, trusted), '127.0.0.1');
    assert.equal(addressOf(req, ['203.0.113.2'], trusted), '203.0.113.2');
  });

  it('keeps connections apart, and ignores X-Forwarded-For from anyone else', () => {
    const a = { socket: { remoteAddress: '198.51.100.1' } } as never;
    const b = { socket: { remoteAddress: '2001:DB8::0001' } } as never;
    assert.equal(addressOf(a, ['203.0.113.1'], trusted), '198.51.100.1');
    assert.equal(addressOf(b, ['203.0.113.1'], trusted), '2001:db8::1');
    assert.equal(addressOf(a, undefined, []), '198.51.100.1');
  });
});

// The door itself, on a real socket: the answers that need no database (no key, a malformed one, a wrong method, a
// body too big) are byte for byte what the listener sent before the plain handlers, Date aside.
describe('serveApi: node:http in, plain handlers, node:http out', () => {
  let server: Server;
  let port: number;
  before(async () => {
    server = createServer((req, res) => {
      const api = apiTarget(req.url ?? '/');
      if (api) serveApi(req, res, api, []);
      else res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(() => server.close());

  function raw(head: string[], body = ''): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      const chunks: Buffer[] = [];
      socket.on('data', (chunk) => chunks.push(chunk));
      socket.on('error', (error) => (chunks.length > 0 ? undefined : reject(error)));
      socket.on('close', () =>
        resolve(
          Buffer.concat(chunks)
            .toString('latin1')
            .replace(/\r\nDate: [^\r]*/, ''),
        ),
      );
      socket.write([...head, 'Host: 127.0.0.1', 'Connection: close', '', body].join('\r\n'));
    });
  }

  const SECURITY =
    'X-Content-Type-Options: nosniff\r\nReferrer-Policy: no-referrer\r\nX-Frame-Options: DENY\r\n' +
    'Permissions-Policy: camera=(), microphone=(), geolocation=(), payment=()\r\nCross-Origin-Opener-Policy: same-origin\r\n' +
    "Content-Security-Policy: default-src 'none'; frame-ancestors 'none'\r\n";
  const MISSING =
    '{"error":{"code":"missing_token","message":"Authenticate with \\"Authorization: Bearer <api key>\\"."}}';

  it('answers a request without a key with the 401 and its challenge', async () => {
    assert.equal(
      await raw(['GET /api/v1/me HTTP/1.1']),
      `HTTP/1.1 401 Unauthorized\r\n${SECURITY}cache-control: no-store\r\ncontent-type: application/json\r\n` +
        `www-authenticate: Bearer realm="latchkey"\r\ncontent-length: ${MISSING.length}\r\nConnection: close\r\n\r\n${MISSING}`,
    );
  });

  it('answers HEAD as GET with no body and a zero length', async () => {
    assert.equal(
      await raw(['HEAD /api/v1/me HTTP/1.1']),
      `HTTP/1.1 401 Unauthorized\r\n${SECURITY}cache-control: no-store\r\ncontent-type: application/json\r\n` +
        'www-authenticate: Bearer realm="latchkey"\r\ncontent-length: 0\r\nConnection: close\r\n\r\n',
    );
  });

  it('refuses two Authorization headers, whichever comes first', async () => {
    const answer = await raw(['GET /api/v1/me HTTP/1.1', 'Authorization: Bearer a', 'Authorization: Basic b']);
    assert.match(answer, /^HTTP\/1\.1 401 /);
    assert.match(answer, /www-authenticate: Bearer realm="latchkey", error="invalid_request"/);
  });

  it('answers every method a route does not serve with its 405 and Allow (RFC 9110), and unknown paths alike', async () => {
    for (const method of ['TRACE', 'PROPFIND', 'PUT']) {
      const answer = await raw([`${method} /api/v1/me HTTP/1.1`, 'Content-Length: 0']);
      assert.match(answer, /^HTTP\/1\.1 405 [^]*\r\nallow: GET\r\n/, method);
    }
    // An unknown path is unknown whatever the method: the same authenticated 404 as GET (here: no key, 401).
    for (const method of ['OPTIONS', 'TRACE', 'GET']) {
      assert.equal(
        await raw([`${method} /api/v1/nope HTTP/1.1`]),
        `HTTP/1.1 401 Unauthorized\r\n${SECURITY}cache-control: no-store\r\ncontent-type: application/json\r\n` +
          `www-authenticate: Bearer realm="latchkey"\r\ncontent-length: ${MISSING.length}\r\nConnection: close\r\n\r\n${MISSING}`,
        method,
      );
    }
    const refused = await raw(['PUT /api/v1/me HTTP/1.1', 'Content-Length: 0']);
    assert.match(refused, /^HTTP\/1\.1 405 [^]*\r\nallow: GET\r\ncache-control: no-store\r\n/);
    assert.match(refused, /"message":"This endpoint supports GET\."/);
  });

  it('refuses a body over 64 KiB before any handler, and closes the connection', async () => {
    const body = 'x'.repeat(64 * 1024 + 1);
    for (const head of [[`Content-Length: ${body.length}`], ['Transfer-Encoding: chunked']]) {
      const sent = head[0]!.startsWith('Transfer') ? `${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n` : body;
      const answer = await raw(['POST /api/v1/keys/verify HTTP/1.1', ...head], sent);
      assert.match(answer, /^HTTP\/1\.1 400 /);
      assert.match(answer, /\r\nConnection: close\r\n/);
      assert.ok(
        answer.endsWith('{"error":{"code":"invalid_body","message":"The body may be at most 65536 bytes."}}'),
        answer,
      );
    }
  });
});
