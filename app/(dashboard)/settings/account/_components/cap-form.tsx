'use client';

import { useEffect, useRef, useState } from 'react';
import { FormMessage } from '@/components/form-message';
import { useFormAction } from '@/components/use-form-action';
import { Button } from '@/components/ui/button';
import { Dialog, DialogActions } from '@/components/ui/dialog';
import { SelectField } from '@/components/ui/field';
import { setMaxKeyLifetime } from '../actions';

function plural(n: number, word: string) {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function CapForm({ current, options }: { current: string; options: { value: string; label: string }[] }) {
  const [state, onSubmit, pending] = useFormAction(setMaxKeyLifetime, null);
  const [confirming, setConfirming] = useState(false);
  const lastState = useRef(state);

  useEffect(() => {
    if (state === lastState.current) return;
    lastState.current = state;
    setConfirming(Boolean(state?.ok && !state.saved));
  }, [state]);

  const preview = state?.ok && !state.saved ? state : null;
  const capValue = (cap: number | null) => (cap === null ? 'none' : String(cap));

  return (
    <>
      <form onSubmit={onSubmit} className="flex flex-wrap items-end gap-3" key={current}>
        <div className="min-w-56">
          <SelectField
            id="maxKeyLifetime"
            name="maxKeyLifetime"
            label="Maximum key lifetime"
            options={options}
            defaultValue={current}
            hint="Applies to every key in the account, including existing ones, on every request."
          />
        </div>
        <Button type="submit" pending={pending && !confirming}>
          Save
        </Button>
      </form>
      <FormMessage
        error={state && !state.ok ? state.error : null}
        success={state?.ok && state.saved ? 'Maximum key lifetime saved.' : null}
      />
      <Dialog open={confirming} onClose={() => setConfirming(false)} title="Lower the maximum key lifetime?">
        {preview && (
          <form onSubmit={onSubmit} className="space-y-4">
            <input type="hidden" name="maxKeyLifetime" value={capValue(preview.cap)} />
            <input type="hidden" name="confirmed" value="true" />
            <p className="text-sm text-slate-700" data-testid="cap-preview">
              {plural(preview.preview.shortened, 'key')} would be shortened, and{' '}
              {plural(preview.preview.stopNow, 'key')} would stop working at once.
            </p>
            <p className="text-sm text-slate-600">Keys are checked against the new limit on every request.</p>
            <DialogActions
              onCancel={() => setConfirming(false)}
              pending={pending}
              confirm="Confirm and save"
              variant="danger"
            />
          </form>
        )}
      </Dialog>
    </>
  );
}
