// The arithmetic of a key's usage chart (pure): its days, its figures and its axis.

export interface UsageDay {
  /** Days since the epoch (UTC). */
  day: number;
  count: number;
}

export interface UsageSummary {
  days: UsageDay[];
  total: number;
  peak: UsageDay | null;
  /** Requests per day over the whole window, to one decimal. */
  average: number;
  /** Days with at least one request. */
  activeDays: number;
}

/** `counts` are requests per day, oldest first, the last one being `lastDay`. */
export function usageSummary(counts: readonly number[], lastDay: number): UsageSummary {
  const days = counts.map((count, i) => ({ day: lastDay - counts.length + 1 + i, count }));
  const total = counts.reduce((a, b) => a + b, 0);
  let peak: UsageDay | null = null;
  for (const d of days) if (d.count > 0 && (peak === null || d.count > peak.count)) peak = d;
  const average = counts.length === 0 ? 0 : Math.round((total / counts.length) * 10) / 10;
  return { days, total, peak, average, activeDays: days.filter((d) => d.count > 0).length };
}

/** The top of the value axis: the smallest 1, 2 or 5 times a power of ten at or above the peak (at least 1). */
export function axisMax(peak: number): number {
  if (peak <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(peak));
  for (const step of [1, 2, 5, 10]) if (step * power >= peak) return step * power;
  return 10 * power;
}

/** The labelled values of the axis: 0, the middle when it is a whole number, and the top. */
export function axisTicks(max: number): number[] {
  return max % 2 === 0 ? [0, max / 2, max] : [0, max];
}
