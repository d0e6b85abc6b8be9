import { createRateLimiter, type RateLimiter } from '../api/rate-limit';
import { throttleKey } from '../net/client-address';
import { serializeBy } from './serialize';
import { wait } from './throttle';

// Sign-up and invitation acceptance, per client address (an IPv4 address or an IPv6 /64, as the sign-in throttle
// counts): at most LATCHKEY_SIGNUP_LIMIT attempts per 10 minutes, successes included, counted when an attempt
// arrives and before its password is hashed (scrypt, 128 MiB), then run one at a time per address, so a burst of
// parallel attempts is neither all processed nor all hashed at once. Both forms share one count: each makes a user.
//
// The default, 20 per 10 minutes, is far above what people need (a team joining by invitation from one office NAT
// is a handful a minute) and bounds what one address can make the server hash to 2 a minute. One process serves the
// app (SQLite), so memory is the right place; a restart forgets the counts, which costs an attacker a restart.

export const SIGN_UP_WINDOW_MS = 10 * 60_000;
export const DEFAULT_SIGN_UP_LIMIT = 20;
export const MAX_SIGN_UP_LIMIT = 1_000_000;

export function signUpLimitMessage(retryAfterMs: number): string {
  return `Too many sign-up attempts from your network. Try again in ${wait(retryAfterMs)}.`;
}

export type Gated<T> = { ok: true; value: T } | { ok: false; message: string };

export interface SignUpGate {
  /**
   * Counts one attempt from `address` and runs `task` (hash, then create the user) after the address's earlier
   * attempts; beyond the limit, refuses without running it. An unknown address (outside the Latchkey listener, e.g.
   * `next dev`) is not limited, as sign-in's per-address throttle is not.
   */
  run<T>(address: string | null, now: number, task: () => Promise<T>): Promise<Gated<T>>;
}

export function createSignUpGate(limit: number, windowMs = SIGN_UP_WINDOW_MS): SignUpGate {
  const limiter: RateLimiter = createRateLimiter({ limit, windowMs, maxKeys: 10_000 });
  return {
    async run(address, now, task) {
      if (address === null) return { ok: true, value: await task() };
      const key = throttleKey(address);
      const hit = limiter.hit(key, now);
      if (!hit.ok) return { ok: false, message: signUpLimitMessage(hit.retryAfterSeconds * 1000) };
      return { ok: true, value: await serializeBy(`sign-up:${key}`, task) };
    },
  };
}

// On globalThis: one count per process whichever module graph loads this; rebuilt only if the limit differs.
const globalForGate = globalThis as unknown as { latchkeySignUpGate?: { limit: number; gate: SignUpGate } };

/** The process's gate for a configured limit (getConfig().signUpLimit). */
export function signUpGate(limit: number): SignUpGate {
  if (globalForGate.latchkeySignUpGate?.limit !== limit)
    globalForGate.latchkeySignUpGate = { limit, gate: createSignUpGate(limit) };
  return globalForGate.latchkeySignUpGate.gate;
}
