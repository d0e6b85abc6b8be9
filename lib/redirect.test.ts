import fc from 'fast-check';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HOME, safeCallback, signInPath } from './redirect';

const ORIGIN = 'http://127.0.0.1:3000';
// Pages the sign-in form can be on when it hands the result to the router, which resolves a string href against
// the current location.
const PAGES = [
  `${ORIGIN}/sign-in?callbackUrl=x`,
  `${ORIGIN}/`,
  `${ORIGIN}/settings/security/keys/abc`,
  `${ORIGIN}/invite/tok`,
];

/** Why `result` could take the browser off the app's origin, or null when it cannot. */
function leavesOrigin(result: string): string | null {
  // One leading "/" not followed by another "/" or "\": never protocol-relative, never a scheme, never relative.
  if (!/^\/(?![/\\])/.test(result)) return 'does not start with a single "/"';
  // Browsers drop tabs and newlines anywhere in a URL, so "/\t/x" would read as "//x".
  if (/[\t\n\r]/.test(result)) return 'carries a tab or newline';
  for (const page of PAGES) {
    if (new URL(result, page).origin !== ORIGIN) return `resolves off-origin from ${page}`;
  }
  return null;
}

describe('safeCallback', () => {
  it('follows same-origin paths with their query and fragment', () => {
    assert.equal(safeCallback('/settings/account?x=1#top', ORIGIN), '/settings/account?x=1#top');
    assert.equal(safeCallback('/settings/security?x=1#y', ORIGIN), '/settings/security?x=1#y');
    assert.equal(safeCallback(`${ORIGIN}/settings/account`, ORIGIN), '/settings/account');
    assert.equal(safeCallback('/settings/security/keys/7Gq2mZc0TfQa', ORIGIN), '/settings/security/keys/7Gq2mZc0TfQa');
  });

  it('keeps encoded characters in the query as they were', () => {
    assert.equal(
      safeCallback('/settings/audit-log?q=a%2Fb%2e%5C&x=%2F%2Fevil.example', ORIGIN),
      '/settings/audit-log?q=a%2Fb%2e%5C&x=%2F%2Fevil.example',
    );
  });

  it('goes home without a callback', () => {
    assert.equal(safeCallback(undefined, ORIGIN), HOME);
    assert.equal(safeCallback('', ORIGIN), HOME);
  });

  for (const hostile of [
    'https://evil.example/',
    '//evil.example/path',
    '/\\evil.example',
    '\\\\evil.example',
    '/\t/evil.example',
    'javascript:alert(1)',
    'http://127.0.0.1:3001/settings',
    'https://127.0.0.1:3000/settings',
    'http://127.0.0.1:3000@evil.example/',
    // A blob: URL's origin is the origin of the URL inside it, so it passes a same-origin check on its own.
    `blob:${ORIGIN}/x`,
    `blob:${ORIGIN}//evil.example`,
  ]) {
    it(`refuses ${JSON.stringify(hostile)}`, () => {
      assert.equal(safeCallback(hostile, ORIGIN), HOME);
    });
  }

  // Spellings that resolve on the app's origin but whose normalised path starts with "//" (dot segments, encoded
  // dots and slashes, the app's own origin followed by "//"): a router handed that path reads it as another host.
  for (const spelling of [
    '/.//evil.example',
    '/..//evil.example',
    '/./..//evil.example',
    '/%2e//evil.example',
    '/%2E%2E//evil.example',
    '/.%2e//evil.example',
    '/%2f/evil.example',
    '/%2F%2Fevil.example',
    '/%5c/evil.example',
    '/%5C%5Cevil.example',
    '/.%2f/evil.example',
    '/x/..//evil.example',
    '/x/%2e%2e/%2fevil.example',
    `${ORIGIN}//evil.example`,
    `${ORIGIN}/.//evil.example`,
    `${ORIGIN}/\\/evil.example`,
    '/.\t//evil.example',
    '/.\n/\r/evil.example',
  ]) {
    it(`hands the router a path of this origin for ${JSON.stringify(spelling)}`, () => {
      const result = safeCallback(spelling, ORIGIN);
      assert.equal(leavesOrigin(result), null, `${JSON.stringify(spelling)} became ${JSON.stringify(result)}`);
      assert.equal(result, '/evil.example');
    });
  }
});

