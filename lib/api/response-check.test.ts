import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import document from '../../openapi.json';
import { coverage, responseChecker, type RecordedAnswer } from './response-check';

const { check, cells } = responseChecker(document);
const JSON_HEADERS = {
  'cache-control': 'no-store',
  'content-type': 'application/json',
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
};
const me = {
  key: {
    id: '7Gq2mZc0TfQa',
    name: 'CI',
    kind: 'personal',
    permission: 'read',
    resources: null,
    expiresAt: null,
    effectiveExpiresAt: '2026-12-04T21:00:00.000Z',
  },
  owner: { type: 'user', id: 'u1', email: 'a@example.com', role: 'owner' },
  account: { id: 'a1', name: 'Acme' },
};
const answer = (over: Partial<RecordedAnswer>): RecordedAnswer => ({
  method: 'GET',
  path: '/api/v1/me',
  status: 200,
  headers: JSON_HEADERS,
  body: JSON.stringify(me),
  ...over,
});
const refusal = (code: string) => JSON.stringify({ error: { code, message: 'No.' } });

describe('checking a recorded answer against openapi.json', () => {
  it('passes an answer the document describes', () => {
    assert.deepEqual(check(answer({})), { operation: 'GET /api/v1/me', status: 200, problems: [] });
    const revoke = answer({
      method: 'DELETE',
      path: '/api/v1/keys/7Gq2mZc0TfQa',
      body: '{"revoked":true,"id":"7Gq2mZc0TfQa","alreadyRevoked":false}',
    });
    assert.deepEqual(check(revoke).problems, []);
    assert.equal(check(revoke).operation, 'DELETE /api/v1/keys/{id}');
  });

  it('fails a leaked field (the response objects are closed)', () => {
    const leaked = { ...me, key: { ...me.key, secretHash: 'ab12' } };
    const verdict = check(answer({ body: JSON.stringify(leaked) }));
    assert.match(verdict.problems.join(), /must NOT have additional properties.*secretHash/);
  });

  it('fails a wrong type, a missing field and a body that is not JSON', () => {
    assert.equal(check(answer({ body: JSON.stringify({ ...me, account: { id: 1, name: 'x' } }) })).problems.length, 1);
    assert.equal(check(answer({ body: JSON.stringify({ key: me.key, owner: me.owner }) })).problems.length, 1);
    assert.deepEqual(check(answer({ body: '<html>' })).problems, ['the body is not JSON']);
  });

  it('fails an undocumented status, a missing or wrong header', () => {
    assert.match(check(answer({ status: 500, body: refusal('internal_error') })).problems[0]!, /not documented/);
    const uncached: Record<string, string> = { ...JSON_HEADERS };
    delete uncached['cache-control'];
    assert.deepEqual(check(answer({ headers: uncached })).problems, ['the Cache-Control header is missing']);
    const sniffable = { ...JSON_HEADERS, 'x-content-type-options': 'sniff' };
    assert.match(check(answer({ headers: sniffable })).problems[0]!, /X-Content-Type-Options header "sniff"/);
    const noChallenge = answer({ status: 401, body: refusal('missing_token') });
    assert.match(check(noChallenge).problems.join(), /WWW-Authenticate header is missing/);
    const ok401 = { ...noChallenge, headers: { ...JSON_HEADERS, 'www-authenticate': 'Bearer realm="latchkey"' } };
    assert.deepEqual(check(ok401).problems, []);
    assert.match(
      check(answer({ headers: { ...JSON_HEADERS, 'content-type': 'text/html' } })).problems[0]!,
      /Content-Type/,
    );
  });

  it('fails an undocumented path or method unless it is refused', () => {
    assert.match(check(answer({ path: '/api/v1/admin' })).problems[0]!, /path is not documented.*200/);
    assert.match(check(answer({ method: 'POST', status: 201 })).problems[0]!, /POST is not documented/);
    assert.deepEqual(check(answer({ path: '/api/v1/nope', status: 404, body: refusal('not_found') })).problems, []);
    const wrongAllow = answer({
      method: 'PUT',
      status: 405,
      headers: { ...JSON_HEADERS, allow: 'GET, PUT' },
      body: refusal('method_not_allowed'),
    });
    assert.match(check(wrongAllow).problems[0]!, /Allow/);
    assert.deepEqual(check({ ...wrongAllow, headers: { ...JSON_HEADERS, allow: 'GET' } }).problems, []);
  });

  it('takes HEAD as GET without a body', () => {
    assert.deepEqual(check(answer({ method: 'HEAD', body: '' })).problems, []);
    assert.deepEqual(check(answer({ method: 'HEAD' })).problems, ['HEAD answered with a body']);
  });

  it('counts which documented operation × status cells were exercised', () => {
    const rows = coverage(cells, [check(answer({})), check(answer({}))]);
    assert.deepEqual(
      rows.find((r) => r.cell === 'GET /api/v1/me 200'),
      { cell: 'GET /api/v1/me 200', count: 2 },
    );
    assert.equal(rows.find((r) => r.cell === 'GET /api/v1/me 401')?.count, 0);
  });
});
