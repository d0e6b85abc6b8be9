'use client';

import { signIn } from 'next-auth/react';
import { useRouter } from 'next/navigation';
import type { ActionResult, ActionState } from '@/server/actions';
import { safeCallback } from '@/lib/redirect';
import { FormMessage } from './form-message';
import { useFormAction } from './use-form-action';
import { Button } from './ui/button';
import { TextField } from './ui/field';

type SignUpAction = (previous: ActionState, formData: FormData) => Promise<ActionResult>;

async function signInWith(formData: FormData): Promise<ActionResult> {
  const result = await signIn('credentials', {
    email: String(formData.get('email') ?? ''),
    password: String(formData.get('password') ?? ''),
    redirect: false,
  });
  if (result?.ok && !result.error) return { ok: true } as const;
  const error = result?.error && result.error !== 'CredentialsSignin' ? result.error : 'Incorrect email or password.';
  return { ok: false, error, values: { email: String(formData.get('email') ?? '') } };
}

/**
 * The email-and-password form for /sign-in, /sign-up and invitations. With `signUp`, the server action creates
 * the user first; either way the browser then signs in through next-auth.
 */
export function AuthForm({
  mode,
  signUp,
  callbackUrl,
  hidden,
}: {
  mode: 'sign-in' | 'sign-up';
  signUp?: SignUpAction;
  callbackUrl?: string;
  hidden?: Record<string, string>;
}) {
  const router = useRouter();
  const [state, onSubmit, pending] = useFormAction(async (previous: ActionState, formData: FormData) => {
    if (signUp) {
      const created = await signUp(previous, formData);
      if (!created.ok) return created;
    }
    const signedIn = await signInWith(formData);
    if (signedIn.ok) {
      router.replace(safeCallback(callbackUrl, window.location.origin));
      router.refresh();
    }
    return signedIn;
  }, null);
  const failed = state && !state.ok ? state : null;

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      {hidden &&
        Object.entries(hidden).map(([name, value]) => <input key={name} type="hidden" name={name} value={value} />)}
      <FormMessage error={failed?.error} />
      <TextField
        id="email"
        name="email"
        type="email"
        label="Email"
        autoComplete="email"
        required
        defaultValue={failed?.values?.email ?? ''}
        error={failed?.fieldErrors?.email}
      />
      <TextField
        id="password"
        name="password"
        type="password"
        label="Password"
        autoComplete={mode === 'sign-up' ? 'new-password' : 'current-password'}
        required
        hint={mode === 'sign-up' ? 'At least 10 characters.' : undefined}
        error={failed?.fieldErrors?.password}
      />
      <Button type="submit" pending={pending} className="w-full">
        {mode === 'sign-up' ? 'Create account' : 'Sign in'}
      </Button>
    </form>
  );
}
