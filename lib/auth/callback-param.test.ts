import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isHttpCallback, refusedCallbackCookies, repairedCallbackParam } from './callback-param';

const ORIGIN = 'http://127.0.0.1:3000';

test('http(s) URLs and paths pass; other schemes and garbage do not', () => {
  for (const ok of [
    '/',
    '/settings/security',
    '/.//evil.example',
    '//evil.example',
    'https://evil.example/',
    `${ORIGIN}/x`,
  ])
    assert.equal(isHttpCallback(ok, ORIGIN), true, ok);
  for (const bad of [
    'javascript:alert(1)',
    'data:text/html,x',
    'blob:http://127.0.0.1:3000/x',
    'evil.example',
    'http://[',
    ' ',
  ]) {
    assert.equal(isHttpCallback(bad, ORIGIN), false, bad);
  }
});

test('a refused callbackUrl parameter is replaced by home; others are left alone', () => {
  assert.equal(
    repairedCallbackParam(`${ORIGIN}/api/auth/signin?callbackUrl=javascript%3Aalert(1)&x=1`, ORIGIN),
    `${ORIGIN}/api/auth/signin?callbackUrl=${encodeURIComponent(`${ORIGIN}/settings/security`)}&x=1`,
  );
  assert.equal(repairedCallbackParam(`${ORIGIN}/api/auth/signin?callbackUrl=%2F.%2F%2Fevil.example`, ORIGIN), null);
  assert.equal(repairedCallbackParam(`${ORIGIN}/api/auth/signin`, ORIGIN), null);
  assert.equal(repairedCallbackParam(`${ORIGIN}/api/auth/signin?callbackUrl=`, ORIGIN), null);
});

test('callback-url cookies that next-auth would refuse are named, under either spelling', () => {
  assert.deepEqual(
    refusedCallbackCookies(
      [
        { name: 'next-auth.callback-url', value: 'javascript:x' },
        { name: '__Secure-next-auth.callback-url', value: '/fine' },
        { name: 'other', value: 'javascript:x' },
      ],
      ORIGIN,
    ),
    ['next-auth.callback-url'],
  );
  assert.deepEqual(refusedCallbackCookies([{ name: '__Secure-next-auth.callback-url', value: '%%%' }], ORIGIN), [
    '__Secure-next-auth.callback-url',
  ]);
});
