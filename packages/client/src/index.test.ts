import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, describe, it } from 'node:test';
import { backoffMs, Latchkey, LatchkeyError, retryAfterMs, tokenFromAuthorization } from './index';

// The client's own behaviour (retries, Retry-After, timeouts, errors) against small real HTTP servers that answer as
// told; its calls against the real Latchkey server, in both module formats, are e2e/api/client.spec.ts.

type Answer = (req: IncomingMessage, res: ServerResponse) => void;
const servers: ReturnType<typeof createServer>[] = [];
after(() => servers.forEach((s) => s.close()));

/** A server that answers its n-th request with answers[n] (the last one again after that); counts requests. */
async function serve(...answers: Answer[]) {
  const seen: { method: string; url: string; authorization: string | undefined; at: number }[] = [];
  const server = createServer((req, res) => {
    seen.push({ method: req.method!, url: req.url!, authorization: req.headers.authorization, at: Date.now() });
    req.resume();
    req.on('end', () => answers[Math.min(seen.length - 1, answers.length - 1)]!(req, res));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

const json =
  (status: number, body: unknown, headers: Record<string, string> = {}): Answer =>
  (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
const refusal = (status: number, code: string, headers: Record<string, string> = {}) =>
  json(status, { error: { code, message: `refused: ${code}` } }, headers);
const projects = json(200, { projects: [] });

describe('@latchkey/client', () => {
  it('sends the token as Bearer and falls back to LATCHKEY_TOKEN and LATCHKEY_URL', async () => {
    const { url, seen } = await serve(projects);
    const saved = { token: process.env.LATCHKEY_TOKEN, url: process.env.LATCHKEY_URL };
    process.env.LATCHKEY_TOKEN = 'lk_from_env';
    process.env.LATCHKEY_URL = `${url}/`;
    try {
      assert.deepEqual(await new Latchkey().projects.list(), []);
    } finally {
      for (const [name, value] of [
        ['LATCHKEY_TOKEN', saved.token],
        ['LATCHKEY_URL', saved.url],
      ] as const)
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
    }
    assert.equal(seen[0]!.authorization, 'Bearer lk_from_env');
    assert.equal(seen[0]!.url, '/api/v1/projects');
  });

  it('refuses to start without a token or a usable URL', () => {
    const saved = process.env.LATCHKEY_TOKEN;
    delete process.env.LATCHKEY_TOKEN;
    try {
      assert.throws(() => new Latchkey({ baseUrl: 'http://x' }), { code: 'missing_token' });
    } finally {
      if (saved !== undefined) process.env.LATCHKEY_TOKEN = saved;
    }
    assert.throws(() => new Latchkey({ token: 't', baseUrl: 'not a url' }), { code: 'invalid_url' });
    assert.throws(() => new Latchkey({ token: 't', baseUrl: 'ftp://x' }), { code: 'invalid_url' });
  });

  it('turns a refusal into one LatchkeyError with status, code and message', async () => {
    const { url } = await serve(refusal(401, 'invalid_token'));
    const error = await new Latchkey({ token: 't', baseUrl: url }).me().catch((e: unknown) => e);
    assert.ok(error instanceof LatchkeyError);
    assert.deepEqual([error.status, error.code, error.message], [401, 'invalid_token', 'refused: invalid_token']);
  });

  it('says when the server is not a Latchkey server', async () => {
    const { url } = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>');
    });
    await assert.rejects(new Latchkey({ token: 't', baseUrl: url }).me(), {
      status: 200,
      code: 'unexpected_response',
      message: `${url} did not answer like a Latchkey server (HTTP 200, text/html).`,
    });
  });

  it('retries an idempotent call after 503 and 429, waiting as Retry-After says', async () => {
    const { url, seen } = await serve(
      refusal(503, 'unavailable'),
      refusal(429, 'rate_limited', { 'retry-after': '1' }),
      projects,
    );
    assert.deepEqual(await new Latchkey({ token: 't', baseUrl: url }).projects.list(), []);
    assert.equal(seen.length, 3);
    assert.ok(seen[2]!.at - seen[1]!.at >= 1000, `waited ${seen[2]!.at - seen[1]!.at} ms after Retry-After: 1`);
  });

  it('gives up after its retries, and does not wait longer than maxRetryDelayMs', async () => {
    const busy = await serve(refusal(503, 'unavailable'));
    await assert.rejects(new Latchkey({ token: 't', baseUrl: busy.url, retries: 2 }).me(), { status: 503 });
    assert.equal(busy.seen.length, 3);
    const slow = await serve(refusal(429, 'rate_limited', { 'retry-after': '120' }));
    await assert.rejects(new Latchkey({ token: 't', baseUrl: slow.url }).me(), { status: 429, code: 'rate_limited' });
    assert.equal(slow.seen.length, 1);
  });

  it('never retries a call that is not idempotent', async () => {
    const { url, seen } = await serve(refusal(503, 'unavailable'));
    await assert.rejects(new Latchkey({ token: 't', baseUrl: url }).projects.create({ name: 'x' }), { status: 503 });
    await assert.rejects(new Latchkey({ token: 't', baseUrl: url }).keys.revokeSelf(), { status: 503 });
    assert.equal(seen.length, 2);
  });

  it('retries after a network error, then reports it as network_error', async () => {
    const { url, seen } = await serve((req) => req.socket.destroy(), projects);
    assert.deepEqual(await new Latchkey({ token: 't', baseUrl: url }).projects.list(), []);
    assert.equal(seen.length, 2);
    const closed = await serve((req) => req.socket.destroy());
    await assert.rejects(new Latchkey({ token: 't', baseUrl: closed.url, retries: 1 }).me(), {
      status: 0,
      code: 'network_error',
    });
    assert.equal(closed.seen.length, 2);
  });

  it('times out an attempt that takes longer than timeoutMs', async () => {
    const { url } = await serve(() => undefined);
    const started = Date.now();
    await assert.rejects(new Latchkey({ token: 't', baseUrl: url, timeoutMs: 200, retries: 0 }).me(), {
      status: 0,
      code: 'timeout',
    });
    assert.ok(Date.now() - started < 5000);
  });

  it('reads Retry-After as seconds or a date, and backs off with jitter', () => {
    assert.equal(retryAfterMs('3'), 3000);
    assert.equal(retryAfterMs(new Date(10_000).toUTCString(), 4_000), 6000);
    assert.equal(retryAfterMs('soon'), null);
    assert.equal(retryAfterMs(null), null);
    assert.equal(
      backoffMs(0, () => 1),
      250,
    );
    assert.equal(
      backoffMs(3, () => 1),
      2000,
    );
    assert.equal(
      backoffMs(3, () => 0),
      0,
    );
  });

  it('reads a token from Bearer or HTTP Basic (token as username, empty password) and nothing else', () => {
    assert.equal(tokenFromAuthorization('Bearer lk_a_b'), 'lk_a_b');
    assert.equal(tokenFromAuthorization('bearer lk_a_b'), 'lk_a_b');
    assert.equal(tokenFromAuthorization(`Basic ${btoa('lk_a_b:')}`), 'lk_a_b');
    assert.equal(tokenFromAuthorization(`Basic ${btoa('lk_a_b:pw')}`), null);
    assert.equal(tokenFromAuthorization('Token lk_a_b'), null);
    assert.equal(tokenFromAuthorization(undefined), null);
    assert.equal(tokenFromAuthorization('Bearer a b'), null);
  });
});
