'use client';

import { FormMessage } from '@/components/form-message';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import { KEY_NAME_MAX } from '@/lib/keys/name-rules';
import { useFormAction } from '@/components/use-form-action';
import { renameAccount } from '../actions';

/** The account's name, for owners. Says "saved" only when the name changed. */
export function AccountNameForm({ name }: { name: string }) {
  const [state, onSubmit, pending] = useFormAction(renameAccount, null);
  const failed = state && !state.ok ? state : null;
  return (
    <form onSubmit={onSubmit} className="space-y-3" noValidate>
      <div className="flex flex-wrap items-end gap-3">
        <div className="w-full max-w-sm">
          <TextField
            id="account-name"
            name="name"
            label="Account name"
            maxLength={KEY_NAME_MAX * 2}
            required
            defaultValue={failed?.values?.name ?? name}
            error={failed?.fieldErrors?.name}
          />
        </div>
        <Button type="submit" variant="secondary" pending={pending}>
          Rename account
        </Button>
      </div>
      <FormMessage
        error={failed && !failed.fieldErrors ? failed.error : null}
        success={state?.ok ? (state.changed ? 'Account name saved.' : 'No change: that is already its name.') : null}
      />
    </form>
  );
}
