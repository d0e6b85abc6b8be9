/** The time a request is handled at, in epoch milliseconds: one place to read the clock outside pure code. */
export function now(): number {
  return Date.now();
}
