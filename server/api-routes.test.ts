import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { API_ROUTES, apiTarget, matchApiRoute } from './api-routes';

const BASE = path.resolve(__dirname, '../app/api/v1');

function routeFiles(dir = BASE): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === 'route.ts' ? [path.relative(BASE, dir) || '.'] : [];
  });
}

describe('the lean listener routing table', () => {
  it('has an entry for every route file under app/api/v1 (a new route cannot be missed)', () => {
    assert.deepEqual(API_ROUTES.map((r) => r.file).sort(), routeFiles().map((f) => (f === '.' ? '' : f)).sort());
  });

  it('matches paths as Next does: static segments before parameters', () => {
    assert.equal(matchApiRoute('/api/v1/keys/self')?.route.file, 'keys/self');
    assert.equal(matchApiRoute('/api/v1/keys/verify')?.route.file, 'keys/verify');
    assert.deepEqual(matchApiRoute('/api/v1/keys/AbC123')?.params, { id: 'AbC123' });
    assert.deepEqual(matchApiRoute('/api/v1/projects/p%20q')?.params, { id: 'p q' });
    assert.equal(matchApiRoute('/api/v1/me')?.route.file, 'me');
  });

  it('sends everything else under /api/v1, /api/v1 itself included, to the catch-all', () => {
    assert.equal(matchApiRoute('/api/v1')?.route.file, '[[...path]]');
    assert.deepEqual(matchApiRoute('/api/v1/a/b')?.params, { path: ['a', 'b'] });
    assert.equal(matchApiRoute('/api/v1/me/extra')?.route.file, '[[...path]]');
  });

  it('sends a path with a malformed escape to the catch-all instead of throwing', () => {
    for (const path of ['/api/v1/keys/%ZZ', '/api/v1/projects/%E0%A4%A', '/api/v1/%ZZ/x', '/api/v1/keys/%']) {
      const matched = matchApiRoute(path);
      assert.equal(matched?.route.file, '[[...path]]', path);
    }
    assert.deepEqual(matchApiRoute('/api/v1/%ZZ/x%20y')?.params, { path: ['%ZZ', 'x y'] });
  });
});

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
