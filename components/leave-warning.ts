'use client';

import { useEffect } from 'react';

// While a one-time secret is on screen, leaving the page asks first: the browser's own prompt (closing, reloading,
// another address), a link of the app (the router's navigation, which beforeunload does not see) and signing out.
// Its own module so the header's Sign out can ask without loading the secret's display.

export const LEAVE_WARNING = 'A new secret is still on screen and will not be shown again. Leave this page anyway?';

// The secrets on screen now; the leave warnings are installed while there is at least one.
const shown = new Set<symbol>();

function beforeUnload(event: BeforeUnloadEvent) {
  event.preventDefault();
  // Older browsers show the prompt only when returnValue is set.
  event.returnValue = '';
}

/** A click on a link to another page of this site (the router's navigation, which beforeunload does not see). */
function leavingClick(event: MouseEvent) {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey)
    return;
  const link = event.target instanceof Element ? event.target.closest('a[href]') : null;
  if (!(link instanceof HTMLAnchorElement) || link.hasAttribute('download')) return;
  if (link.target && link.target !== '_self') return;
  const url = new URL(link.href);
  if (url.origin !== location.origin) return; // another site: the browser's beforeunload prompt asks
  if (url.pathname === location.pathname && url.search === location.search) return; // same page (a #fragment)
  if (!window.confirm(LEAVE_WARNING)) event.preventDefault();
}

/** While mounted: leaving the page (closing, reloading, another address, a link of the app) asks first. */
export function useLeaveWarning() {
  useEffect(() => {
    const me = Symbol('secret');
    if (shown.size === 0) {
      window.addEventListener('beforeunload', beforeUnload);
      // Capture: before the router's own click handler, which honours a prevented default.
      document.addEventListener('click', leavingClick, true);
    }
    shown.add(me);
    return () => {
      shown.delete(me);
      if (shown.size > 0) return;
      window.removeEventListener('beforeunload', beforeUnload);
      document.removeEventListener('click', leavingClick, true);
    };
  }, []);
}

/** True when nothing secret is on screen, or the person agrees to leave it: for leaving by a button (Sign out). */
export function mayLeaveSecret(): boolean {
  return shown.size === 0 || window.confirm(LEAVE_WARNING);
}
