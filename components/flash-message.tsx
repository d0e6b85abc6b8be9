'use client';

import { useEffect, useRef, useState } from 'react';

// A confirmation that outlives the dialog that caused it: a deletion removes the row (and its dialog) or the whole
// page, so the dialog hands its words to the page it leads to. Kept in sessionStorage (this tab only) for the next
// page, or announced at once to a message already on this page.
const KEY = 'latchkey:flash';
const EVENT = 'latchkey:flash';

export function flash(text: string) {
  sessionStorage.setItem(KEY, text);
  window.dispatchEvent(new Event(EVENT));
}

/** Shows the last flashed confirmation once, as a polite status that takes focus (where the removed thing was). */
export function FlashMessage() {
  const [text, setText] = useState<string | null>(null);
  const ref = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    const take = () => {
      const stored = sessionStorage.getItem(KEY);
      if (stored === null) return;
      sessionStorage.removeItem(KEY);
      setText(stored);
    };
    // Timer, not a synchronous setState in the effect: the message arrives after the page is on screen.
    const timer = setTimeout(take, 0);
    window.addEventListener(EVENT, take);
    return () => {
      clearTimeout(timer);
      window.removeEventListener(EVENT, take);
    };
  }, []);
  useEffect(() => {
    if (!text) return;
    // Outside a modal dialog nothing can take focus while it is open: wait for the one that asked to close.
    let frame = 0;
    let tries = 0;
    const focus = () => {
      if (document.querySelector('dialog[open]') && tries++ < 60) frame = requestAnimationFrame(focus);
      else ref.current?.focus();
    };
    focus();
    return () => cancelAnimationFrame(frame);
  }, [text]);
  return (
    <div aria-live="polite">
      {text && (
        <p
          ref={ref}
          tabIndex={-1}
          data-testid="flash"
          className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-800 focus:outline-2 focus:outline-emerald-600"
        >
          {text}
        </p>
      )}
    </div>
  );
}
