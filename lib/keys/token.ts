import { createHash, timingSafeEqual } from 'node:crypto';
import { encodeBase62Fixed, isBase62, randomBase62 } from './base62';
import { crc32 } from './crc32';

// Token format (docs/api.md, "Token format"): <prefix>_<keyId>_<secret><checksum>
export const KEY_ID_LENGTH = 12;
export const SECRET_LENGTH = 32;
export const CHECKSUM_LENGTH = 6;
export const DEFAULT_PREFIX = 'lk';
/** Prefixes are short lowercase words so secret scanners can anchor on them; no underscore. */
export const PREFIX_RE = /^[a-z][a-z0-9]{1,9}$/;
/** Longest token any valid prefix can produce; anything longer is rejected without further work. */
export const MAX_TOKEN_LENGTH = 10 + 1 + KEY_ID_LENGTH + 1 + SECRET_LENGTH + CHECKSUM_LENGTH;

export interface ParsedToken {
  prefix: string;
  keyId: string;
  secret: string;
}

export type TokenParseResult = { ok: true; token: ParsedToken } | { ok: false; reason: 'malformed' | 'bad_checksum' };

export function checksum(body: string): string {
  return encodeBase62Fixed(crc32(body), CHECKSUM_LENGTH);
}

export function assertPrefix(prefix: string): string {
  if (!PREFIX_RE.test(prefix)) {
    throw new Error(`Invalid token prefix "${prefix}": use 2-10 lowercase letters or digits, starting with a letter`);
  }
  return prefix;
}

export function formatToken({ prefix, keyId, secret }: ParsedToken): string {
  const body = `${prefix}_${keyId}_${secret}`;
  return body + checksum(body);
}

export function generateKeyId(): string {
  return randomBase62(KEY_ID_LENGTH);
}

export function generateSecret(): string {
  return randomBase62(SECRET_LENGTH);
}

/**
 * Splits and checks a token without any I/O. The checksum is verified here, so a mistyped or random token
 * is refused before anything reads the database. `expectedPrefix` pins the installation's prefix.
 */
export function parseToken(token: string, expectedPrefix: string): TokenParseResult {
  if (token.length > MAX_TOKEN_LENGTH) return { ok: false, reason: 'malformed' };
  const parts = token.split('_');
  if (parts.length !== 3) return { ok: false, reason: 'malformed' };
  // Exactly three parts, so the defaults never apply; they only tell the type checker so.
  const [prefix = '', keyId = '', tail = ''] = parts;
  if (prefix !== expectedPrefix) return { ok: false, reason: 'malformed' };
  if (keyId.length !== KEY_ID_LENGTH || !isBase62(keyId)) return { ok: false, reason: 'malformed' };
  if (tail.length !== SECRET_LENGTH + CHECKSUM_LENGTH || !isBase62(tail)) return { ok: false, reason: 'malformed' };
  const secret = tail.slice(0, SECRET_LENGTH);
  const given = tail.slice(SECRET_LENGTH);
  if (checksum(`${prefix}_${keyId}_${secret}`) !== given) return { ok: false, reason: 'bad_checksum' };
  return { ok: true, token: { prefix, keyId, secret } };
}

/** What is stored at rest: SHA-256 of the secret part only. */
export function hashSecret(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}

/** Constant-time comparison of a candidate hash with a stored one (null never matches). */
export function hashesEqual(candidate: Buffer, stored: Buffer | null | undefined): boolean {
  return !!stored && stored.length === candidate.length && timingSafeEqual(candidate, stored);
}

/** A regular expression for secret scanners, for a given prefix (documented in docs/api.md). */
export function scannerPattern(prefix: string): string {
  return `\\b${prefix}_[0-9A-Za-z]{${KEY_ID_LENGTH}}_[0-9A-Za-z]{${SECRET_LENGTH + CHECKSUM_LENGTH}}\\b`;
}

/** A new key's id, secret and the full token; the secret is returned to the caller once and never stored. */
export function newToken(prefix: string, keyId: string = generateKeyId()) {
  const secret = generateSecret();
  return { keyId, secret, token: formatToken({ prefix, keyId, secret }), secretHash: hashSecret(secret) };
}
