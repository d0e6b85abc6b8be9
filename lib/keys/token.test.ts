import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { BASE62_ALPHABET } from './base62';
import { crc32 } from './crc32';
import {
  assertPrefix,
  checksum,
  CHECKSUM_LENGTH,
  DEFAULT_PREFIX,
  formatToken,
  generateKeyId,
  generateSecret,
  hashesEqual,
  hashSecret,
  KEY_ID_LENGTH,
  MAX_TOKEN_LENGTH,
  newToken,
  parseToken,
  scannerPattern,
  SECRET_LENGTH,
} from './token';

const FORMAT_RE = /^lk_[0-9A-Za-z]{12}_[0-9A-Za-z]{38}$/;

/** Another base62 character than `c`. */
function otherBase62(c: string, shift = 1): string {
  const i = BASE62_ALPHABET.indexOf(c);
  return BASE62_ALPHABET[(i + shift) % 62]!;
}

describe('token constants', () => {
  it('follow the documented format: 12-char key id, 32-char secret, 6-char checksum, prefix "lk"', () => {
    assert.equal(KEY_ID_LENGTH, 12);
    assert.equal(SECRET_LENGTH, 32);
    assert.equal(CHECKSUM_LENGTH, 6);
    assert.equal(DEFAULT_PREFIX, 'lk');
  });
  it('MAX_TOKEN_LENGTH is the length of a token with a 10-character prefix', () => {
    const token = formatToken({ prefix: 'abcdefghij', keyId: 'A'.repeat(12), secret: 'B'.repeat(32) });
    assert.equal(token.length, MAX_TOKEN_LENGTH);
    assert.equal(parseToken(token, 'abcdefghij').ok, true);
  });
});

describe('generation', () => {
  it('newToken produces prefix_keyId12_secret32+checksum6, base62 only', () => {
    for (let i = 0; i < 50; i++) {
      const { token, keyId, secret } = newToken('lk');
      assert.match(token, FORMAT_RE);
      assert.equal(keyId.length, 12);
      assert.equal(secret.length, 32);
      assert.ok(token.startsWith(`lk_${keyId}_${secret}`));
    }
  });
  it('the checksum is 6 base62 characters of CRC32 over everything before it', () => {
    const { token } = newToken('lk');
    const body = token.slice(0, -6);
    const given = token.slice(-6);
    let value = 0;
    for (const c of given) value = value * 62 + BASE62_ALPHABET.indexOf(c);
    assert.equal(value, crc32(body));
    assert.equal(checksum(body), given);
  });
  it('newToken keeps a given key id (regeneration keeps the key id)', () => {
    const { token, keyId } = newToken('lk', 'ABCDEFabcdef');
    assert.equal(keyId, 'ABCDEFabcdef');
    assert.ok(token.startsWith('lk_ABCDEFabcdef_'));
  });
  it('newToken secretHash is the hash of the returned secret', () => {
    const { secret, secretHash } = newToken('lk');
    assert.deepEqual(secretHash, hashSecret(secret));
  });
  it('generateKeyId and generateSecret are base62 of the right length and do not repeat', () => {
    const ids = new Set<string>();
    const secrets = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const id = generateKeyId();
      const secret = generateSecret();
      assert.match(id, /^[0-9A-Za-z]{12}$/);
      assert.match(secret, /^[0-9A-Za-z]{32}$/);
      ids.add(id);
      secrets.add(secret);
    }
    assert.equal(ids.size, 200);
    assert.equal(secrets.size, 200);
  });
  it('uses a custom prefix', () => {
    const { token } = newToken('acme2');
    assert.match(token, /^acme2_[0-9A-Za-z]{12}_[0-9A-Za-z]{38}$/);
    assert.equal(parseToken(token, 'acme2').ok, true);
  });
});

