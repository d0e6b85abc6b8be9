'use client';

import { useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { FormMessage } from '@/components/form-message';
import { useFormAction } from '@/components/use-form-action';
import { OneTimeSecret } from '@/components/one-time-secret';
import { UseKey } from '@/components/use-key';
import { Button } from '@/components/ui/button';
import { Dialog, DialogActions } from '@/components/ui/dialog';
import { useToast } from '@/components/ui/toast';
import { SelectField, TextField } from '@/components/ui/field';
import type { ActionResult, ActionState } from '@/server/actions';
import type { ExpiryOption } from '@/lib/keys/expiry';
import { KEY_NAME_MAX } from '@/lib/keys/name-rules';
import { expiryPreview } from '@/lib/keys/expiry-preview';
import { PermissionTable } from './permission-table';
import { useTimeZone } from '@/components/date-time';

type CreatedKey = { ok: true; token: string; keyId: string; name: string };
export type CreateKeyAction = (
  previous: ActionState<CreatedKey>,
  formData: FormData,
) => Promise<ActionResult<CreatedKey>>;

const DEFAULT_EXPIRATION = '30';

function ExpirationFields({
  idPrefix,
  options,
  customBounds,
  now,
  cap,
  values,
  error,
  customError,
}: {
  idPrefix: string;
  options: ExpiryOption[];
  customBounds: { min: string; max: string };
  now: number;
  cap: number | null;
  values?: Record<string, string>;
  error?: string;
  customError?: string;
}) {
  const initial =
    values?.expiration ??
    (options.some((o) => o.value === DEFAULT_EXPIRATION) ? DEFAULT_EXPIRATION : (options[0]?.value ?? ''));
  const [expiration, setExpiration] = useState(initial);
  const [customDate, setCustomDate] = useState(values?.customDate ?? customBounds.min);
  const zone = useTimeZone();
  // The same rule the server applies when the form is sent, read aloud as the choice changes.
  const preview = expiryPreview(expiration, customDate, now, cap, zone);
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
          onChange={(e) => setCustomDate(e.target.value)}
          required
          hint={`The key works through the end of this day (UTC). Latest: ${customBounds.max}.`}
          error={customError}
        />
      )}
      <p className="text-sm text-slate-700" aria-live="polite" data-testid="expiry-preview">
        {preview?.text}
      </p>
      {preview?.warning && (
        <p
          className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900"
          data-testid="no-expiry-warning"
        >
          {preview.warning}
        </p>
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
  now,
  cap,
  title = 'Generate a new key',
  hidden,
  extraFields,
}: {
  action: CreateKeyAction;
  options: ExpiryOption[];
  customBounds: { min: string; max: string };
  /** The page's time and the account's cap, for the "This key will expire on …" line. */
  now: number;
  cap: number | null;
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
      {showing && <UseKey />}
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
            now={now}
            cap={cap}
            values={failed?.values}
            error={failed?.fieldErrors?.expiration}
            customError={failed?.fieldErrors?.customDate}
          />
        </div>
        <PermissionTable values={failed?.values} error={failed?.fieldErrors?.resources} />
        <div className="sm:col-span-2">
          <Button type="submit" pending={pending}>
            Generate key
          </Button>
        </div>
      </form>
    </section>
  );
}
