'use client';

import { useState } from 'react';
import { CopyButton } from '@/components/copy-button';
import { useOrigin } from '@/components/use-origin';
import { FormMessage } from '@/components/form-message';
import { useFormAction } from '@/components/use-form-action';
import { Button } from '@/components/ui/button';
import { Dialog, DialogActions } from '@/components/ui/dialog';
import { SelectField } from '@/components/ui/field';
import type { ActionResult, ActionState } from '@/server/actions';

const ROLES = [
  { value: 'admin', label: 'Admin' },
  { value: 'member', label: 'Member' },
];

type InvitationCreated = { ok: true; path: string; role: 'admin' | 'member' };

/** The page's createInvitation server action, passed in so that this component serves every page that invites. */
export type CreateInvitationAction = (
  previous: ActionState<InvitationCreated>,
  formData: FormData,
) => Promise<ActionResult<InvitationCreated>>;

function InviteForm({ action, onDone }: { action: CreateInvitationAction; onDone: () => void }) {
  const [state, onSubmit, pending] = useFormAction(action, null);
  const origin = useOrigin();

  if (state?.ok) {
    const link = `${origin}${state.path}`;
    return (
      <div className="space-y-4">
        <p className="text-sm text-slate-700">
          Send this link to the person you are inviting as {state.role === 'admin' ? 'an admin' : 'a member'}. It works
          once and expires in 7 days.
        </p>
        <div className="flex flex-wrap items-center gap-2">
          <code
            id="invitation-link"
            data-testid="invitation-link"
            className="rounded bg-slate-100 px-2 py-1 font-mono text-xs break-all"
          >
            {link}
          </code>
          <CopyButton value={link} targetId="invitation-link" />
        </div>
        <div className="flex justify-end">
          <Button onClick={onDone}>Done</Button>
        </div>
      </div>
    );
  }
  return (
    <form onSubmit={onSubmit} className="space-y-4">
      <SelectField id="invite-role" name="role" label="Role" options={ROLES} defaultValue="member" />
      <FormMessage error={state && !state.ok ? state.error : null} />
      <DialogActions onCancel={onDone} pending={pending} confirm="Create invitation" />
    </form>
  );
}

export function InviteMember({ action }: { action: CreateInvitationAction }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="secondary" onClick={() => setOpen(true)}>
        Invite member
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} title="Invite a member">
        <InviteForm action={action} onDone={() => setOpen(false)} />
      </Dialog>
    </>
  );
}
