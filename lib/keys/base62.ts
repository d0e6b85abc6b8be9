import { randomBytes } from 'node:crypto';

export const BASE62_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const BASE62_RE = /^[0-9A-Za-z]*$/;

export function isBase62(value: string): boolean {
  return BASE62_RE.test(value);
}

/**
 * `length` uniformly random base62 characters. Bytes >= 248 are dropped (rejection sampling) so that
 * `byte % 62` carries no modulo bias: 248 = 4 * 62.
 */
export function randomBase62(length: number, random: (size: number) => Buffer = randomBytes): string {
  let out = '';
  while (out.length < length) {
    const bytes = random(Math.max(16, (length - out.length) * 2));
    for (const byte of bytes) {
      if (byte >= 248) continue;
      out += BASE62_ALPHABET[byte % 62];
      if (out.length === length) break;
    }
  }
  return out;
}

/** Fixed-width base62 of a non-negative integer below 62^width (left-padded with '0'). */
export function encodeBase62Fixed(value: number, width: number): string {
  if (!Number.isInteger(value) || value < 0) throw new RangeError('value must be a non-negative integer');
  let out = '';
  let rest = value;
  for (let i = 0; i < width; i++) {
    out = BASE62_ALPHABET[rest % 62] + out;
    rest = Math.floor(rest / 62);
  }
  if (rest !== 0) throw new RangeError('value does not fit the width');
  return out;
}
