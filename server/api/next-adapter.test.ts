// Runs in a process of its own (scripts/test.mjs): it asserts what happens before this process marks itself as the
// /api/v1 listener's, which another file's test of the listener would already have done.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CLIENT_ADDRESS_HEADER, markClientAddressListener } from '../../lib/net/request-address';
import { jsonResponse } from '../../lib/api/errors';
import { bodyText, header, type ApiRequest } from '../../lib/api/http';
import { toNextHandler } from './next-adapter';

const noParams = { params: Promise.resolve({}) };

/** A Next route export around a handler that records the plain request it was given. */
function recording() {
  const seen: { request?: ApiRequest; params?: unknown } = {};
  const handler = toNextHandler(((request: ApiRequest, params: unknown) => {
    seen.request = request;
    seen.params = params;
    return jsonResponse({ ok: true }, { status: 201, headers: { 'X-Extra': 'yes' } });
  }) as never);
  return { seen, handler };
}

describe('toNextHandler: a plain handler as a Next route export', () => {
  it('hands over method, path, query, every header, body and params', async () => {
    const { seen, handler } = recording();
    const headers = new Headers([
      ['authorization', 'Bearer a'],
      ['authorization', 'Bearer b'],
      ['content-type', 'application/json'],
    ]);
    const response = await handler(
      new Request('http://localhost/api/v1/keys/abc?x=1', { method: 'post', headers, body: '{"a":1}' }),
      { params: Promise.resolve({ id: 'abc', path: undefined }) },
    );
    const request = seen.request!;
    assert.equal(request.method, 'POST');
    assert.equal(request.path, '/api/v1/keys/abc');
    assert.equal(request.search, '?x=1');
    // Both copies reach the parser, which refuses the pair.
    assert.equal(header(request, 'authorization'), 'Bearer a, Bearer b');
    assert.equal(bodyText(request), '{"a":1}');
    assert.deepEqual(seen.params, { id: 'abc' });
    assert.equal(response.status, 201);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    assert.equal(response.headers.get('x-extra'), 'yes');
    assert.deepEqual(await response.json(), { ok: true });
  });

  it('serves a route without parameters, for which Next passes params: undefined', async () => {
    const { seen, handler } = recording();
    const context = { params: undefined } as unknown as typeof noParams;
    const response = await handler(new Request('http://localhost/api/v1/me'), context);
    assert.equal(response.status, 201);
    assert.deepEqual(seen.params, {});
  });

  it('believes the client-address header only when the listener runs in this process', async () => {
    const { seen, handler } = recording();
    const request = () =>
      new Request('http://localhost/api/v1/me', { headers: { [CLIENT_ADDRESS_HEADER]: '::ffff:203.0.113.9' } });
    await handler(request(), noParams);
    assert.equal(seen.request!.clientAddress, null);
    markClientAddressListener();
    await handler(request(), noParams);
    assert.equal(seen.request!.clientAddress, '203.0.113.9');
  });

  it('refuses a body over 64 KiB before the handler runs, declared or not', async () => {
    const { seen, handler } = recording();
    const big = 'x'.repeat(64 * 1024 + 1);
    for (const init of [{ body: big }, { body: '{}', headers: { 'content-length': String(big.length) } }]) {
      const response = await handler(
        new Request('http://localhost/api/v1/keys/verify', { method: 'POST', ...init }),
        noParams,
      );
      assert.equal(response.status, 400);
      assert.deepEqual(await response.json(), {
        error: { code: 'invalid_body', message: 'The body may be at most 65536 bytes.' },
      });
    }
    assert.equal(seen.request, undefined);
  });

  it('reads no body for GET, HEAD and OPTIONS', async () => {
    const { seen, handler } = recording();
    await handler(new Request('http://localhost/api/v1/me', { method: 'OPTIONS', body: 'ignored' }), noParams);
    assert.equal(seen.request!.body.length, 0);
  });

  it('turns a handler that throws into the JSON 500, without detail', async () => {
    const handler = toNextHandler((() => {
      throw new Error('secret lk_abc');
    }) as never);
    const logged: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void logged.push(args.join(' '));
    try {
      const response = await handler(new Request('http://localhost/api/v1/me'), noParams);
      assert.equal(response.status, 500);
      assert.deepEqual(await response.json(), {
        error: { code: 'internal_error', message: 'Something went wrong on our side.' },
      });
    } finally {
      console.error = original;
    }
    assert.deepEqual(logged, ['[api] unexpected Error']);
  });
});
