import { DAY_MS } from '@/lib/keys/expiry';
import { axisMax, axisTicks, usageSummary } from '@/lib/usage/chart';

const dayLabel = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
const fullDay = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const label = (day: number) => dayLabel.format(day * DAY_MS);

// Drawing units of the bars' SVG, stretched to the card's width and a fixed height.
const W = 300;
const H = 100;

/**
 * A key's requests per day over the last 30 days: bars with a labelled value axis and date axis, the figures in words
 * beside it, and every day's count in a table that opens below (so nothing is only in a tooltip). Plain SVG drawn on
 * the server: no chart library, no script.
 */
export function UsageChart({ counts, lastDay }: { counts: number[]; lastDay: number }) {
  const summary = usageSummary(counts, lastDay);
  const max = axisMax(summary.peak?.count ?? 0);
  const slot = W / Math.max(1, counts.length);
  const y = (value: number) => H - (value / max) * H;
  const first = summary.days[0];
  const last = summary.days.at(-1);
  const middle = summary.days[Math.floor(summary.days.length / 2)];
  const description =
    summary.total === 0
      ? `No requests in the last ${counts.length} days.`
      : `${summary.total} requests in the last ${counts.length} days, on ${summary.activeDays} of them; ` +
        `most on ${fullDay.format(summary.peak!.day * DAY_MS)} (${summary.peak!.count}).`;

  return (
    <figure className="space-y-3" data-testid="usage-chart">
      <dl className="grid grid-cols-3 gap-3 text-sm">
        <div>
          <dt className="text-xs text-slate-500">Requests, 30 days</dt>
          <dd className="text-lg font-semibold tabular-nums" data-testid="usage-total">
            {summary.total}
          </dd>
        </div>
        <div>
          <dt className="text-xs text-slate-500">Busiest day</dt>
          <dd className="font-medium tabular-nums" data-testid="usage-peak">
            {summary.peak ? `${summary.peak.count} on ${label(summary.peak.day)}` : '—'}
          </dd>
        </div>
        <div>
          <dt className="text-xs text-slate-500">Average a day</dt>
          <dd className="font-medium tabular-nums">{summary.average}</dd>
        </div>
      </dl>
      {/* The bars stretch to the card's width; the axes' labels are text beside them, readable at every width. */}
      <div className="grid grid-cols-[auto_1fr] gap-x-2 text-[11px] text-slate-500 tabular-nums">
        <div className="relative h-36 w-8" aria-hidden="true">
          {axisTicks(max).map((tick) => (
            <span
              key={tick}
              className="absolute right-0 -translate-y-1/2 leading-none"
              style={{ top: `${(1 - tick / max) * 100}%` }}
            >
              {tick}
            </span>
          ))}
        </div>
        <svg
          viewBox={`0 0 ${W} ${H}`}
          preserveAspectRatio="none"
          className="h-36 w-full"
          role="img"
          aria-label={description}
        >
          {axisTicks(max).map((tick) => (
            <line
              key={tick}
              x1={0}
              x2={W}
              y1={y(tick)}
              y2={y(tick)}
              className="stroke-slate-200"
              strokeWidth={1}
              vectorEffect="non-scaling-stroke"
            />
          ))}
          {summary.days.map((d, i) => {
            const top = y(d.count);
            return (
              <rect
                key={d.day}
                x={i * slot + slot * 0.15}
                y={d.count === 0 ? H - 1 : top}
                width={slot * 0.7}
                height={d.count === 0 ? 1 : H - top}
                className={d.count ? 'fill-slate-700' : 'fill-slate-200'}
              >
                <title>{`${fullDay.format(d.day * DAY_MS)}: ${d.count}`}</title>
              </rect>
            );
          })}
        </svg>
        <span />
        <div className="flex justify-between pt-1" aria-hidden="true">
          {[first, middle, last].map(
            (d, i) =>
              d && (
                <span key={`${i}-${d.day}`} data-axis="date">
                  {label(d.day)}
                </span>
              ),
          )}
        </div>
      </div>
      <figcaption className="text-xs text-slate-600">{description} Days are UTC.</figcaption>
      <details className="text-sm">
        <summary className="cursor-pointer text-slate-700">Requests by day</summary>
        <table className="mt-2 w-full max-w-xs text-left text-xs" data-testid="usage-table">
          <thead>
            <tr>
              <th scope="col" className="py-1 font-medium">
                Day (UTC)
              </th>
              <th scope="col" className="py-1 text-right font-medium">
                Requests
              </th>
            </tr>
          </thead>
          <tbody>
            {[...summary.days].reverse().map((d) => (
              <tr key={d.day} className="border-t border-slate-100">
                <td className="py-0.5">{fullDay.format(d.day * DAY_MS)}</td>
                <td className="py-0.5 text-right tabular-nums">{d.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
