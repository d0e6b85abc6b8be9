import fc from 'fast-check';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { methodRefusal, methodRule, targetPath } from './methods';

const PAGES = 'GET, HEAD, POST';
const AUTH = 'GET, HEAD, OPTIONS, POST';
const CREDENTIALS = 'OPTIONS, POST';
// Every method Node's parser hands over (the ones it does not know never become a request), and a few spellings.
const NODE_METHODS = [
  'ACL',
  'BIND',
  'CHECKOUT',
  'CONNECT',
  'COPY',
  'DELETE',
  'GET',
  'HEAD',
  'LINK',
  'LOCK',
  'M-SEARCH',
  'MERGE',
  'MKACTIVITY',
  'MKCALENDAR',
  'MKCOL',
  'MOVE',
  'NOTIFY',
  'OPTIONS',
  'PATCH',
  'POST',
  'PROPFIND',
  'PROPPATCH',
  'PURGE',
  'PUT',
  'QUERY',
  'REBIND',
  'REPORT',
  'SEARCH',
  'SOURCE',
  'SUBSCRIBE',
  'TRACE',
  'UNBIND',
  'UNLINK',
  'UNLOCK',
  'UNSUBSCRIBE',
  'TRACK',
  'get',
  'Post',
];

describe('methodRefusal', () => {
  for (const [path, allowed, allow] of [
    ['/settings/security', ['GET', 'HEAD', 'POST'], PAGES],
    ['/sign-in', ['GET', 'HEAD', 'POST'], PAGES],
    ['/', ['GET', 'HEAD', 'POST'], PAGES],
    ['/_next/static/chunks/app.js', ['GET', 'HEAD', 'POST'], PAGES],
    ['/api/auth/session', ['GET', 'HEAD', 'OPTIONS', 'POST'], AUTH],
    ['/api/auth/signout', ['GET', 'HEAD', 'OPTIONS', 'POST'], AUTH],
    ['/api/auth/callback/credentials', ['OPTIONS', 'POST'], CREDENTIALS],
    // Next decodes the path before next-auth sees it: an encoded spelling is the same route.
    ['/api/auth/callback/%63redentials', ['OPTIONS', 'POST'], CREDENTIALS],
    ['/api/auth/callback/credential%73', ['OPTIONS', 'POST'], CREDENTIALS],
    ['/api/auth/%63allback/credentials', ['OPTIONS', 'POST'], CREDENTIALS],
    // No next-auth route is /api/auth itself: that is a page (a 404).
    ['/api/auth', ['GET', 'HEAD', 'POST'], PAGES],
  ] as const) {
    it(`${path} answers ${allowed.join(', ')} and refuses the rest with Allow: ${allow}`, () => {
      for (const method of NODE_METHODS) {
        const refusal = methodRefusal(method, path);
        if ((allowed as readonly string[]).includes(method)) assert.equal(refusal, null, method);
        else assert.equal(refusal?.allow, allow, method);
      }
    });
  }

  it('refuses TRACE, CONNECT, PROPFIND and OPTIONS on a page with a message saying what it answers', () => {
    for (const method of ['TRACE', 'CONNECT', 'PROPFIND', 'OPTIONS']) {
      assert.deepEqual(methodRefusal(method, '/settings/security'), {
        allow: PAGES,
        message: 'Pages answer GET, HEAD and POST (forms) only.',
      });
    }
  });

  it('method names are case-sensitive', () => {
    assert.equal(methodRefusal('get', '/sign-in')?.allow, PAGES);
  });

  it('lets through only methods a WHATWG Request can carry, on any path (Next builds one per request)', () => {
    const path = fc
      .oneof(fc.constantFrom('/api/auth/', '/api/auth/callback/credentials', '/settings/', '/'), fc.webPath())
      .chain((prefix) => fc.webPath().map((rest) => `${prefix}${rest}`));
    fc.assert(
      fc.property(
        fc.oneof(fc.constantFrom(...NODE_METHODS), fc.stringMatching(/^[A-Z-]{1,12}$/)),
        path,
        (method, pathname) => {
          if (methodRefusal(method, pathname)) return;
          assert.doesNotThrow(() => new Request('http://localhost/', { method }), method);
          assert.ok(methodRule(pathname).allow.includes(method));
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('the Allow header lists exactly the methods let through', () => {
    for (const path of ['/x', '/api/auth/session', '/api/auth/callback/credentials']) {
      const allow = methodRefusal('TRACE', path)!.allow.split(', ');
      assert.deepEqual(NODE_METHODS.filter((m) => methodRefusal(m, path) === null).sort(), [...allow].sort());
    }
  });
});

describe('targetPath', () => {
  for (const [target, path] of [
    ['/settings/security?x=1', '/settings/security'],
    ['//api/auth/session', '/api/auth/session'],
    ['/api//auth/session', '/api/auth/session'],
    ['http://127.0.0.1:3000/api/auth/session', '/api/auth/session'],
    ['HTTPS://example.com/sign-in', '/sign-in'],
    ['/a/../api/auth/session', '/api/auth/session'],
    ['*', '/'],
    ['evil.example:443', '/'],
    ['', '/'],
    ['http://[bad', '/'],
  ] as const) {
    it(`${JSON.stringify(target)} is ${path}`, () => assert.equal(targetPath(target), path));
  }

  it('never throws and always gives a path', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 100 }), (target) => {
        assert.match(targetPath(target), /^\//);
      }),
      { numRuns: 2000 },
    );
  });
});
