'use client';

import { useSyncExternalStore } from 'react';

const subscribe = () => () => {};

/** This page's origin in the browser (empty while rendering on the server), for links and curl lines. */
export function useOrigin(): string {
  return useSyncExternalStore(
    subscribe,
    () => window.location.origin,
    () => '',
  );
}
