'use client';

import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { FormMessage } from '@/components/form-message';
import { useFormAction } from '@/components/use-form-action';
import { OneTimeSecret } from '@/components/one-time-secret';
import { Button } from '@/components/ui/button';
import { Dialog, DialogActions } from '@/components/ui/dialog';
import { SelectField } from '@/components/ui/field';
import { useToast } from '@/components/ui/toast';
import { GRACE_CHOICES } from '@/lib/keys/expiry';
import type { KeyButton } from '@/lib/policy/offers';
import type { ActionResult, ActionState, ActionSuccess } from '@/server/actions';

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

/**
 * The action, saying `message` once it succeeded. Said from the action itself rather than an effect: a revoked key's
 * row loses its buttons (and this form) in the same render that brings the result.
 */
function useNotified<S extends ActionSuccess>(
  action: (previous: ActionState<S>, formData: FormData) => Promise<ActionResult<S>>,
  message: string,
) {
  const notify = useToast();
  return useCallback(
    async (previous: ActionState<S>, formData: FormData) => {
      const result = await action(previous, formData);
      if (result.ok) notify(message);
      return result;
    },
    [action, message, notify],
  );
}

// Each dialog's form mounts only while the dialog is open, so its action state (and any secret in it) is gone
// once the dialog closes.

function ConfirmForm({
  action,
  keyId,
  fields,
  confirm,
  onDone,
  children,
}: {
  action: (previous: ActionState, formData: FormData) => Promise<ActionResult>;
  keyId: string;
  fields?: Record<string, string>;
  confirm: string;
  onDone: () => void;
  children: ReactNode;
}) {
  const [state, onSubmit, pending] = useFormAction(action, null);
  useEffect(() => {
    if (state?.ok) onDone();
  }, [state, onDone]);
  return (
    <form onSubmit={onSubmit} className="space-y-4">
      <input type="hidden" name="keyId" value={keyId} />
      {fields &&
        Object.entries(fields).map(([name, value]) => <input key={name} type="hidden" name={name} value={value} />)}
      {children}
      <FormMessage error={state && !state.ok ? state.error : null} />
      <DialogActions onCancel={onDone} pending={pending} confirm={confirm} variant="danger" />
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
  return (
    <>
      {/* In the dialog before and after, so the new secret's arrival is announced (the secret takes the focus too). */}
      <p aria-live="polite" className="sr-only">
        {state?.ok ? 'New secret ready. Copy it now: it is shown once.' : ''}
      </p>
      {state?.ok ? (
        <OneTimeSecret token={state.token} title={`New secret for "${name}"`} onDone={onDone} />
      ) : (
        <form onSubmit={onSubmit} className="space-y-4">
          <input type="hidden" name="keyId" value={keyId} />
          <p className="text-sm text-slate-700">
            <strong>{name}</strong> gets a new secret. Its key ID, name and expiry stay the same.
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
      )}
    </>
  );
}

/** Enable at once (it only restores what was); Disable asks first, as every change that stops a key does. */
function EnableNow({ action, keyId, name }: { action: KeyActionHandlers['setEnabled']; keyId: string; name: string }) {
  const [state, onSubmit, pending] = useFormAction(useNotified(action, `Enabled "${name}".`), null);
  return (
    <form onSubmit={onSubmit}>
      <input type="hidden" name="keyId" value={keyId} />
      <input type="hidden" name="enabled" value="true" />
      <Button type="submit" variant="secondary" pending={pending}>
        Enable
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
  const [open, setOpen] = useState<'revoke' | 'regenerate' | 'disable' | null>(null);
  const close = useCallback(() => setOpen(null), []);
  const revoke = useNotified(actions.revoke, `Revoked "${name}".`);
  const disable = useNotified(actions.setEnabled, `Disabled "${name}".`);
  if (buttons.length === 0) return null;
  return (
    <div className="flex flex-wrap gap-2">
      {buttons.includes('enable') && <EnableNow action={actions.setEnabled} keyId={keyId} name={name} />}
      {buttons.includes('disable') && (
        <Button variant="secondary" onClick={() => setOpen('disable')}>
          Disable
        </Button>
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
        <ConfirmForm action={revoke} keyId={keyId} confirm="Revoke" onDone={close}>
          <p className="text-sm text-slate-700">
            Anything using <strong>{name}</strong> will stop working on its next request. This cannot be undone.
          </p>
        </ConfirmForm>
      </Dialog>
      <Dialog open={open === 'disable'} onClose={close} title={`Disable ${name}?`}>
        <ConfirmForm action={disable} keyId={keyId} fields={{ enabled: 'false' }} confirm="Disable" onDone={close}>
          <p className="text-sm text-slate-700">
            Requests with <strong>{name}</strong> are refused until it is enabled again. Its secret stays the same.
          </p>
        </ConfirmForm>
      </Dialog>
    </div>
  );
}
