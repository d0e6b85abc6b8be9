// Pure date formatting for the dashboard. `now` is passed in so server and client render the same text.
const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600 * 1000],
  ['month', 30 * 24 * 3600 * 1000],
  ['day', 24 * 3600 * 1000],
  ['hour', 3600 * 1000],
  ['minute', 60 * 1000],
];
const rtf = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

export function relativeTime(target: number, now: number): string {
  const exact = target - now;
  if (Math.abs(exact) < 60_000) return exact >= 0 ? 'in less than a minute' : 'just now';
  // Whole minutes first, so that 59 min 59.9 s reads "in 1 hour", not "in 60 minutes".
  const diff = Math.round(exact / 60_000) * 60_000;
  const abs = Math.abs(diff);
  for (const [unit, ms] of UNITS) {
    if (abs >= ms) return rtf.format(Math.round(diff / ms), unit);
  }
  return rtf.format(Math.round(diff / 60_000), 'minute');
}

export function absoluteTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
}
