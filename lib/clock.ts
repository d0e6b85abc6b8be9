/** The time a request is handled at, in epoch milliseconds. Pure code never reads the clock: it is given `now`. */
export function now(): number {
  return Date.now();
}
