import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BASE62_ALPHABET, encodeBase62Fixed, isBase62, randomBase62 } from './base62';

/** A random source that hands out the given bytes in order, then the fallback byte forever. */
function scriptedRandom(bytes: number[], fallback = 0) {
  let i = 0;
  const requests: number[] = [];
  const random = (size: number) => {
    requests.push(size);
    const out = Buffer.alloc(size, fallback);
    for (let j = 0; j < size && i < bytes.length; j++) out[j] = bytes[i++]!;
    return out;
  };
  return { random, requests };
}

describe('BASE62_ALPHABET', () => {
  it('has 62 distinct characters: digits, then upper case, then lower case', () => {
    assert.equal(BASE62_ALPHABET.length, 62);
    assert.equal(new Set(BASE62_ALPHABET).size, 62);
    assert.equal(BASE62_ALPHABET.slice(0, 10), '0123456789');
    assert.equal(BASE62_ALPHABET[10], 'A');
    assert.equal(BASE62_ALPHABET[36], 'a');
    assert.equal(BASE62_ALPHABET[61], 'z');
  });
});

describe('isBase62', () => {
  it('accepts letters and digits', () => {
    assert.equal(isBase62('09azAZ'), true);
  });
  it('accepts the empty string (length is checked elsewhere)', () => {
    assert.equal(isBase62(''), true);
  });
  for (const bad of ['_', '-', '+', '/', '=', ' ', 'a b', 'é', 'a\n', '\u0000', 'Ａ']) {
    it(`refuses ${JSON.stringify(bad)}`, () => {
      assert.equal(isBase62(bad), false);
    });
  }
});

describe('randomBase62', () => {
  it('returns exactly the requested length, only base62 characters', () => {
    for (const length of [0, 1, 12, 32, 100]) {
      const value = randomBase62(length);
      assert.equal(value.length, length);
      assert.ok(isBase62(value), value);
    }
  });

  it('maps each accepted byte to BASE62_ALPHABET[byte % 62]', () => {
    const { random } = scriptedRandom([0, 61, 62, 123, 124, 247]);
    // 0 -> "0", 61 -> "z", 62 -> "0", 123 -> "z", 124 -> "0", 247 -> "z"
    assert.equal(randomBase62(6, random), '0z0z0z');
  });

  it('skips bytes >= 248 (rejection sampling, no modulo bias)', () => {
    const { random } = scriptedRandom([248, 249, 255, 1, 250, 2, 247]);
    // 248..255 are dropped; 1, 2 and 247 (247 % 62 = 61 -> "z") are used.
    assert.equal(randomBase62(3, random), '12z');
  });

  it('keeps drawing from the source until enough bytes were accepted', () => {
    // The first draws are all rejected; the fallback byte 5 eventually fills the output.
    const { random, requests } = scriptedRandom(new Array(40).fill(255), 5);
    assert.equal(randomBase62(4, random), '5555');
    assert.ok(requests.length >= 2, `expected several draws, got ${requests.length}`);
  });

  it('never yields a character from a rejected byte even when every byte is >= 248 at first', () => {
    const { random } = scriptedRandom([248, 252, 255, 254, 253, 251, 250, 249], 10);
    assert.equal(randomBase62(2, random), 'AA');
  });

  it('is uniform enough: every character appears over many draws', () => {
    const seen = new Set(randomBase62(5000));
    assert.equal(seen.size, 62);
  });
});

describe('encodeBase62Fixed', () => {
  it('left-pads with "0" to the width', () => {
    assert.equal(encodeBase62Fixed(0, 6), '000000');
    assert.equal(encodeBase62Fixed(61, 3), '00z');
    assert.equal(encodeBase62Fixed(62, 3), '010');
  });
  it('encodes the largest 32-bit value in 6 characters', () => {
    assert.equal(encodeBase62Fixed(0xffffffff, 6), '4gfFC3');
  });
  it('encodes the largest value that fits the width', () => {
    assert.equal(encodeBase62Fixed(62 ** 2 - 1, 2), 'zz');
  });
  it('throws when the value does not fit the width', () => {
    assert.throws(() => encodeBase62Fixed(62 ** 2, 2), RangeError);
  });
  it('throws on negative or fractional values', () => {
    assert.throws(() => encodeBase62Fixed(-1, 6), RangeError);
    assert.throws(() => encodeBase62Fixed(1.5, 6), RangeError);
    assert.throws(() => encodeBase62Fixed(Number.NaN, 6), RangeError);
  });
});
