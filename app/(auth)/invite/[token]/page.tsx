import Link from 'next/link';
import { AuthForm } from '@/components/auth-form';
import { getStore } from '@/server/db';
import { now } from '@/lib/clock';
import { auth } from '@/server/auth/session';
import { isInvitationToken } from '@/lib/keys/invitation';
import { hashSecret } from '@/lib/keys/token';
import { signUpWithInvitation } from './actions';

export const metadata = { title: 'Join an account · Latchkey', referrer: 'no-referrer' };

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invitation = isInvitationToken(token) ? await getStore().openInvitation(hashSecret(token), now()) : null;

  if (!invitation) {
    return (
      <>
        <h1 className="text-xl font-semibold text-slate-900">Invitation not valid</h1>
        <p className="text-sm text-slate-600" data-testid="invitation-invalid">
          This invitation link has expired, was revoked, was already used, or is mistyped. Ask an owner or admin of the
          account for a new one.
        </p>
      </>
    );
  }

  const user = await auth();
  if (user) {
    return (
      <>
        <h1 className="text-xl font-semibold text-slate-900">Join {invitation.accountName}</h1>
        <p className="text-sm text-slate-600">
          You are signed in as {user.email}. In this version a user belongs to one account: sign out, then open this
          link again to create a new user in {invitation.accountName}.
        </p>
        <Link href="/settings/security" className="text-sm font-medium underline">
          Back to your keys
        </Link>
      </>
    );
  }

  return (
    <>
      <h1 className="text-xl font-semibold text-slate-900">Join {invitation.accountName}</h1>
      <p className="text-sm text-slate-600">
        You were invited as {invitation.role === 'admin' ? 'an admin' : 'a member'}. Create your user to join.
      </p>
      <AuthForm mode="sign-up" signUp={signUpWithInvitation} hidden={{ invitation: token }} />
    </>
  );
}
