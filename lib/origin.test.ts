import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkSameOrigin, originHeadersOf, type OriginHeaders } from './origin';

const HOST = '127.0.0.1:3000';
const base: OriginHeaders = { origin: `http://${HOST}`, host: HOST, forwardedHost: null, secFetchSite: null };
const verdict = (over: Partial<OriginHeaders>) => checkSameOrigin({ ...base, ...over });
const refused = (over: Partial<OriginHeaders>, reason: string) =>
  assert.deepEqual(verdict(over), { ok: false, reason }, JSON.stringify(over));

describe('checkSameOrigin', () => {
  it('allows the app’s own origin', () => {
    assert.deepEqual(verdict({}), { ok: true });
    assert.deepEqual(verdict({ secFetchSite: 'same-origin' }), { ok: true });
    assert.deepEqual(verdict({ origin: 'https://keys.example.com', host: 'keys.example.com' }), { ok: true });
    // Host names are case-insensitive.
    assert.deepEqual(verdict({ origin: 'https://Keys.Example.com', host: 'KEYS.example.com' }), { ok: true });
  });

  it('refuses a missing Origin (browsers always send one on POST)', () => {
    refused({ origin: null }, 'missing-origin');
    refused({ origin: '' }, 'missing-origin');
  });

  it('refuses Origin: null', () => {
    refused({ origin: 'null' }, 'opaque-origin');
  });

  it('refuses other origins, including other ports, schemes of another host and sibling subdomains', () => {
    refused({ origin: 'https://evil.example' }, 'cross-origin');
    refused({ origin: 'http://127.0.0.1:3001' }, 'cross-origin');
    refused({ origin: 'http://127.0.0.1' }, 'cross-origin');
    refused({ origin: 'https://a.keys.example.com', host: 'keys.example.com' }, 'cross-origin');
    refused({ origin: 'https://keys.example.com.evil.example', host: 'keys.example.com' }, 'cross-origin');
  });

  it('refuses what is not an origin', () => {
    for (const origin of [
      'garbage',
      'http://',
      `http://${HOST}/path`,
      `http://user@${HOST}`,
      `file://${HOST}`,
      `javascript:alert(1)`,
      ' ',
    ]) {
      const result = verdict({ origin });
      assert.equal(result.ok, false, origin);
      if (!result.ok)
        assert.ok(['malformed-origin', 'cross-origin'].includes(result.reason), `${origin}: ${result.reason}`);
    }
  });

  it('follows Sec-Fetch-Site when the browser sends it', () => {
    refused({ secFetchSite: 'cross-site' }, 'cross-site-fetch');
    refused({ secFetchSite: 'same-site' }, 'cross-site-fetch');
    refused({ secFetchSite: 'none' }, 'cross-site-fetch');
  });

  it('takes the app’s host from X-Forwarded-Host when a proxy set it, as Next does', () => {
    assert.deepEqual(
      verdict({ origin: 'https://keys.example.com', forwardedHost: 'keys.example.com, proxy.internal' }),
      { ok: true },
    );
    refused({ forwardedHost: 'keys.example.com' }, 'cross-origin');
  });

  it('refuses when no host is known', () => {
    refused({ host: null }, 'missing-host');
    refused({ host: '' }, 'missing-host');
  });

  it('reads the headers from a Headers object', () => {
    const headers = new Headers({ origin: 'https://a.example', host: 'a.example', 'sec-fetch-site': 'same-origin' });
    assert.deepEqual(originHeadersOf(headers), {
      origin: 'https://a.example',
      host: 'a.example',
      forwardedHost: null,
      secFetchSite: 'same-origin',
    });
  });
});