describe('formatToken / parseToken', () => {
  it('round-trips a generated token', () => {
    const { token, keyId, secret } = newToken('lk');
    assert.deepEqual(parseToken(token, 'lk'), { ok: true, token: { prefix: 'lk', keyId, secret } });
  });
  it('round-trips formatToken', () => {
    const parts = { prefix: 'lk', keyId: '0123456789ab', secret: 'Z'.repeat(32) };
    assert.deepEqual(parseToken(formatToken(parts), 'lk'), { ok: true, token: parts });
  });

  it('rejects every single-character change of a generated token', () => {
    for (let round = 0; round < 5; round++) {
      const { token } = newToken('lk');
      for (let pos = 0; pos < token.length; pos++) {
        if (token[pos] === '_') continue;
        for (const shift of [1, 26, 31]) {
          const mutated = token.slice(0, pos) + otherBase62(token[pos]!, shift) + token.slice(pos + 1);
          assert.notEqual(mutated, token);
          const result = parseToken(mutated, 'lk');
          assert.equal(result.ok, false, `accepted a change at position ${pos}: ${mutated}`);
          if (!result.ok) assert.ok(['malformed', 'bad_checksum'].includes(result.reason));
        }
      }
    }
  });
  it('a changed key id or secret character is reported as bad_checksum', () => {
    const { token } = newToken('lk');
    for (const pos of [3, 14, 16, 30, 47]) {
      const mutated = token.slice(0, pos) + otherBase62(token[pos]!) + token.slice(pos + 1);
      assert.deepEqual(parseToken(mutated, 'lk'), { ok: false, reason: 'bad_checksum' }, `position ${pos}`);
    }
  });
  it('a changed checksum character is reported as bad_checksum', () => {
    const { token } = newToken('lk');
    for (let pos = token.length - 6; pos < token.length; pos++) {
      const mutated = token.slice(0, pos) + otherBase62(token[pos]!) + token.slice(pos + 1);
      assert.deepEqual(parseToken(mutated, 'lk'), { ok: false, reason: 'bad_checksum' });
    }
  });
  it('swapping a letter case is caught (base62 is case-sensitive)', () => {
    const token = formatToken({ prefix: 'lk', keyId: 'aaaaaaaaaaaa', secret: 'b'.repeat(32) });
    const mutated = token.replace('lk_a', 'lk_A');
    assert.deepEqual(parseToken(mutated, 'lk'), { ok: false, reason: 'bad_checksum' });
  });
  it('replacing an underscore separator is malformed', () => {
    const { token } = newToken('lk');
    assert.deepEqual(parseToken(token.replace('_', 'x'), 'lk'), { ok: false, reason: 'malformed' });
    const second = token.lastIndexOf('_');
    assert.deepEqual(parseToken(token.slice(0, second) + 'x' + token.slice(second + 1), 'lk'), {
      ok: false,
      reason: 'malformed',
    });
  });

  it('rejects a token from another prefix as malformed', () => {
    const { token } = newToken('lk');
    assert.deepEqual(parseToken(token, 'acme'), { ok: false, reason: 'malformed' });
    const other = newToken('acme').token;
    assert.deepEqual(parseToken(other, 'lk'), { ok: false, reason: 'malformed' });
  });
  it('rejects a prefix that differs only in case', () => {
    const { token } = newToken('lk');
    assert.deepEqual(parseToken('LK' + token.slice(2), 'lk'), { ok: false, reason: 'malformed' });
  });
  it('rejects wrong part counts', () => {
    const { keyId, secret, token } = newToken('lk');
    const tail = token.slice(token.lastIndexOf('_') + 1);
    for (const bad of [
      `lk${keyId}${tail}`,
      `lk_${keyId}${tail}`,
      `lk_${keyId}_${secret}_${tail.slice(32)}`,
      'lk',
      'lk_',
      'lk__',
    ]) {
      assert.deepEqual(parseToken(bad, 'lk'), { ok: false, reason: 'malformed' }, bad);
    }
  });
  it('rejects extra underscores anywhere', () => {
    const { token } = newToken('lk');
    for (const bad of [
      `_${token}`,
      `${token}_`,
      token.replace('_', '__'),
      `lk_${token.slice(3)}`.replace('lk_', 'lk__'),
    ]) {
      assert.deepEqual(parseToken(bad, 'lk'), { ok: false, reason: 'malformed' }, bad);
    }
  });
  it('rejects a key id of the wrong length', () => {
    const secret = 'S'.repeat(32);
    for (const keyId of ['A'.repeat(11), 'A'.repeat(13)]) {
      const bad = formatToken({ prefix: 'lk', keyId, secret });
      assert.deepEqual(parseToken(bad, 'lk'), { ok: false, reason: 'malformed' }, bad);
    }
  });
  it('rejects a secret of the wrong length even with a valid checksum', () => {
    const keyId = 'K'.repeat(12);
    for (const secret of ['S'.repeat(31), 'S'.repeat(33)]) {
      const bad = formatToken({ prefix: 'lk', keyId, secret });
      assert.deepEqual(parseToken(bad, 'lk'), { ok: false, reason: 'malformed' }, bad);
    }
  });
  it('rejects a dropped or added character', () => {
    const { token } = newToken('lk');
    assert.deepEqual(parseToken(token.slice(0, -1), 'lk'), { ok: false, reason: 'malformed' });
    assert.deepEqual(parseToken(token + 'a', 'lk'), { ok: false, reason: 'malformed' });
  });
  it('rejects the empty string', () => {
    assert.deepEqual(parseToken('', 'lk'), { ok: false, reason: 'malformed' });
  });
  it('rejects an 8 KB input as malformed without parsing it', () => {
    const { token } = newToken('lk');
    assert.deepEqual(parseToken(token + 'a'.repeat(8192), 'lk'), { ok: false, reason: 'malformed' });
    assert.deepEqual(parseToken('x'.repeat(8192), 'lk'), { ok: false, reason: 'malformed' });
  });
  it('rejects non-base62 characters in the key id or tail, even with a matching checksum', () => {
    for (const [keyId, secret] of [
      ['-'.repeat(12), 'a'.repeat(32)],
      ['a'.repeat(11) + 'é', 'a'.repeat(32)],
      ['a'.repeat(12), 'a'.repeat(31) + '+'],
      ['a'.repeat(12), 'a'.repeat(31) + ' '],
      ['a'.repeat(12), 'a'.repeat(31) + '\u0000'],
    ] as [string, string][]) {
      const bad = formatToken({ prefix: 'lk', keyId, secret });
      assert.deepEqual(parseToken(bad, 'lk'), { ok: false, reason: 'malformed' }, JSON.stringify(bad));
    }
  });
  it('rejects surrounding whitespace', () => {
    const { token } = newToken('lk');
    assert.equal(parseToken(` ${token}`, 'lk').ok, false);
    assert.equal(parseToken(`${token}\n`, 'lk').ok, false);
  });
});

