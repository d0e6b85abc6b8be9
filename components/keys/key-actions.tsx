'use client';

import { useEffect, useState } from 'react';
import { FormMessage } from '@/components/form-message';
import { useFormAction } from '@/components/use-form-action';
import { OneTimeSecret } from '@/components/one-time-secret';
import { Button } from '@/components/ui/button';
import { Dialog, DialogActions } from '@/components/ui/dialog';
import { SelectField } from '@/components/ui/field';
import { GRACE_CHOICES } from '@/lib/keys/expiry';
import type { KeyButton } from '@/lib/policy/offers';
import type { ActionResult, ActionState } from '@/server/actions';

/**
 * The key server actions (Settings > Security's actions file), passed in by the page so that every table of keys uses
 * the same ones. Method syntax: each action's own result type is narrower than these.
 */
export interface KeyActionHandlers {
  revoke(previous: ActionState, formData: FormData): Promise<ActionResult>;
  regenerate(
    previous: ActionState<{ ok: true; token: string }>,
    formData: FormData,
  ): Promise<ActionResult<{ ok: true; token: string }>>;
  setEnabled(previous: ActionState, formData: FormData): Promise<ActionResult>;
}

// Each dialog's form mounts only while the dialog is open, so its action state (and any secret in it) is gone
// once the dialog closes.

function RevokeForm({
  action,
  keyId,
  name,
  onDone,
}: {
  action: KeyActionHandlers['revoke'];
  keyId: string;
  name: string;
  onDone: () => void;
}) {
  const [state, onSubmit, pending] = useFormAction(action, null);
  useEffect(() => {
    if (state?.ok) onDone();
  }, [state, onDone]);
  return (
    <form onSubmit={onSubmit} className="space-y-4">
      <input type="hidden" name="keyId" value={keyId} />
      <p className="text-sm text-slate-700">
        Anything using <strong className="break-words">{name}</strong> will stop working on its next request. This
        cannot be undone.
      </p>
      <FormMessage error={state && !state.ok ? state.error : null} />
      <DialogActions onCancel={onDone} pending={pending} confirm="Revoke" variant="danger" />
    </form>
  );
}

function RegenerateForm({
  action,
  keyId,
  name,
  graceActive,
  onDone,
}: {
  action: KeyActionHandlers['regenerate'];
  keyId: string;
  name: string;
  graceActive: boolean;
  onDone: () => void;
}) {
  const [state, onSubmit, pending] = useFormAction(action, null);
  if (state?.ok) {
    return <OneTimeSecret token={state.token} title={`New secret for "${name}"`} onDone={onDone} />;
  }
  return (
    <form onSubmit={onSubmit} className="space-y-4">
      <input type="hidden" name="keyId" value={keyId} />
      <p className="text-sm text-slate-700">
        <strong className="break-words">{name}</strong> gets a new secret. Its key ID, name and expiry stay the same.
      </p>
      {graceActive && (
        <p
          className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900"
          data-testid="grace-warning"
        >
          The secret replaced by the last regeneration is still working; regenerating again stops it now.
        </p>
      )}
      <SelectField
        id={`grace-${keyId}`}
        name="grace"
        label="Old secret stops working"
        options={GRACE_CHOICES}
        defaultValue="immediately"
        hint="Never later than the key's own expiry."
      />
      <FormMessage error={state && !state.ok ? state.error : null} />
      <DialogActions onCancel={onDone} pending={pending} confirm="Regenerate" />
    </form>
  );
}

/** Disable or enable at once: reversible, so no confirmation; the result is announced next to the button. */
function ToggleEnabled({
  action,
  keyId,
  disabled,
}: {
  action: KeyActionHandlers['setEnabled'];
  keyId: string;
  disabled: boolean;
}) {
  const [state, onSubmit, pending] = useFormAction(action, null);
  return (
    <form onSubmit={onSubmit}>
      <input type="hidden" name="keyId" value={keyId} />
      <input type="hidden" name="enabled" value={disabled ? 'true' : 'false'} />
      <Button type="submit" variant="secondary" pending={pending}>
        {disabled ? 'Enable' : 'Disable'}
      </Button>
      {state && !state.ok && <FormMessage error={state.error} />}
    </form>
  );
}

/** The row's buttons: exactly `buttons`, which the table computes from the access policy (lib/policy/offers.ts). */
export function KeyActions({
  actions,
  keyId,
  name,
  buttons,
  graceActive = false,
}: {
  actions: KeyActionHandlers;
  keyId: string;
  name: string;
  buttons: readonly KeyButton[];
  /** An older secret still works from the last regeneration. */
  graceActive?: boolean;
}) {
  const [open, setOpen] = useState<'revoke' | 'regenerate' | null>(null);
  const close = () => setOpen(null);
  if (buttons.length === 0) return null;
  return (
    <div className="flex justify-end gap-2">
      {(buttons.includes('disable') || buttons.includes('enable')) && (
        <ToggleEnabled action={actions.setEnabled} keyId={keyId} disabled={buttons.includes('enable')} />
      )}
      {buttons.includes('regenerate') && (
        <Button variant="secondary" onClick={() => setOpen('regenerate')}>
          Regenerate
        </Button>
      )}
      {buttons.includes('revoke') && (
        <Button variant="secondary" onClick={() => setOpen('revoke')} className="text-red-700">
          Revoke
        </Button>
      )}
      <Dialog open={open === 'regenerate'} onClose={close} title={`Regenerate ${name}?`}>
        <RegenerateForm
          action={actions.regenerate}
          keyId={keyId}
          name={name}
          graceActive={graceActive}
          onDone={close}
        />
      </Dialog>
      <Dialog open={open === 'revoke'} onClose={close} title={`Revoke ${name}?`}>
        <RevokeForm action={actions.revoke} keyId={keyId} name={name} onDone={close} />
      </Dialog>
    </div>
  );
}
