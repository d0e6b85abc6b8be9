import fc from 'fast-check';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAuthorization } from '../api/authorization';
import { BASE62_ALPHABET } from './base62';
import { CHECKSUM_LENGTH, formatToken, KEY_ID_LENGTH, parseToken, SECRET_LENGTH } from './token';

// Property-based tests (issue 5, item 2): random input never crashes the codec or the header parser, every token
// round-trips, and any single-character change is caught.

const base62 = (length: number) =>
  fc
    .array(fc.constantFrom(...BASE62_ALPHABET), { minLength: length, maxLength: length })
    .map((chars) => chars.join(''));
const prefix = fc
  .tuple(
    fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'),
    fc.array(fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'), { minLength: 1, maxLength: 9 }),
  )
  .map(([first, rest]) => first + rest.join(''));
const parts = fc.record({ prefix, keyId: base62(KEY_ID_LENGTH), secret: base62(SECRET_LENGTH) });
const RUNS = { numRuns: 2000 };

describe('token codec properties', () => {
  it('every generated token round-trips', () => {
    fc.assert(
      fc.property(parts, (p) => {
        const token = formatToken(p);
        assert.equal(token.length, p.prefix.length + 2 + KEY_ID_LENGTH + SECRET_LENGTH + CHECKSUM_LENGTH);
        assert.deepEqual(parseToken(token, p.prefix), { ok: true, token: { ...p } });
      }),
      RUNS,
    );
  });

  it('any single-character change is rejected', () => {
    fc.assert(
      fc.property(parts, fc.nat(), fc.constantFrom(...BASE62_ALPHABET, '_', '-', ' ', 'é'), (p, at, replacement) => {
        const token = formatToken(p);
        const i = at % token.length;
        fc.pre(token[i] !== replacement);
        const mutated = token.slice(0, i) + replacement + token.slice(i + 1);
        assert.equal(parseToken(mutated, p.prefix).ok, false);
      }),
      RUNS,
    );
  });

  it('random strings never crash the parser and are never accepted by accident', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (input) => {
        const result = parseToken(input, 'lk');
        if (result.ok) assert.equal(formatToken(result.token), input);
      }),
      RUNS,
    );
  });
});

describe('Authorization parser properties', () => {
  it('never throws, whatever the header', () => {
    fc.assert(
      fc.property(fc.option(fc.string({ unit: 'binary', maxLength: 10_000 })), (header) => {
        const result = parseAuthorization(header);
        assert.ok(['missing', 'invalid', 'token'].includes(result.kind));
      }),
      { numRuns: 1000 },
    );
  });

  it('Bearer and Basic carry any generated token through unchanged', () => {
    fc.assert(
      fc.property(parts, fc.constantFrom('Bearer', 'bearer', 'BEARER'), (p, scheme) => {
        const token = formatToken(p);
        assert.deepEqual(parseAuthorization(`${scheme} ${token}`), { kind: 'token', scheme: 'bearer', token });
        const basic = `Basic ${Buffer.from(`${token}:`).toString('base64')}`;
        assert.deepEqual(parseAuthorization(basic), { kind: 'token', scheme: 'basic', token });
      }),
      RUNS,
    );
  });
});
