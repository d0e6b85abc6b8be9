'use client';

import { FormMessage } from '@/components/form-message';
import { Button } from '@/components/ui/button';
import { SelectField, TextField } from '@/components/ui/field';
import { useFormAction } from '@/components/use-form-action';
import { createServiceAccount } from '../actions';

const ROLES = [
  { value: 'member', label: 'Member' },
  { value: 'admin', label: 'Admin' },
];

export function NewServiceAccount() {
  const [state, onSubmit, pending] = useFormAction(createServiceAccount, null);
  const failed = state && !state.ok ? state : null;
  return (
    <form
      key={state?.ok ? state.id : 'new'}
      onSubmit={onSubmit}
      className="grid gap-4 rounded-lg border border-slate-200 bg-white p-6 sm:grid-cols-3"
      aria-labelledby="new-sa-heading"
      noValidate
    >
      <h2 id="new-sa-heading" className="text-lg font-semibold sm:col-span-3">
        New service account
      </h2>
      <div className="sm:col-span-3">
        <FormMessage error={failed?.error} success={state?.ok ? `Service account "${state.name}" created.` : null} />
      </div>
      <TextField
        id="sa-name"
        name="name"
        label="Service account name"
        defaultValue={failed?.values?.name ?? ''}
        error={failed?.fieldErrors?.name}
      />
      <SelectField
        id="sa-role"
        name="role"
        label="Role"
        options={ROLES}
        defaultValue={failed?.values?.role ?? 'member'}
      />
      <TextField
        id="sa-description"
        name="description"
        label="Description"
        defaultValue={failed?.values?.description ?? ''}
        error={failed?.fieldErrors?.description}
      />
      <div className="sm:col-span-3">
        <Button type="submit" pending={pending}>
          Create service account
        </Button>
      </div>
    </form>
  );
}
