import { DAY_MS } from '@/lib/keys/expiry';

/**
 * Requests per day as small bars. Each bar names its day and count on hover; the whole chart is focusable and
 * reads its summary to keyboard and screen-reader users.
 */
export function Sparkline({ counts, lastDay }: { counts: number[]; lastDay: number }) {
  const total = counts.reduce((a, b) => a + b, 0);
  const peak = Math.max(0, ...counts);
  const date = (i: number) => new Date((lastDay - counts.length + 1 + i) * DAY_MS).toISOString().slice(0, 10);
  const peakDay = counts.indexOf(peak);
  const summary =
    total === 0
      ? `No requests in the last ${counts.length} days`
      : `${total} request${total === 1 ? '' : 's'} in the last ${counts.length} days; most on ${date(peakDay)} (${peak})`;
  const width = counts.length * 3;
  return (
    <span className="inline-flex items-center gap-2" data-testid="usage">
      <svg
        role="img"
        tabIndex={0}
        aria-label={summary}
        width={width}
        height={16}
        viewBox={`0 0 ${width} 16`}
        className="rounded focus-visible:outline-2 focus-visible:outline-slate-500"
      >
        <title>{summary}</title>
        {counts.map((count, i) => {
          const height = peak === 0 ? 1 : Math.max(1, Math.round((count / peak) * 16));
          return (
            <rect
              key={i}
              x={i * 3}
              y={16 - height}
              width={2}
              height={height}
              className={count ? 'fill-slate-700' : 'fill-slate-200'}
            >
              <title>{`${date(i)}: ${count}`}</title>
            </rect>
          );
        })}
      </svg>
      <span className="text-xs text-slate-600" data-testid="usage-total">
        {total}
      </span>
    </span>
  );
}
