'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { FormMessage } from '@/components/form-message';
import { Button } from '@/components/ui/button';
import { Dialog, DialogActions } from '@/components/ui/dialog';
import { flash } from '@/components/flash-message';
import { useFormAction } from '@/components/use-form-action';
import type { ActionResult, ActionState } from '@/server/actions';

export type DeleteAction = (
  previous: ActionState<{ ok: true; revoked: number }>,
  formData: FormData,
) => Promise<ActionResult<{ ok: true; revoked: number }>>;

function DeleteForm({
  action,
  id,
  what,
  liveKeys,
  confirm,
  onCancel,
  after,
  kind,
}: {
  action: DeleteAction;
  id: string;
  what: string;
  kind: string;
  liveKeys: number;
  confirm: string;
  onCancel: () => void;
  after: string;
}) {
  const [state, onSubmit, pending] = useFormAction(action, null);
  const router = useRouter();
  useEffect(() => {
    if (!state?.ok) return;
    const keys = state.revoked === 1 ? '1 key revoked' : `${state.revoked} keys revoked`;
    onCancel();
    flash(`${kind} "${what}" deleted; ${keys}.`);
    // The action revalidates nothing (that would remove this dialog's row, or its page, before this runs): the page
    // is read again here, staying put or going to `after`.
    if (after === `${window.location.pathname}${window.location.search}`) router.refresh();
    else router.push(after);
  }, [state, router, after, kind, what, onCancel]);
  return (
    <form onSubmit={onSubmit} className="space-y-4">
      <input type="hidden" name="id" value={id} />
      <p className="text-sm text-slate-700" data-testid="delete-consequence">
        <strong className="break-words">{what}</strong> is deleted.{' '}
        {liveKeys === 0
          ? 'It has no live keys.'
          : `Its ${liveKeys} live ${liveKeys === 1 ? 'key is' : 'keys are'} revoked at once: anything using ${liveKeys === 1 ? 'it' : 'them'} stops working on its next request.`}{' '}
        This cannot be undone.
      </p>
      <FormMessage error={state && !state.ok ? state.error : null} />
      <DialogActions onCancel={onCancel} pending={pending || !!state?.ok} confirm={confirm} variant="danger" />
    </form>
  );
}

/** A delete button that asks first, saying how many live keys go with it; on success, goes to `after`. */
export function DeleteWithKeys(props: {
  action: DeleteAction;
  id: string;
  what: string;
  /** What it is, for the confirmation: "Service account", "Project". */
  kind: string;
  liveKeys: number;
  /** The button's and the confirming button's name, e.g. "Delete service account". */
  confirm: string;
  after: string;
}) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="secondary" className="text-red-700" onClick={() => setOpen(true)}>
        {props.confirm}
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} title={`${props.confirm}?`}>
        <DeleteForm {...props} onCancel={() => setOpen(false)} />
      </Dialog>
    </>
  );
}
