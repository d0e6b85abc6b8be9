'use client';

import { FormMessage } from '@/components/form-message';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import { useFormAction } from '@/components/use-form-action';
import { changePassword } from '../password-actions';

function ended(n: number) {
  if (n === 0) return 'Password changed.';
  return `Password changed. ${n} other ${n === 1 ? 'session was' : 'sessions were'} signed out.`;
}

export function ChangePasswordForm() {
  const [state, onSubmit, pending] = useFormAction(changePassword, null);
  const failed = state && !state.ok ? state : null;
  return (
    <section aria-labelledby="password-heading" className="space-y-4 rounded-lg border border-slate-200 bg-white p-6">
      <div className="space-y-1">
        <h2 id="password-heading" className="text-lg font-semibold">
          Change password
        </h2>
        <p className="text-sm text-slate-600">
          Every other browser signed in as you is signed out. This one stays signed in.
        </p>
      </div>
      {/* Remounted after a success, so the fields start empty again. */}
      <form key={state?.ok ? 'done' : 'form'} onSubmit={onSubmit} className="max-w-sm space-y-4" noValidate>
        <TextField
          id="current-password"
          name="currentPassword"
          type="password"
          label="Current password"
          autoComplete="current-password"
          required
          error={failed?.fieldErrors?.currentPassword}
        />
        <TextField
          id="new-password"
          name="newPassword"
          type="password"
          label="New password"
          autoComplete="new-password"
          required
          hint="At least 10 characters."
          error={failed?.fieldErrors?.newPassword}
        />
        <TextField
          id="confirm-new-password"
          name="confirmNewPassword"
          type="password"
          label="Confirm new password"
          autoComplete="new-password"
          required
          error={failed?.fieldErrors?.confirmNewPassword}
        />
        <Button type="submit" pending={pending}>
          Change password
        </Button>
      </form>
      <FormMessage
        error={failed && !failed.fieldErrors ? failed.error : null}
        success={state?.ok ? ended(state.otherSessionsEnded) : null}
      />
    </section>
  );
}