// Fragments an attacker mixes into a callback URL: separators, dot segments (plain and encoded), encoded slashes and
// backslashes, the characters URL parsers strip, userinfo, schemes and hosts (this app's and others).
const PIECES = [
  '/',
  '//',
  '\\',
  '.',
  '..',
  '%2e',
  '%2E',
  '%2e%2e',
  '%2f',
  '%2F',
  '%5c',
  '%5C',
  '%252e',
  '%252f',
  '%09',
  '%00',
  '\t',
  '\n',
  '\r',
  ' ',
  '@',
  ':',
  '?',
  '#',
  ';',
  'http:',
  'https:',
  'javascript:',
  'data:',
  'file:',
  'HTTP:',
  'evil.example',
  '127.0.0.1',
  '127.0.0.1:3000',
  '127.0.0.1:3001',
  'localhost',
  '[::1]',
  'settings',
  'x',
  ORIGIN,
  'http://evil.example',
  'https://127.0.0.1:3000',
  '//evil.example',
  'alert(1)',
];
const hostileUrl = fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 14 }).map((parts) => parts.join(''));
const RUNS = { numRuns: 20_000 };

describe('safeCallback properties', () => {
  it('whatever the spelling, the result stays on the app origin from every page', () => {
    fc.assert(
      fc.property(hostileUrl, (input) => {
        const result = safeCallback(input, ORIGIN);
        assert.equal(new URL(result, ORIGIN).origin, ORIGIN);
        assert.equal(leavesOrigin(result), null, `${JSON.stringify(input)} became ${JSON.stringify(result)}`);
      }),
      RUNS,
    );
  });

  it('random text never throws and never leaves the origin', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (input) => {
        assert.equal(leavesOrigin(safeCallback(input, ORIGIN)), null);
      }),
      RUNS,
    );
  });

  it('is idempotent: a result fed back in comes out unchanged', () => {
    fc.assert(
      fc.property(hostileUrl, (input) => {
        const once = safeCallback(input, ORIGIN);
        assert.equal(safeCallback(once, ORIGIN), once);
      }),
      RUNS,
    );
  });

  it('is idempotent where removing dot segments leaves a leading "//" or Node keeps a "./" (a case fast-check found)', () => {
    for (const input of ['%2F%2ehttp:/.%2F', '/a/..//b', '/x/.b/./', '/%2e%2e/%2F%2F%2e/x']) {
      const once = safeCallback(input, ORIGIN);
      assert.equal(leavesOrigin(once), null, once);
      assert.equal(safeCallback(once, ORIGIN), once, `${JSON.stringify(input)} became ${JSON.stringify(once)}`);
    }
  });

  it('leaves ordinary app paths, queries and fragments as they are', () => {
    const segment = fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/);
    const path = fc.array(segment, { minLength: 1, maxLength: 5 }).map((s) => `/${s.join('/')}`);
    const query = fc.option(
      fc.stringMatching(/^[a-z]{1,5}=[A-Za-z0-9%]{0,10}$/).filter((q) => !/%(?![0-9A-F]{2})/i.test(q)),
      { nil: undefined },
    );
    const hash = fc.option(fc.stringMatching(/^[A-Za-z0-9-]{0,10}$/), { nil: undefined });
    fc.assert(
      fc.property(path, query, hash, (p, q, h) => {
        const input = `${p}${q ? `?${q}` : ''}${h ? `#${h}` : ''}`;
        assert.equal(safeCallback(input, ORIGIN), input);
        assert.equal(safeCallback(`${ORIGIN}${input}`, ORIGIN), input);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('signInPath', () => {
  it('carries the page asked for as callbackUrl, and nothing for no page, the home page or a protocol-relative path', () => {
    assert.equal(
      signInPath('/settings/keys?q=ci&kind=service'),
      '/sign-in?callbackUrl=%2Fsettings%2Fkeys%3Fq%3Dci%26kind%3Dservice',
    );
    for (const none of [null, '', HOME, '//evil.example', 'https://evil.example/x']) {
      assert.equal(signInPath(none), '/sign-in', String(none));
    }
  });
});
