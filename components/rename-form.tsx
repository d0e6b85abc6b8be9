'use client';

import { FormMessage } from '@/components/form-message';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import { useFormAction } from '@/components/use-form-action';
import type { ActionResult, ActionState } from '@/server/actions';

export type RenameAction = (
  previous: ActionState<{ ok: true; name: string }>,
  formData: FormData,
) => Promise<ActionResult<{ ok: true; name: string }>>;

/** Renames one thing whose name identifies it; a taken name comes back as the field's error. */
export function RenameForm({
  action,
  id,
  name,
  label,
  fieldId,
}: {
  action: RenameAction;
  id: string;
  name: string;
  label: string;
  fieldId: string;
}) {
  const [state, onSubmit, pending] = useFormAction(action, null);
  const failed = state && !state.ok ? state : null;
  return (
    <form onSubmit={onSubmit} className="flex flex-wrap items-end gap-3" noValidate>
      <input type="hidden" name="id" value={id} />
      <div className="min-w-0 flex-1 sm:max-w-sm">
        <TextField
          id={fieldId}
          name="name"
          label={label}
          defaultValue={failed?.values?.name ?? name}
          error={failed?.fieldErrors?.name}
          required
        />
      </div>
      <Button type="submit" variant="secondary" pending={pending}>
        Rename
      </Button>
      <div className="basis-full">
        <FormMessage error={failed?.error} success={state?.ok ? `Renamed to "${state.name}".` : null} />
      </div>
    </form>
  );
}
