'use client';

import { createContext, useCallback, useContext, useEffect, useId, useRef, type ReactNode } from 'react';
import { Button } from './button';

/**
 * Lets content inside a dialog hold it open: while a guard is set (useDialogGuard()(fn), cleared with null), Escape
 * and a click outside call it instead of closing, and it asks its own question (e.g. "I have copied it").
 */
type SetGuard = (guard: (() => void) | null) => void;
const DialogGuardContext = createContext<SetGuard | null>(null);
export const useDialogGuard = () => useContext(DialogGuardContext);

/**
 * A modal dialog on the native <dialog> element: it traps focus, closes on Escape and on a click outside, and is
 * announced as role="dialog" with its title as the accessible name. It always fits the viewport (its content scrolls
 * inside it) and is left-aligned whatever the text alignment where it is rendered.
 */
export function Dialog({
  open,
  onClose,
  title,
  children,
}: {
  open: boolean;
  onClose: () => void;
  title: string;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const guard = useRef<(() => void) | null>(null);
  const setGuard = useCallback<SetGuard>((next) => {
    guard.current = next;
  }, []);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  const dismiss = () => {
    if (guard.current) guard.current();
    else onClose();
  };

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      // Escape: handled here, so a guard can keep the dialog open (the browser's own cancel may not be preventable).
      onKeyDown={(event) => {
        if (event.key !== 'Escape') return;
        event.preventDefault();
        dismiss();
      }}
      onCancel={(event) => {
        event.preventDefault();
        dismiss();
      }}
      onClick={(event) => {
        // Only the backdrop: a click on the dialog element itself, outside its box.
        if (event.target !== event.currentTarget) return;
        const box = event.currentTarget.getBoundingClientRect();
        const inside =
          event.clientX >= box.left &&
          event.clientX <= box.right &&
          event.clientY >= box.top &&
          event.clientY <= box.bottom;
        if (!inside) dismiss();
      }}
      onClose={() => {
        // Closed by the browser while something still holds it open (a close request that could not be prevented):
        // open it again and ask, rather than lose what it shows.
        const dialog = ref.current;
        if (open && guard.current && dialog && !dialog.open) {
          dialog.showModal();
          guard.current();
          return;
        }
        if (open) onClose();
      }}
      className="m-auto max-h-[calc(100dvh-2rem)] w-[calc(100%-2rem)] max-w-lg overflow-y-auto overscroll-contain rounded-lg border border-slate-200 p-0 text-left shadow-xl"
    >
      {open && (
        <DialogGuardContext value={setGuard}>
          <div className="space-y-4 p-5 break-words sm:p-6">
            <h2 id={titleId} className="text-lg font-semibold text-slate-900">
              {title}
            </h2>
            {children}
          </div>
        </DialogGuardContext>
      )}
    </dialog>
  );
}

/** The buttons at the foot of a confirming dialog: Cancel, then the confirming submit button. */
export function DialogActions({
  onCancel,
  pending,
  confirm,
  variant = 'primary',
}: {
  onCancel: () => void;
  pending: boolean;
  confirm: string;
  variant?: 'primary' | 'danger';
}) {
  return (
    <div className="flex flex-wrap justify-end gap-2">
      <Button variant="secondary" onClick={onCancel} disabled={pending}>
        Cancel
      </Button>
      <Button type="submit" variant={variant} pending={pending}>
        {confirm}
      </Button>
    </div>
  );
}
