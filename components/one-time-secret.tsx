'use client';

import { useEffect, useId, useRef, useState } from 'react';
import { CopyButton } from './copy-button';
import { useOrigin } from './use-origin';
import { Button } from './ui/button';
import { useDialogGuard } from './ui/dialog';
import { useLeaveWarning } from './leave-warning';

/**
 * Shows a freshly issued token exactly once. It exists only in client state: nothing on the server keeps it, and
 * a reload shows the page without it. It takes the focus when it appears (so screen readers read it at once); in a
 * dialog, Escape and a click outside ask "I have copied it" first; leaving the page while it is shown warns.
 */
export function OneTimeSecret({ token, title, onDone }: { token: string; title: string; onDone?: () => void }) {
  const origin = useOrigin();
  const id = useId();
  const secretId = `${id}-secret`;
  const curlId = `${id}-curl`;
  const curl = `curl -H "Authorization: Bearer ${token}" ${origin || 'http://localhost:3000'}/api/v1/me`;
  const region = useRef<HTMLElement>(null);
  const stay = useRef<HTMLButtonElement>(null);
  const [asking, setAsking] = useState(false);
  const setGuard = useDialogGuard();

  useLeaveWarning();
  useEffect(() => region.current?.focus(), []);
  useEffect(() => {
    if (!setGuard || !onDone) return;
    setGuard(() => setAsking(true));
    return () => setGuard(null);
  }, [setGuard, onDone]);
  useEffect(() => {
    if (asking) stay.current?.focus();
  }, [asking]);

  return (
    <section
      ref={region}
      tabIndex={-1}
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-warning`}
      className="space-y-3 rounded-lg border border-emerald-300 bg-emerald-50 p-4 focus:outline-2 focus:outline-emerald-600"
      data-testid="new-secret"
    >
      <h3 id={`${id}-title`} className="font-semibold text-emerald-900">
        {title}
      </h3>
      <p id={`${id}-warning`} className="text-sm font-medium text-emerald-900">
        Copy your key now. You won&apos;t be able to see it again.
      </p>
      <div className="flex flex-wrap items-center gap-2">
        <code
          id={secretId}
          data-testid="one-time-secret"
          className="min-w-0 rounded bg-white px-2 py-1 font-mono text-sm break-all text-slate-900 ring-1 ring-emerald-200"
        >
          {token}
        </code>
        <CopyButton value={token} targetId={secretId} />
      </div>
      <div className="space-y-1">
        <p className="text-xs text-emerald-900">Try it:</p>
        <pre
          id={curlId}
          className="rounded bg-slate-900 p-2 text-xs break-all whitespace-pre-wrap text-slate-100"
          data-testid="curl-example"
        >
          {curl}
        </pre>
        <CopyButton value={curl} targetId={curlId} label="Copy curl command" />
      </div>
      {asking && onDone ? (
        <div className="space-y-3 rounded-md border border-amber-300 bg-amber-50 p-3" data-testid="secret-close-check">
          <p className="text-sm text-amber-900">
            This secret will not be shown again. Close only once you have copied it.
          </p>
          <div className="flex flex-wrap justify-end gap-2">
            <Button ref={stay} variant="secondary" onClick={() => setAsking(false)}>
              Keep it open
            </Button>
            <Button onClick={onDone}>I have copied it</Button>
          </div>
        </div>
      ) : (
        onDone && (
          <div className="flex justify-end">
            <Button onClick={onDone}>Done</Button>
          </div>
        )
      )}
    </section>
  );
}
