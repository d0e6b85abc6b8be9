import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { newToken } from '../keys/token';
import { MAX_AUTHORIZATION_LENGTH, parseAuthorization } from './authorization';

const TOKEN = newToken('lk').token;
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const invalid = (header: string) => {
  const result = parseAuthorization(header);
  assert.equal(
    result.kind,
    'invalid',
    `not refused: ${JSON.stringify(header.slice(0, 80))} -> ${JSON.stringify(result)}`,
  );
};

describe('parseAuthorization: missing', () => {
  it('null and undefined are missing', () => {
    assert.deepEqual(parseAuthorization(null), { kind: 'missing' });
    assert.deepEqual(parseAuthorization(undefined), { kind: 'missing' });
  });
  it('the empty string is missing', () => {
    assert.deepEqual(parseAuthorization(''), { kind: 'missing' });
  });
  it('whitespace only is missing', () => {
    assert.deepEqual(parseAuthorization('   '), { kind: 'missing' });
    assert.deepEqual(parseAuthorization('\t'), { kind: 'missing' });
  });
});

describe('parseAuthorization: Bearer', () => {
  it('returns the token', () => {
    assert.deepEqual(parseAuthorization(`Bearer ${TOKEN}`), { kind: 'token', scheme: 'bearer', token: TOKEN });
  });
  it('the scheme is case-insensitive', () => {
    for (const scheme of ['bearer', 'BEARER', 'bEaReR']) {
      assert.deepEqual(parseAuthorization(`${scheme} ${TOKEN}`), { kind: 'token', scheme: 'bearer', token: TOKEN });
    }
  });
  it('the token keeps its case', () => {
    const result = parseAuthorization('Bearer AbC');
    assert.deepEqual(result, { kind: 'token', scheme: 'bearer', token: 'AbC' });
  });
  it('allows several spaces between scheme and token', () => {
    assert.deepEqual(parseAuthorization(`Bearer    ${TOKEN}`), { kind: 'token', scheme: 'bearer', token: TOKEN });
  });
  it('ignores surrounding whitespace', () => {
    assert.deepEqual(parseAuthorization(` Bearer ${TOKEN} `), { kind: 'token', scheme: 'bearer', token: TOKEN });
  });
  it('accepts every b64token character (syntax only; the token check comes later)', () => {
    assert.deepEqual(parseAuthorization('Bearer aZ09-._~+/=='), {
      kind: 'token',
      scheme: 'bearer',
      token: 'aZ09-._~+/==',
    });
  });
  it('refuses a tab between scheme and token', () => {
    invalid(`Bearer\t${TOKEN}`);
    invalid(`Bearer \t${TOKEN}`);
  });
  it('refuses a scheme without token', () => {
    invalid('Bearer');
    invalid('Bearer ');
  });
  it('refuses extra parts after the token', () => {
    invalid(`Bearer ${TOKEN} extra`);
    invalid(`Bearer ${TOKEN} ${TOKEN}`);
  });
  it('refuses characters outside b64token', () => {
    for (const token of ['a,b', 'a;b', 'a"b', 'a=b', '=abc', 'a:b', 'a\u0000b', 'ключ', 'a\\b', 'a@b']) {
      invalid(`Bearer ${token}`);
    }
  });
  it('refuses comma-joined duplicate headers', () => {
    invalid('Bearer a, Bearer b');
    invalid(`Bearer ${TOKEN}, Bearer ${TOKEN}`);
    invalid(`Bearer ${TOKEN},Bearer ${TOKEN}`);
  });
  it('refuses a token without scheme', () => {
    invalid(TOKEN);
  });
});

describe('parseAuthorization: Basic', () => {
  it('accepts base64("<token>:") with an empty password', () => {
    assert.deepEqual(parseAuthorization(`Basic ${b64(`${TOKEN}:`)}`), { kind: 'token', scheme: 'basic', token: TOKEN });
  });
  it('the scheme is case-insensitive', () => {
    assert.deepEqual(parseAuthorization(`basic ${b64(`${TOKEN}:`)}`), { kind: 'token', scheme: 'basic', token: TOKEN });
    assert.deepEqual(parseAuthorization(`BASIC ${b64(`${TOKEN}:`)}`), { kind: 'token', scheme: 'basic', token: TOKEN });
  });
  it('refuses a non-empty password', () => {
    invalid(`Basic ${b64(`${TOKEN}:x`)}`);
    invalid(`Basic ${b64(`user:${TOKEN}`)}`);
  });
  it('refuses credentials without a colon', () => {
    invalid(`Basic ${b64(TOKEN)}`);
  });
  it('refuses an empty username', () => {
    invalid(`Basic ${b64(':')}`);
    invalid(`Basic ${b64(`:${TOKEN}`)}`);
  });
  it('refuses text that is not base64', () => {
    invalid(`Basic ${TOKEN}:`);
    invalid('Basic !!!!');
    invalid('Basic abc'); // wrong length, no padding
    invalid('Basic ab=c');
  });
  it('refuses base64 with its padding stripped', () => {
    const padded = b64(`${TOKEN}:`);
    assert.ok(padded.endsWith('='), padded);
    invalid(`Basic ${padded.replace(/=+$/, '')}`);
  });
  it('refuses url-safe base64', () => {
    // "??>:" encodes to "Pz8+Og==" in standard base64 and "Pz8-Og==" url-safe.
    assert.equal(b64('??>:'), 'Pz8+Og==');
    invalid('Basic Pz8-Og==');
  });
  it('refuses a missing credentials part', () => {
    invalid('Basic');
    invalid('Basic ');
  });
});

describe('parseAuthorization: other schemes and sizes', () => {
  it('refuses unknown schemes', () => {
    for (const scheme of ['Digest', 'Token', 'Bearer2', 'ApiKey', 'Bearer-']) {
      invalid(`${scheme} ${TOKEN}`);
    }
  });
  it('refuses a header longer than 8 KB', () => {
    assert.equal(MAX_AUTHORIZATION_LENGTH, 8192);
    invalid(`Bearer ${'a'.repeat(8192)}`);
    const result = parseAuthorization(`Bearer ${'a'.repeat(8193 - 7)}`);
    assert.deepEqual(result, { kind: 'invalid', reason: 'header too long' });
  });
  it('accepts a header of exactly 8 KB (syntax only)', () => {
    const token = 'a'.repeat(8192 - 7);
    assert.deepEqual(parseAuthorization(`Bearer ${token}`), { kind: 'token', scheme: 'bearer', token });
  });
  it('refuses a huge header quickly', () => {
    const started = performance.now();
    invalid(`Bearer ${'a '.repeat(500_000)}x`);
    assert.ok(performance.now() - started < 100);
  });
});
