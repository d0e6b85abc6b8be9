import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { authCookies } from './cookies';

describe('authCookies', () => {
  it('an https origin pins Secure, HttpOnly, SameSite=Lax cookies with the __Host- prefix', () => {
    const { useSecureCookies, cookies } = authCookies('https://keys.example.com');
    assert.equal(useSecureCookies, true);
    assert.equal(cookies?.sessionToken?.name, '__Host-next-auth.session-token');
    assert.equal(cookies?.csrfToken?.name, '__Host-next-auth.csrf-token');
    assert.equal(cookies?.callbackUrl?.name, '__Secure-next-auth.callback-url');
    for (const cookie of [cookies?.sessionToken, cookies?.csrfToken, cookies?.callbackUrl]) {
      // __Host- requires Secure and Path=/ and forbids Domain.
      assert.deepEqual(cookie?.options, { httpOnly: true, sameSite: 'lax', path: '/', secure: true });
    }
  });

  it('an http origin keeps HttpOnly and SameSite=Lax, without Secure or a prefix (browsers would drop them)', () => {
    const { useSecureCookies, cookies } = authCookies('http://127.0.0.1:3000');
    assert.equal(useSecureCookies, false);
    assert.equal(cookies?.sessionToken?.name, 'next-auth.session-token');
    assert.equal(cookies?.csrfToken?.name, 'next-auth.csrf-token');
    assert.deepEqual(cookies?.sessionToken?.options, { httpOnly: true, sameSite: 'lax', path: '/', secure: false });
  });

  it('without a configured origin, next-auth decides per request', () => {
    assert.deepEqual(authCookies(undefined), {});
    assert.deepEqual(authCookies(''), {});
    assert.deepEqual(authCookies('not a url'), {});
  });
});
