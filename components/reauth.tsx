'use client';

import { useCallback, useEffect, useState, type ReactNode } from 'react';
import type { ActionResult, ActionState } from '@/server/actions';
import { FormMessage } from './form-message';
import { ReauthContext } from './reauth-context';
import { useFormAction } from './use-form-action';
import { Dialog, DialogActions } from './ui/dialog';
import { TextField } from './ui/field';

type ConfirmAction = (previous: ActionState, formData: FormData) => Promise<ActionResult>;

function ConfirmForm({
  confirm,
  onConfirmed,
  onCancel,
}: {
  confirm: ConfirmAction;
  onConfirmed: () => void;
  onCancel: () => void;
}) {
  const [state, onSubmit, pending] = useFormAction(confirm, null);
  useEffect(() => {
    if (state?.ok) onConfirmed();
  }, [state, onConfirmed]);
  const failed = state && !state.ok ? state : null;
  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <p className="text-sm text-slate-700">
        This change needs your password: it has been more than 10 minutes since you last entered it. You will not be
        asked again for the next 10 minutes.
      </p>
      <TextField
        id="reauth-password"
        name="password"
        type="password"
        label="Password"
        autoComplete="current-password"
        autoFocus
        required
        error={failed?.fieldErrors?.password}
      />
      <FormMessage error={failed && !failed.fieldErrors ? failed.error : null} />
      <DialogActions onCancel={onCancel} pending={pending} confirm="Confirm" />
    </form>
  );
}

/**
 * The "Confirm your password" dialog for every sensitive form in the dashboard (GitHub's sudo mode). A form whose
 * action answers `reauth: true` opens it (see useFormAction); once the password is confirmed, the same submission
 * is sent again, so the user does not have to repeat the change.
 */
export function ReauthProvider({ confirm, children }: { confirm: ConfirmAction; children: ReactNode }) {
  const [retry, setRetry] = useState<(() => void) | null>(null);
  const request = useCallback((next: () => void) => setRetry(() => next), []);
  const cancel = useCallback(() => setRetry(null), []);
  const confirmed = useCallback(() => {
    setRetry(null);
    retry?.();
  }, [retry]);
  return (
    <ReauthContext value={request}>
      {children}
      <Dialog open={retry !== null} onClose={cancel} title="Confirm your password">
        <ConfirmForm confirm={confirm} onConfirmed={confirmed} onCancel={cancel} />
      </Dialog>
    </ReauthContext>
  );
}
