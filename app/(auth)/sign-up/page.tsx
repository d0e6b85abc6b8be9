import Link from 'next/link';
import { redirect } from 'next/navigation';
import { AuthForm } from '@/components/auth-form';
import { auth } from '@/server/auth/session';
import { signUp } from './actions';

export const metadata = { title: 'Create account · Latchkey' };

export default async function SignUpPage() {
  if (await auth()) redirect('/settings/security');
  return (
    <>
      <h1 className="text-xl font-semibold text-slate-900">Create your account</h1>
      <AuthForm mode="sign-up" signUp={signUp} />
      <p className="text-sm text-slate-600">
        Already have an account?{' '}
        <Link className="font-medium text-slate-900 underline" href="/sign-in">
          Sign in
        </Link>
      </p>
    </>
  );
}
