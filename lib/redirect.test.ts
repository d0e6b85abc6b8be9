import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HOME, safeCallback } from './redirect';

const ORIGIN = 'http://127.0.0.1:3000';

describe('safeCallback', () => {
  it('follows same-origin paths with their query and fragment', () => {
    assert.equal(safeCallback('/settings/account?x=1#top', ORIGIN), '/settings/account?x=1#top');
    assert.equal(safeCallback(`${ORIGIN}/settings/account`, ORIGIN), '/settings/account');
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
  ]) {
    it(`refuses ${JSON.stringify(hostile)}`, () => {
      assert.equal(safeCallback(hostile, ORIGIN), HOME);
    });
  }
});
