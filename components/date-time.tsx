'use client';

import { useSyncExternalStore } from 'react';
import { absoluteTime, formatDate, formatDateTime, relativeTime } from '@/lib/format';

const noSubscription = () => () => {};
const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;
const serverZone = () => 'UTC';

/**
 * The viewer's time zone: UTC while the server renders (it cannot know it) and during hydration, the browser's
 * right after, so the first paint and the hydrated text never disagree.
 */
export function useTimeZone(): string {
  return useSyncExternalStore(noSubscription, browserZone, serverZone);
}

/**
 * A moment people can trust: the absolute date (with the time when `time`) in the viewer's time zone, the exact UTC
 * time on hover and in `dateTime`, and a relative hint (`now` is the server's, so the hint does not move while the
 * page is open).
 */
export function DateTime({
  at,
  now,
  time = false,
  relative = true,
}: {
  at: number;
  now: number;
  time?: boolean;
  relative?: boolean;
}) {
  const zone = useTimeZone();
  return (
    <span className="inline-block">
      <time dateTime={new Date(at).toISOString()} title={absoluteTime(at)} data-testid="date">
        {time ? formatDateTime(at, zone) : formatDate(at, zone)}
      </time>
      {relative && (
        <span className="block text-xs text-slate-500" data-testid="relative-date">
          {relativeTime(at, now)}
        </span>
      )}
    </span>
  );
}
