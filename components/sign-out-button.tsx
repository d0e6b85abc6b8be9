'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button } from './ui/button';
import { mayLeaveSecret } from './leave-warning';

/**
 * Signs out through next-auth's endpoint (which deletes the server-side session), without loading next-auth's client
 * library into every dashboard page: fetch the CSRF token and post it.
 */
async function signOut() {
  const { csrfToken } = (await (await fetch('/api/auth/csrf')).json()) as { csrfToken: string };
  const response = await fetch('/api/auth/signout', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrfToken, json: 'true' }),
  });
  // Only a completed sign-out may leave the page: otherwise the session would still be open behind a sign-in form.
  if (!response.ok) throw new Error(`sign-out answered ${response.status}`);
}

export function SignOutButton() {
  const [pending, setPending] = useState(false);
  const [failed, setFailed] = useState(false);
  const router = useRouter();
  const onClick = async () => {
    if (!mayLeaveSecret()) return;
    setPending(true);
    setFailed(false);
    try {
      await signOut();
      // refresh() also drops the router's cached dashboard pages.
      router.replace('/sign-in');
      router.refresh();
    } catch {
      setFailed(true);
    } finally {
      setPending(false);
    }
  };
  return (
    <span className="inline-flex items-center gap-2">
      <span aria-live="polite" className="text-xs text-red-700">
        {failed ? 'Could not sign out. Try again.' : ''}
      </span>
      <Button variant="ghost" pending={pending} onClick={() => void onClick()}>
        Sign out
      </Button>
    </span>
  );
}
