'use client';

import { signOut } from 'next-auth/react';
import { useState } from 'react';
import { Button } from './ui/button';

export function SignOutButton() {
  const [pending, setPending] = useState(false);
  return (
    <Button
      variant="ghost"
      pending={pending}
      onClick={async () => {
        setPending(true);
        await signOut({ callbackUrl: '/sign-in' });
      }}
    >
      Sign out
    </Button>
  );
}
