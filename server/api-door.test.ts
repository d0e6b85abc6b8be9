import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { apiTarget } from './api-door';

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
    ]) {
      assert.deepEqual(apiTarget(url), { pathname, search }, url);
    }
  });
  it('leaves everything else to Next', () => {
    for (const url of ['/', '/api/v10', '/api/auth/session', '/settings/security', '/api/v1x/me', '/api/v1/../settings', 'http://[bad']) {
      assert.equal(apiTarget(url), null, url);
    }
  });
});
