// A fixed-window rate limiter in memory: at most `limit` hits per `windowMs` for each key (a client address).
// Pure apart from the clock, which is passed in. Memory is bounded by `maxKeys`: when full, expired windows are
// dropped first, then the oldest window, so a flood of fresh addresses
// cannot grow it without end; the price is that an evicted address starts a new window early.

export interface RateLimitOptions {
  limit: number;
  windowMs: number;
  maxKeys: number;
}

export type RateLimitResult = { ok: true; remaining: number } | { ok: false; retryAfterSeconds: number };

export interface RateLimiter {
  hit(key: string, now: number): RateLimitResult;
  /** How many keys are held, for tests of the memory bound. */
  size(): number;
}

export function createRateLimiter({ limit, windowMs, maxKeys }: RateLimitOptions): RateLimiter {
  if (!(limit >= 1 && windowMs >= 1 && maxKeys >= 1)) throw new Error('limit, windowMs and maxKeys must be at least 1');
  const windows = new Map<string, { start: number; count: number }>();

  // Windows are inserted when they start, so the Map is ordered by start time: expired ones are at the front.
  function makeRoom(now: number) {
    for (const [key, window] of windows) {
      if (now - window.start < windowMs) break;
      windows.delete(key);
    }
    while (windows.size >= maxKeys) windows.delete(windows.keys().next().value!);
  }

  return {
    hit(key, now) {
      let window = windows.get(key);
      if (window && now - window.start >= windowMs) {
        windows.delete(key);
        window = undefined;
      }
      if (!window) {
        if (windows.size >= maxKeys) makeRoom(now);
        window = { start: now, count: 0 };
        windows.set(key, window);
      }
      if (window.count >= limit) {
        return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((window.start + windowMs - now) / 1000)) };
      }
      window.count += 1;
      return { ok: true, remaining: limit - window.count };
    },
    size: () => windows.size,
  };
}
