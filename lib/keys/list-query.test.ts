import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { keyListParams, pageCount, parseKeyListQuery } from './list-query';

describe('parseKeyListQuery', () => {
  it('defaults to every key, newest first, page 1', () => {
    assert.deepEqual(parseKeyListQuery({}), {
      q: '',
      kind: null,
      status: null,
      sort: 'created',
      dir: 'desc',
      page: 1,
    });
  });
  it('reads search, filters, sort, direction and page', () => {
    assert.deepEqual(
      parseKeyListQuery({ q: '  ci ', kind: 'service', status: 'expired', sort: 'name', dir: 'desc', page: '3' }),
      { q: 'ci', kind: 'service', status: 'expired', sort: 'name', dir: 'desc', page: 3 },
    );
    assert.equal(parseKeyListQuery({ sort: 'name' }).dir, 'asc');
    // The form without script sends both in one field.
    assert.deepEqual(
      [parseKeyListQuery({ order: 'last_used:asc' }).sort, parseKeyListQuery({ order: 'last_used:asc' }).dir],
      ['last_used', 'asc'],
    );
  });
  it('anything else falls back to the defaults', () => {
    const q = parseKeyListQuery({
      kind: 'admin',
      status: 'x',
      sort: 'secret_hash',
      dir: 'up',
      page: '-2',
      q: ['a', 'b'],
    });
    assert.deepEqual(q, { q: '', kind: null, status: null, sort: 'created', dir: 'desc', page: 1 });
    assert.equal(parseKeyListQuery({ page: '1e9' }).page, 1);
    assert.equal(parseKeyListQuery({ q: 'x'.repeat(300) }).q.length, 100);
  });
});

describe('keyListParams', () => {
  it('leaves the defaults out and applies a change', () => {
    const query = parseKeyListQuery({ q: 'ci', sort: 'name' });
    assert.equal(keyListParams(query).toString(), 'q=ci&sort=name');
    assert.equal(keyListParams(query, { page: 2 }).toString(), 'q=ci&sort=name&page=2');
    assert.equal(keyListParams(query, { sort: 'created', dir: 'desc' }).toString(), 'q=ci');
  });
  it('pageCount: at least one page, 50 keys a page', () => {
    assert.deepEqual([0, 1, 50, 51, 100, 101].map(pageCount), [1, 1, 1, 2, 2, 3]);
  });
});
