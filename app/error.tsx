'use client';

import Link from 'next/link';
import { Button } from '@/components/ui/button';

// The fallback for an unexpected error while rendering a page. In production Next replaces a server error's message
// with a generic one, so nothing internal reaches the browser; the digest is what the server logged beside the stack
// trace, so an operator can find the one line a user reports.
export default function ErrorPage({ error, retry }: { error: Error & { digest?: string }; retry: () => void }) {
  return (
    <main className="mx-auto max-w-md space-y-4 px-4 py-24 text-center">
      <h1 className="text-xl font-semibold">Something went wrong</h1>
      <p className="text-sm text-slate-600">
        The page could not be shown. Nothing you saved is lost. Try again, or come back in a moment.
      </p>
      {error.digest ? (
        <p className="text-xs text-slate-500">
          Reference for your administrator: <code className="font-mono">{error.digest}</code>
        </p>
      ) : null}
      <div className="flex justify-center gap-3">
        <Button onClick={() => retry()}>Try again</Button>
        <Link className="self-center text-sm font-medium underline" href="/">
          Go to your keys
        </Link>
      </div>
    </main>
  );
}
