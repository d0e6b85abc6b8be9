'use client';

import { useState } from 'react';
import { Button } from './ui/button';

/**
 * Signs out through next-auth's endpoint (which deletes the server-side session), without loading next-auth's client
 * library into every dashboard page: fetch the CSRF token, post it, then leave.
 */
async function signOut() {
  const { csrfToken } = (await (await fetch('/api/auth/csrf')).json()) as { csrfToken: string };
  await fetch('/api/auth/signout', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrfToken, json: 'true' }),
  });
  window.location.assign('/sign-in');
}

export function SignOutButton() {
  const [pending, setPending] = useState(false);
  return (
    <Button
      variant="ghost"
      pending={pending}
      onClick={async () => {
        setPending(true);
        try {
          await signOut();
        } finally {
          setPending(false);
        }
      }}
    >
      Sign out
    </Button>
  );
}
