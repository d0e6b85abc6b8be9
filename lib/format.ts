// Pure date formatting for the dashboard. `now` is passed in so server and client render the same text.
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const rtf = new Intl.RelativeTimeFormat('en', { numeric: 'always' });

/**
 * A relative hint that stays the same words for the same moment: whole minutes under an hour, hours under a day, days
 * under 45 days, then months of 30 days and years of 365, always as numbers ("in 30 days", never "next month" a
 * minute later). The absolute date beside it is the fact; this is only a hint.
 */
export function relativeTime(target: number, now: number): string {
  const exact = target - now;
  if (Math.abs(exact) < MINUTE) return exact >= 0 ? 'in less than a minute' : 'just now';
  const sign = exact < 0 ? -1 : 1;
  const abs = Math.abs(exact);
  // Rounded to the nearest whole unit, so 59 min 59.9 s reads "in 1 hour" and a 30-day key made a second ago
  // reads "in 30 days".
  const minutes = Math.round(abs / MINUTE);
  if (minutes < 60) return rtf.format(sign * minutes, 'minute');
  const hours = Math.round(abs / HOUR);
  if (hours < 24) return rtf.format(sign * hours, 'hour');
  const days = Math.round(abs / DAY);
  if (days < 45) return rtf.format(sign * days, 'day');
  if (days < 365) return rtf.format(sign * Math.round(days / 30), 'month');
  return rtf.format(sign * Math.round(days / 365), 'year');
}

export function absoluteTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
}

/** An IANA time zone this runtime knows, else UTC (a browser can report a zone the server's ICU lacks). */
export function knownTimeZone(timeZone: string | undefined): string {
  if (!timeZone) return 'UTC';
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return timeZone;
  } catch {
    return 'UTC';
  }
}

/** "4 Dec 2026": day, short month and year, in `timeZone`; no order to misread between countries. */
export function formatDate(ms: number, timeZone = 'UTC'): string {
  return new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: knownTimeZone(timeZone),
  }).format(ms);
}

/** "4 Dec 2026, 21:06 GMT+1": the date, the 24-hour time and the zone it is in. */
export function formatDateTime(ms: number, timeZone = 'UTC'): string {
  const zone = knownTimeZone(timeZone);
  const time = new Intl.DateTimeFormat('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
    timeZone: zone,
  }).format(ms);
  return `${formatDate(ms, zone)}, ${time}`;
}
