'use client';

import { useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { FormMessage } from '@/components/form-message';
import { useFormAction } from '@/components/use-form-action';
import { OneTimeSecret } from '@/components/one-time-secret';
import { Button } from '@/components/ui/button';
import { Dialog, DialogActions } from '@/components/ui/dialog';
import { useToast } from '@/components/ui/toast';
import { SelectField, TextField } from '@/components/ui/field';
import type { ActionResult, ActionState } from '@/server/actions';
import type { ExpiryOption } from '@/lib/keys/expiry';
import { KEY_NAME_MAX } from '@/lib/keys/name-rules';
import { API_RESOURCES } from '@/lib/keys/permissions';

type CreatedKey = { ok: true; token: string; keyId: string; name: string };
export type CreateKeyAction = (
  previous: ActionState<CreatedKey>,
  formData: FormData,
) => Promise<ActionResult<CreatedKey>>;

const PERMISSIONS = [
  { value: 'read', label: 'Read only' },
  { value: 'read-write', label: 'Read and write' },
];

function PermissionFields({
  idPrefix,
  values,
  error,
}: {
  idPrefix: string;
  values?: Record<string, string>;
  error?: string;
}) {
  return (
    <>
      <SelectField
        id={`${idPrefix}-permission`}
        name="permission"
        label="Permissions"
        options={PERMISSIONS}
        defaultValue={values?.permission ?? 'read'}
        hint="Read only keys can call GET endpoints only."
      />
      <fieldset className="space-y-1">
        <legend className="text-sm font-medium text-slate-800">Resources</legend>
        <div className="flex flex-wrap gap-x-4 gap-y-1">
          {API_RESOURCES.map((resource) => (
            <label key={resource} className="inline-flex items-center gap-1.5 font-mono text-sm">
              <input type="checkbox" name="resources" value={resource} className="size-4" />
              {resource}
            </label>
          ))}
        </div>
        <p className={`text-xs ${error ? 'text-red-700' : 'text-slate-500'}`}>
          {error ?? 'Leave all unticked to allow every resource.'}
        </p>
      </fieldset>
    </>
  );
}

const DEFAULT_EXPIRATION = '30';

function ExpirationFields({
  idPrefix,
  options,
  customBounds,
  values,
  error,
  customError,
}: {
  idPrefix: string;
  options: ExpiryOption[];
  customBounds: { min: string; max: string };
  values?: Record<string, string>;
  error?: string;
  customError?: string;
}) {
  const initial =
    values?.expiration ??
    (options.some((o) => o.value === DEFAULT_EXPIRATION) ? DEFAULT_EXPIRATION : (options[0]?.value ?? ''));
  const [expiration, setExpiration] = useState(initial);
  return (
    <>
      <SelectField
        id={`${idPrefix}-expiration`}
        name="expiration"
        label="Expiration"
        options={options}
        defaultValue={initial}
        onChange={(e) => setExpiration(e.target.value)}
        error={error}
      />
      {expiration === 'custom' && (
        <TextField
          id={`${idPrefix}-customDate`}
          name="customDate"
          type="date"
          label="Expires on"
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

/**
 * The one form that issues keys, for people, service accounts and projects: `action` decides whose key it is and
 * `hidden` carries the owner (checked again on the server).
 */
export function CreateKeyForm({
  action,
  options,
  customBounds,
  title = 'Generate a new key',
  hidden,
  extraFields,
}: {
  action: CreateKeyAction;
  options: ExpiryOption[];
  customBounds: { min: string; max: string };
  title?: string;
  hidden?: Record<string, string>;
  extraFields?: ReactNode;
}) {
  const notify = useToast();
  const [state, onSubmit, pending, submit] = useFormAction(
    async (previous: ActionState<CreatedKey>, data: FormData) => {
      const result = await action(previous, data);
      if (result.ok) notify(`Key "${result.name}" created. Copy its secret now: it is shown once.`);
      return result;
    },
    null,
  );
  const idPrefix = useId();
  const failed = state && !state.ok ? state : null;
  const created = state?.ok ? state : null;
  const [dismissed, setDismissed] = useState<string | null>(null);
  const showing = created !== null && dismissed !== created.keyId;
  // A second key while a secret is on screen would replace it for good: the form asks first, keeping what it sends.
  const [replacing, setReplacing] = useState(false);
  const held = useRef<FormData | null>(null);
  const onGenerate = (event: FormEvent<HTMLFormElement>) => {
    if (!showing) return onSubmit(event);
    event.preventDefault();
    held.current = new FormData(event.currentTarget);
    setReplacing(true);
  };
  const dismiss = () => {
    if (!created) return;
    setDismissed(created.keyId);
    // Back to the new key's row, now that its secret is gone.
    requestAnimationFrame(() => document.querySelector<HTMLElement>(`tr[data-key-id="${created.keyId}"]`)?.focus());
  };

  return (
    <section
      aria-labelledby={`${idPrefix}-heading`}
      className="space-y-4 rounded-lg border border-slate-200 bg-white p-6"
    >
      <h2 id={`${idPrefix}-heading`} className="text-lg font-semibold">
        {title}
      </h2>
      {showing && (
        <OneTimeSecret
          // Not the key id alone: the form below is keyed by it, and siblings need distinct keys.
          key={`secret-${created.keyId}`}
          token={created.token}
          title={`Key "${created.name}" created`}
          onDone={dismiss}
        />
      )}
      <Dialog open={replacing} onClose={() => setReplacing(false)} title="Generate another key?">
        <form
          className="space-y-4"
          onSubmit={(event) => {
            event.preventDefault();
            setReplacing(false);
            if (held.current) submit(held.current);
          }}
        >
          <p className="text-sm text-slate-700">
            The secret of <strong>{created?.name}</strong> is still on screen. Once another key is generated it cannot
            be shown again.
          </p>
          <DialogActions onCancel={() => setReplacing(false)} pending={false} confirm="I have copied it" />
        </form>
      </Dialog>
      {/* Remounted after each success so the fields start fresh; after an error they keep what was typed. */}
      <form key={created?.keyId ?? 'new'} onSubmit={onGenerate} className="grid gap-4 sm:grid-cols-2" noValidate>
        {hidden &&
          Object.entries(hidden).map(([name, value]) => <input key={name} type="hidden" name={name} value={value} />)}
        <div className="sm:col-span-2">
          <FormMessage error={failed?.error} />
        </div>
        {extraFields}
        <TextField
          id={`${idPrefix}-name`}
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
            idPrefix={idPrefix}
            options={options}
            customBounds={customBounds}
            values={failed?.values}
            error={failed?.fieldErrors?.expiration}
            customError={failed?.fieldErrors?.customDate}
          />
        </div>
        <PermissionFields idPrefix={idPrefix} values={failed?.values} error={failed?.fieldErrors?.resources} />
        <div className="sm:col-span-2">
          <Button type="submit" pending={pending}>
            Generate key
          </Button>
        </div>
      </form>
    </section>
  );
}
