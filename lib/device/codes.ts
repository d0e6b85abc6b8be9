import { createHash, randomBytes, randomInt } from 'node:crypto';

// The codes of a device login (RFC 8628): a long device code the CLI keeps and polls with, and a short user code a
// person types or checks on /device. Both are stored only as SHA-256 hashes.

/** RFC 8628 §6.1: consonants only (no vowels, so no words), upper case, no look-alike digits. */
export const USER_CODE_ALPHABET = 'BCDFGHJKLMNPQRSTVWXZ';
export const USER_CODE_LENGTH = 8;
export const DEVICE_LOGIN_TTL_MS = 10 * 60 * 1000;
export const POLL_INTERVAL_SECONDS = 5;
/** RFC 8628 §3.5: each slow_down adds 5 seconds to the interval, for the rest of the login. */
export const SLOW_DOWN_SECONDS = 5;

export function generateUserCode(): string {
  let code = '';
  for (let i = 0; i < USER_CODE_LENGTH; i++) code += USER_CODE_ALPHABET[randomInt(USER_CODE_ALPHABET.length)];
  return code;
}

/** XXXX-XXXX, as the CLI prints it and the page shows it. */
export function formatUserCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/**
 * A user code as typed (any case, with or without the dash or spaces) in its stored form, or null when it cannot be
 * one: checked before any lookup, so a typo costs no database read.
 */
export function normalizeUserCode(input: string): string | null {
  const code = input.toUpperCase().replace(/[\s-]/g, '');
  if (code.length !== USER_CODE_LENGTH) return null;
  for (const char of code) if (!USER_CODE_ALPHABET.includes(char)) return null;
  return code;
}

export function generateDeviceCode(): string {
  return randomBytes(32).toString('base64url');
}

export function hashCode(code: string): Buffer {
  return createHash('sha256').update(code).digest();
}
