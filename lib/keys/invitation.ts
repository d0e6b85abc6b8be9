import { isBase62, randomBase62 } from './base62';
import { DAY_MS } from './expiry';

// Invitation links: /invite/<token>, 32 random base62 characters; only the SHA-256 is stored.
export const INVITATION_TOKEN_LENGTH = 32;
export const INVITATION_TTL_MS = 7 * DAY_MS;

export function generateInvitationToken(): string {
  return randomBase62(INVITATION_TOKEN_LENGTH);
}

export function isInvitationToken(value: string): boolean {
  return value.length === INVITATION_TOKEN_LENGTH && isBase62(value);
}
