'use client';

import { useId } from 'react';
import { CopyButton } from './copy-button';
import { useOrigin } from './use-origin';
import { Button } from './ui/button';

/**
 * Shows a freshly issued token exactly once. It exists only in client state: nothing on the server keeps it, and
 * a reload shows the page without it.
 */
export function OneTimeSecret({ token, title, onDone }: { token: string; title: string; onDone?: () => void }) {
  const origin = useOrigin();
  const secretId = useId();
  const curl = `curl -H "Authorization: Bearer ${token}" ${origin || 'http://localhost:3000'}/api/v1/me`;

  return (
    <section aria-label="New API key" className="space-y-3 rounded-lg border border-emerald-300 bg-emerald-50 p-4">
      <h3 className="font-semibold text-emerald-900">{title}</h3>
      <p className="text-sm font-medium text-emerald-900">Copy your key now. You won&apos;t be able to see it again.</p>
      <div className="flex flex-wrap items-center gap-2">
        <code
          id={secretId}
          data-testid="one-time-secret"
          className="rounded bg-white px-2 py-1 font-mono text-sm break-all text-slate-900 ring-1 ring-emerald-200"
        >
          {token}
        </code>
        <CopyButton value={token} targetId={secretId} />
      </div>
      <div className="space-y-1">
        <p className="text-xs text-emerald-900">Try it:</p>
        <pre className="overflow-x-auto rounded bg-slate-900 p-2 text-xs text-slate-100" data-testid="curl-example">
          {curl}
        </pre>
      </div>
      {onDone && (
        <div className="flex justify-end">
          <Button onClick={onDone}>Done</Button>
        </div>
      )}
    </section>
  );
}
