'use client';

import { FormMessage } from '@/components/form-message';
import { useFormAction } from '@/components/use-form-action';
import { Button } from '@/components/ui/button';
import { SelectField } from '@/components/ui/field';
import type { ActionResult, ActionState } from '@/server/actions';

type Decided = { ok: true; decision: 'approved' | 'denied'; name: string | null };
type DecisionAction = (previous: ActionState<Decided>, formData: FormData) => Promise<ActionResult<Decided>>;

/** The Expiration select and the Approve / Deny buttons of a pending CLI login. */
export function DeviceDecision({
  code,
  host,
  options,
  approve,
  deny,
}: {
  code: string;
  host: string;
  options: { value: string; label: string }[];
  approve: DecisionAction;
  deny: DecisionAction;
}) {
  const [approved, onApprove, approving] = useFormAction(approve);
  const [denied, onDeny, denying] = useFormAction(deny);
  const done = approved?.ok ? approved : denied?.ok ? denied : null;
  if (done)
    return (
      <FormMessage
        success={
          done.decision === 'approved'
            ? `Approved. The terminal on ${host} receives the key “${done.name ?? ''}”; you can close this page.`
            : 'Denied. The terminal will say so; no key was made.'
        }
      />
    );
  const failure = (approved && !approved.ok ? approved : null) ?? (denied && !denied.ok ? denied : null);
  const initial = options.some((o) => o.value === '30') ? '30' : (options[0]?.value ?? '');
  return (
    <div className="space-y-4">
      <form onSubmit={onApprove} className="space-y-4">
        <input type="hidden" name="code" value={code} />
        <SelectField
          id="device-expiration"
          name="expiration"
          label="Expiration"
          options={options}
          defaultValue={initial}
          error={approved && !approved.ok ? approved.fieldErrors?.expiration : undefined}
        />
        <div className="flex gap-3">
          <Button type="submit" pending={approving} disabled={denying}>
            Approve
          </Button>
          <Button type="submit" form="device-deny" variant="secondary" pending={denying} disabled={approving}>
            Deny
          </Button>
        </div>
      </form>
      <form id="device-deny" onSubmit={onDeny}>
        <input type="hidden" name="code" value={code} />
      </form>
      <FormMessage error={failure?.error} />
    </div>
  );
}
