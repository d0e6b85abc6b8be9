'use client';

import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';

type Notify = (message: string) => void;
const ToastContext = createContext<Notify>(() => {});

/** `notify("Key revoked.")`: a short, polite confirmation of what just changed. */
export const useToast = () => useContext(ToastContext);

const SHOWN_MS = 8_000;

/**
 * One polite status line at the foot of the screen. The live region is always in the page (screen readers announce
 * changes to a region, not a region that appears); a message replaces the previous one and goes after a while or when
 * dismissed. Callers notify only when something changed.
 */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toast, setToast] = useState<{ id: number; message: string } | null>(null);
  const notify = useCallback<Notify>((message) => setToast((t) => ({ id: (t?.id ?? 0) + 1, message })), []);
  useEffect(() => {
    if (!toast) return;
    const timer = setTimeout(() => setToast(null), SHOWN_MS);
    return () => clearTimeout(timer);
  }, [toast]);
  return (
    <ToastContext value={notify}>
      {children}
      <div
        role="status"
        aria-live="polite"
        aria-atomic="true"
        className="pointer-events-none fixed inset-x-0 bottom-4 z-50 flex justify-center px-4"
      >
        {toast && (
          <p
            key={toast.id}
            data-testid="toast"
            className="pointer-events-auto flex max-w-full items-center gap-3 rounded-md bg-slate-900 px-4 py-2 text-sm break-words text-white shadow-lg"
          >
            <span>{toast.message}</span>
            <button
              type="button"
              onClick={() => setToast(null)}
              className="rounded px-1 text-slate-300 hover:text-white focus-visible:outline-2 focus-visible:outline-white"
              aria-label="Dismiss message"
            >
              <span aria-hidden="true">×</span>
            </button>
          </p>
        )}
      </div>
    </ToastContext>
  );
}
