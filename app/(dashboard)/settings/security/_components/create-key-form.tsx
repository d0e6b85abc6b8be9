'use client';

import { useState } from 'react';
import { FormMessage } from '@/components/form-message';
import { useFormAction } from '@/components/use-form-action';
import { OneTimeSecret } from '@/components/one-time-secret';
import { Button } from '@/components/ui/button';
import { SelectField, TextField } from '@/components/ui/field';
import type { ExpiryOption } from '@/lib/keys/expiry';
import { KEY_NAME_MAX } from '@/lib/keys/name';
import { createKey } from '../actions';

const DEFAULT_EXPIRATION = '30';

function ExpirationFields({
  options,
  customBounds,
  values,
  error,
  customError,
}: {
  options: ExpiryOption[];
  customBounds: { min: string; max: string };
  values?: Record<string, string>;
  error?: string;
  customError?: string;
}) {
  const initial =
    values?.expiration ?? (options.some((o) => o.value === DEFAULT_EXPIRATION) ? DEFAULT_EXPIRATION : options[0].value);
  const [expiration, setExpiration] = useState(initial);
  return (
    <>
      <SelectField
        id="expiration"
        name="expiration"
        label="Expiration"
        options={options}
        defaultValue={initial}
        onChange={(e) => setExpiration(e.target.value)}
        error={error}
      />
      {expiration === 'custom' && (
        <TextField
          id="customDate"
          name="customDate"
          type="date"
          label="Expiration date"
          min={customBounds.min}
          max={customBounds.max}
          defaultValue={values?.customDate ?? customBounds.min}
          required
          hint={`The key works through the end of this day (UTC). Latest: ${customBounds.max}.`}
          error={customError}
        />
      )}
    </>
  );
}

export function CreateKeyForm({ options, customBounds }: { options: ExpiryOption[]; customBounds: { min: string; max: string } }) {
  const [state, onSubmit, pending] = useFormAction(createKey, null);
  const failed = state && !state.ok ? state : null;
  const created = state?.ok ? state : null;
  const [dismissed, setDismissed] = useState<string | null>(null);

  return (
    <section aria-labelledby="create-key-heading" className="space-y-4 rounded-lg border border-slate-200 bg-white p-6">
      <h2 id="create-key-heading" className="text-lg font-semibold">
        Generate a new key
      </h2>
      {created && dismissed !== created.keyId && (
        <OneTimeSecret token={created.token} title={`Key "${created.name}" created`} onDone={() => setDismissed(created.keyId)} />
      )}
      {/* Remounted after each success so the fields start fresh; after an error they keep what was typed. */}
      <form key={created?.keyId ?? 'new'} onSubmit={onSubmit} className="grid gap-4 sm:grid-cols-2" noValidate>
        <div className="sm:col-span-2">
          <FormMessage error={failed?.error} />
        </div>
        <TextField
          id="name"
          name="name"
          label="Name"
          placeholder="e.g. CI deploys"
          maxLength={KEY_NAME_MAX * 2}
          required
          defaultValue={failed?.values?.name ?? ''}
          error={failed?.fieldErrors?.name}
          hint="What is this key for? Only you and your admins see it."
        />
        <div className="space-y-4">
          <ExpirationFields
            options={options}
            customBounds={customBounds}
            values={failed?.values}
            error={failed?.fieldErrors?.expiration}
            customError={failed?.fieldErrors?.customDate}
          />
        </div>
        <div className="sm:col-span-2">
          <Button type="submit" pending={pending}>
            Generate key
          </Button>
        </div>
      </form>
    </section>
  );
}
