import { absoluteTime, relativeTime } from '@/lib/format';

/** "in 30 days", with the exact UTC time on hover and for assistive technology. */
export function RelativeTime({ at, now }: { at: number; now: number }) {
  return (
    <time dateTime={new Date(at).toISOString()} title={absoluteTime(at)}>
      {relativeTime(at, now)}
    </time>
  );
}
