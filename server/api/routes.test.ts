import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { API_ROUTES, handlerFor, matchApiRoute } from './routes';

const BASE = path.resolve(__dirname, '../../app/api/v1');

function routeFiles(dir = BASE): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === 'route.ts' ? [path.relative(BASE, dir) || '.'] : [];
  });
}

describe('the /api/v1 route table', () => {
  it('has an entry for every route file under app/api/v1 (a new route cannot be missed)', () => {
    assert.deepEqual(
      API_ROUTES.map((r) => r.file).sort(),
      routeFiles()
        .map((f) => (f === '.' ? '' : f))
        .sort(),
    );
  });

  it("each route file exports exactly its entry's methods, so Next and the listener serve the same ones", async () => {
    for (const route of API_ROUTES) {
      const exported = (await import(path.join(BASE, route.file, 'route.ts'))) as Record<string, unknown>;
      const names = Object.keys(exported).filter((name) => name !== 'default' && name !== '__esModule');
      assert.deepEqual(names.sort(), Object.keys(route.methods).sort(), route.file);
      for (const name of names) assert.equal(typeof exported[name], 'function', `${route.file} ${name}`);
    }
  });

  it('runs GET for HEAD, and has no handler for a method no route exports', () => {
    const me = matchApiRoute('/api/v1/me')!.route;
    assert.equal(handlerFor(me, 'HEAD'), me.methods.GET);
    for (const method of ['TRACE', 'PROPFIND', 'CONSTRUCTOR', '__PROTO__', 'get'])
      assert.equal(handlerFor(me, method), null, method);
    assert.equal(handlerFor(matchApiRoute('/api/v1/x')!.route, 'OPTIONS'), null);
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
