'use client';

import { FormMessage } from '@/components/form-message';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import { useFormAction } from '@/components/use-form-action';
import { createProject, setMaxOrganizationKeys } from '../actions';

export function NewProject() {
  const [state, onSubmit, pending] = useFormAction(createProject, null);
  const failed = state && !state.ok ? state : null;
  return (
    <form key={state?.ok ? state.id : 'new'} onSubmit={onSubmit} className="flex flex-wrap items-end gap-3" noValidate>
      <div className="min-w-64">
        <TextField
          id="project-name"
          name="name"
          label="Project name"
          defaultValue={failed?.values?.name ?? ''}
          error={failed?.fieldErrors?.name}
        />
      </div>
      <Button type="submit" variant="secondary" pending={pending}>
        Create project
      </Button>
      <div className="basis-full">
        <FormMessage
          error={failed && !failed.fieldErrors ? failed.error : null}
          success={state?.ok ? `Project "${state.name}" created.` : null}
        />
      </div>
    </form>
  );
}

export function OrganizationKeyLimit({ limit }: { limit: number }) {
  const [state, onSubmit, pending] = useFormAction(setMaxOrganizationKeys, null);
  const failed = state && !state.ok ? state : null;
  return (
    <form onSubmit={onSubmit} className="flex flex-wrap items-end gap-3" noValidate>
      <div className="w-48">
        <TextField
          id="org-key-limit"
          name="limit"
          type="number"
          min={0}
          max={1000}
          label="Organization key limit"
          defaultValue={String(limit)}
          error={failed?.fieldErrors?.limit}
        />
      </div>
      <Button type="submit" variant="secondary" pending={pending}>
        Save limit
      </Button>
      <div className="basis-full">
        <FormMessage error={failed?.error} success={state?.ok ? 'Limit saved.' : null} />
      </div>
    </form>
  );
}
