import Link from 'next/link';
import { redirect } from 'next/navigation';
import { AuthForm } from '@/components/auth-form';
import { auth } from '@/server/auth/session';
import { safeCallback } from '@/lib/redirect';

export const metadata = { title: 'Sign in · Latchkey' };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const { callbackUrl } = await searchParams;
  // Already signed in: on to the page asked for. Judged as a path of this site (the placeholder origin refuses any
  // other host), as the form judges it after a sign-in.
  if (await auth())
    redirect(safeCallback(typeof callbackUrl === 'string' ? callbackUrl : undefined, 'http://latchkey.invalid'));
  return (
    <>
      <h1 className="text-xl font-semibold text-slate-900">Sign in</h1>
      <AuthForm mode="sign-in" callbackUrl={typeof callbackUrl === 'string' ? callbackUrl : undefined} />
      <p className="text-sm text-slate-600">
        New here?{' '}
        <Link className="font-medium text-slate-900 underline" href="/sign-up">
          Create an account
        </Link>
      </p>
    </>
  );
}
