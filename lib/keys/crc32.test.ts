import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { crc32 as zlibCrc32 } from 'node:zlib';
import { crc32 } from './crc32';

describe('crc32', () => {
  it('matches the standard check value: crc32("123456789") = 0xCBF43926', () => {
    assert.equal(crc32('123456789'), 0xcbf43926);
  });
  it('is 0 for the empty string', () => {
    assert.equal(crc32(''), 0);
  });
  it('matches known vectors', () => {
    assert.equal(crc32('a'), 0xe8b7be43);
    assert.equal(crc32('The quick brown fox jumps over the lazy dog'), 0x414fa339);
  });
  it('returns an unsigned 32-bit integer', () => {
    for (const text of ['', 'a', 'lk_abc', 'zzzzzzzzzzzz']) {
      const value = crc32(text);
      assert.ok(Number.isInteger(value) && value >= 0 && value <= 0xffffffff, `${text}: ${value}`);
    }
  });
  it('agrees with an independent implementation on ASCII strings', () => {
    for (const text of ['lk_7Gq2mZc0TfQa_Vh3', 'x', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789']) {
      assert.equal(crc32(text), zlibCrc32(text));
    }
  });
});
