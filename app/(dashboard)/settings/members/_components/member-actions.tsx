'use client';

import { useEffect, useState } from 'react';
import { useToast } from '@/components/ui/toast';
import { FormMessage } from '@/components/form-message';
import { Button } from '@/components/ui/button';
import { Dialog, DialogActions } from '@/components/ui/dialog';
import { SelectField } from '@/components/ui/field';
import { useFormAction } from '@/components/use-form-action';
import { changeRole, removeMember, revokeInvitation, unlockSignIn } from '../actions';

const ROLE_OPTIONS = [
  { value: 'owner', label: 'Owner' },
  { value: 'admin', label: 'Admin' },
  { value: 'member', label: 'Member' },
];

export function RoleSelect({ userId, email, role }: { userId: string; email: string; role: string }) {
  const [state, onSubmit, pending] = useFormAction(changeRole, null);
  return (
    <form onSubmit={onSubmit} className="flex flex-wrap items-end gap-2">
      <input type="hidden" name="userId" value={userId} />
      <SelectField
        id={`role-${userId}`}
        name="role"
        label={`Role of ${email}`}
        options={ROLE_OPTIONS}
        defaultValue={role}
      />
      <Button type="submit" variant="secondary" pending={pending}>
        Change role
      </Button>
      <div className="basis-full">
        <FormMessage
          error={state && !state.ok ? state.error : null}
          success={state?.ok ? (state.changed ? 'Role changed.' : 'No change: that is already their role.') : null}
        />
      </div>
    </form>
  );
}

export interface LiveKey {
  id: string;
  name: string;
  lastUsed: string;
}

function RemoveForm({
  userId,
  email,
  keys,
  serviceAccounts,
  onDone,
}: {
  userId: string;
  email: string;
  keys: LiveKey[];
  serviceAccounts: { id: string; name: string }[];
  onDone: () => void;
}) {
  const notify = useToast();
  const [state, onSubmit, pending] = useFormAction(
    async (previous: Parameters<typeof removeMember>[0], data: FormData) => {
      const result = await removeMember(previous, data);
      // Said from the action: the member's row (and this dialog) is gone in the render that brings the result.
      if (result.ok) notify(`Removed ${email}.`);
      return result;
    },
    null,
  );
  const [mode, setMode] = useState<'revoke' | 'move'>('revoke');
  useEffect(() => {
    if (state?.ok) onDone();
  }, [state, onDone]);
  return (
    <form onSubmit={onSubmit} className="space-y-4">
      <input type="hidden" name="userId" value={userId} />
      {keys.length === 0 ? (
        <p className="text-sm text-slate-700">{email} has no live keys.</p>
      ) : (
        <>
          <p className="text-sm text-slate-700">
            {email} has {keys.length} live key{keys.length === 1 ? '' : 's'}:
          </p>
          <ul
            className="max-h-40 overflow-y-auto rounded border border-slate-200 text-sm"
            data-testid="offboarding-keys"
          >
            {keys.map((key) => (
              <li
                key={key.id}
                className="flex justify-between gap-3 border-b border-slate-100 px-3 py-1.5 last:border-0"
              >
                <span className="break-words">
                  {key.name} <span className="font-mono text-xs text-slate-500">{key.id}</span>
                </span>
                <span className="shrink-0 text-slate-600">last used {key.lastUsed}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">Their keys</legend>
        <label className="flex items-center gap-2 text-sm">
          <input
            type="radio"
            name="keys"
            value="revoke"
            checked={mode === 'revoke'}
            onChange={() => setMode('revoke')}
          />
          Revoke all their keys
        </label>
        <label className="flex items-center gap-2 text-sm">
          <input type="radio" name="keys" value="move" checked={mode === 'move'} onChange={() => setMode('move')} />
          Move them to a service account (the secrets keep working)
        </label>
      </fieldset>
      {mode === 'move' && (
        <SelectField
          id={`move-to-${userId}`}
          name="serviceAccountId"
          label="Service account"
          options={[
            { value: 'new', label: `New: ${email} (former member)` },
            ...serviceAccounts.map((sa) => ({ value: sa.id, label: sa.name })),
          ]}
          defaultValue="new"
        />
      )}
      <FormMessage error={state && !state.ok ? state.error : null} />
      <DialogActions onCancel={onDone} pending={pending} confirm="Remove member" variant="danger" />
    </form>
  );
}

export function RemoveMember(props: {
  userId: string;
  email: string;
  keys: LiveKey[];
  serviceAccounts: { id: string; name: string }[];
}) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="secondary" className="text-red-700" onClick={() => setOpen(true)}>
        Remove
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} title={`Remove ${props.email}?`}>
        <RemoveForm {...props} onDone={() => setOpen(false)} />
      </Dialog>
    </>
  );
}

function RevokeInvitationForm({ invitationId, onDone }: { invitationId: string; onDone: () => void }) {
  const notify = useToast();
  const [state, onSubmit, pending] = useFormAction(
    async (previous: Parameters<typeof revokeInvitation>[0], data: FormData) => {
      const result = await revokeInvitation(previous, data);
      if (result.ok) notify('Invitation revoked.');
      return result;
    },
    null,
  );
  useEffect(() => {
    if (state?.ok) onDone();
  }, [state, onDone]);
  return (
    <form onSubmit={onSubmit} className="space-y-4">
      <input type="hidden" name="invitationId" value={invitationId} />
      <p className="text-sm text-slate-700">The link stops working at once. This cannot be undone.</p>
      <FormMessage error={state && !state.ok ? state.error : null} />
      <DialogActions onCancel={onDone} pending={pending} confirm="Revoke invitation" variant="danger" />
    </form>
  );
}

/** Revoking an invitation asks first, as every change that cannot be undone does. */
export function RevokeInvitation({ invitationId, role }: { invitationId: string; role: string }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="secondary" className="text-red-700" onClick={() => setOpen(true)}>
        Revoke invitation
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} title={`Revoke this ${role} invitation?`}>
        <RevokeInvitationForm invitationId={invitationId} onDone={() => setOpen(false)} />
      </Dialog>
    </>
  );
}

export function UnlockSignIn({ userId, email }: { userId: string; email: string }) {
  const [state, onSubmit, pending] = useFormAction(unlockSignIn, null);
  return (
    <form onSubmit={onSubmit} className="inline-flex flex-col items-start gap-1">
      <input type="hidden" name="userId" value={userId} />
      <Button type="submit" variant="secondary" pending={pending} aria-label={`Unlock sign-in for ${email}`}>
        Unlock sign-in
      </Button>
      <FormMessage error={state && !state.ok ? state.error : null} success={state?.ok ? 'Unlocked.' : null} />
    </form>
  );
}