describe('hashSecret', () => {
  it('is the 32-byte SHA-256 of the secret part only', () => {
    const { token, secret } = newToken('lk');
    const hash = hashSecret(secret);
    assert.equal(hash.length, 32);
    assert.deepEqual(hash, createHash('sha256').update(secret).digest());
    assert.notDeepEqual(hash, createHash('sha256').update(token).digest());
  });
  it('matches a known SHA-256 vector', () => {
    assert.equal(hashSecret('abc').toString('hex'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
  it('differs for different secrets', () => {
    assert.notDeepEqual(hashSecret('a'.repeat(32)), hashSecret('a'.repeat(31) + 'b'));
  });
});

describe('hashesEqual', () => {
  const hash = hashSecret('s'.repeat(32));
  it('is true for equal hashes', () => {
    assert.equal(hashesEqual(hash, Buffer.from(hash)), true);
  });
  it('is false for different hashes of the same length', () => {
    assert.equal(hashesEqual(hash, hashSecret('t'.repeat(32))), false);
  });
  it('is false for a null or undefined stored hash', () => {
    assert.equal(hashesEqual(hash, null), false);
    assert.equal(hashesEqual(hash, undefined), false);
  });
  it('is false (and does not throw) for a shorter or longer stored hash', () => {
    assert.equal(hashesEqual(hash, hash.subarray(0, 31)), false);
    assert.equal(hashesEqual(hash, Buffer.alloc(0)), false);
    assert.equal(hashesEqual(hash, Buffer.concat([hash, Buffer.from([0])])), false);
  });
});

describe('scannerPattern', () => {
  const re = (prefix = 'lk') => new RegExp(scannerPattern(prefix));
  it('matches generated tokens, also inside text', () => {
    for (let i = 0; i < 20; i++) {
      const { token } = newToken('lk');
      assert.match(token, re());
      assert.match(`export LATCHKEY="${token}"`, re());
      assert.equal(new RegExp(scannerPattern('lk'), 'g').exec(`key: ${token}\n`)?.[0], token);
    }
  });
  it('matches tokens with a custom prefix only under that prefix', () => {
    const { token } = newToken('acme');
    assert.match(token, re('acme'));
    assert.doesNotMatch(token, re('lk'));
  });
  it('does not match a token one character too short or too long in any part', () => {
    const { keyId, token } = newToken('lk');
    const tail = token.slice(token.lastIndexOf('_') + 1);
    for (const bad of [
      `lk_${keyId.slice(1)}_${tail}`,
      `lk_${keyId}x_${tail}`,
      `lk_${keyId}_${tail.slice(1)}`,
      `lk_${keyId}_${tail}x`,
    ]) {
      assert.doesNotMatch(bad, re(), bad);
    }
  });
  it('does not match when the prefix is glued to a longer word', () => {
    const { token } = newToken('lk');
    assert.doesNotMatch(`x${token}`, re());
  });
});

describe('assertPrefix', () => {
  for (const good of ['lk', 'acme', 'a1', 'abcdefghij', 'x9y8']) {
    it(`accepts ${JSON.stringify(good)}`, () => {
      assert.equal(assertPrefix(good), good);
    });
  }
  for (const bad of ['', 'l', 'LK', 'Lk', '1k', 'l_k', 'lk_', 'abcdefghijk', 'lk-x', 'lk ', ' lk', 'é1']) {
    it(`refuses ${JSON.stringify(bad)}`, () => {
      assert.throws(() => assertPrefix(bad), /Invalid token prefix/);
    });
  }
});
