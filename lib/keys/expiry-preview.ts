import { formatDateTime, relativeTime } from '../format';
import { resolveExpiry } from './expiry';

// What the create form says about the Expiration chosen, as it is chosen (pure). The server resolves the choice again
// with resolveExpiry when the form is sent: this only reads the same rule aloud.

export interface ExpiryPreview {
  text: string;
  /** Said beside the text for choices that are risky to make without thinking. */
  warning: string | null;
}

export const NO_EXPIRY_WARNING =
  'A key without an expiry works until someone revokes it. Prefer an expiration, and regenerate the key when it ends.';

/** "This key will expire on 3 Jan 2027, 21:06 UTC (in 30 days)." for the choice at `now`, or null while invalid. */
export function expiryPreview(
  choice: string,
  customDate: string | undefined,
  now: number,
  capDays: number | null,
  timeZone = 'UTC',
): ExpiryPreview | null {
  const resolved = resolveExpiry(choice, customDate, now, capDays);
  if (!resolved.ok) return null;
  if (resolved.expiresAt === null) return { text: 'This key will never expire.', warning: NO_EXPIRY_WARNING };
  return {
    text: `This key will expire on ${formatDateTime(resolved.expiresAt, timeZone)} (${relativeTime(resolved.expiresAt, now)}).`,
    warning: null,
  };
}
