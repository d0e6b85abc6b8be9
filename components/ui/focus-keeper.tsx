'use client';

import { useEffect } from 'react';

const FOCUSABLE = 'a[href], button, input, select, textarea, summary, [tabindex]';

/**
 * Keeps the keyboard focus from falling to <body> when the focused element goes away: a row's button removed by its
 * own action, a form remounted after success, a dialog closed whose trigger is gone. Focus then moves to the nearest
 * ancestor of the lost element that is still in the page and can take focus (a row, a section, the main region).
 * Components that know a better place (the new secret, the new row) move focus themselves first.
 */
export function FocusKeeper({ fallbackId }: { fallbackId: string }) {
  useEffect(() => {
    let chain: Element[] = [];
    const remember = (event: FocusEvent) => {
      chain = [];
      for (let node = event.target as Element | null; node; node = node.parentElement) chain.push(node);
    };
    const usable = (el: Element) =>
      el.isConnected &&
      el.matches(FOCUSABLE) &&
      !el.closest('dialog:not([open]), [inert], [hidden]') &&
      !(el as HTMLButtonElement).disabled;
    const restore = () => {
      const active = document.activeElement;
      if (chain.length === 0 || (active && active !== document.body)) return;
      const lost = chain[0];
      if (lost && usable(lost)) return; // it is still there: the user moved focus away on purpose
      const target = chain.slice(1).find(usable) ?? document.getElementById(fallbackId);
      if (target instanceof HTMLElement) target.focus({ preventScroll: false });
      chain = [];
    };
    // A click on the page itself (not a control) is the user putting focus away: nothing to keep.
    const forget = () => {
      chain = [];
    };
    const soon = () => requestAnimationFrame(restore);
    const observer = new MutationObserver(soon);
    observer.observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['open'] });
    document.addEventListener('pointerdown', forget, true);
    document.addEventListener('focusin', remember);
    document.addEventListener('focusout', soon);
    document.addEventListener('close', soon, true);
    return () => {
      observer.disconnect();
      document.removeEventListener('pointerdown', forget, true);
      document.removeEventListener('focusin', remember);
      document.removeEventListener('focusout', soon);
      document.removeEventListener('close', soon, true);
    };
  }, [fallbackId]);
  return null;
}
