import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { auth } from '@/server/auth/session';
import { now as currentTime } from '@/lib/clock';
import { getStore } from '@/server/db';
import { clientAddressFrom } from '@/lib/net/request-address';
import { sessionActor } from '@/lib/policy/access';
import { deviceExpirationOptions, findDeviceLogin } from '@/server/services/device-login';
import { TextField } from '@/components/ui/field';
import { buttonClasses } from '@/components/ui/button';
import { approveDevice, denyDevice } from './actions';
import { DeviceDecision } from './_components/device-decision';

// Where `latchkey login` sends its user: the code from the terminal, what is asking (RFC 8628 §5.4: show what is
// being authorised, against remote phishing), and Approve / Deny. Signed in only; the actions check again.

export const metadata: Metadata = { title: 'Approve a CLI login · Latchkey' };

function Shell({ children }: { children: React.ReactNode }) {
  return (
    <main className="flex min-h-screen items-center justify-center bg-slate-50 px-4">
      <div className="w-full max-w-md space-y-5 rounded-lg border border-slate-200 bg-white p-8 shadow-sm">
        <p className="text-center text-sm font-semibold tracking-wide text-slate-500">Latchkey</p>
        <h1 className="text-xl font-semibold">Log in the Latchkey CLI</h1>
        {children}
      </div>
    </main>
  );
}

function CodeForm({ message }: { message?: string }) {
  return (
    <form method="get" action="/device" className="space-y-4">
      {message && (
        <p
          data-testid="form-error"
          className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800"
        >
          {message}
        </p>
      )}
      <TextField id="device-code" name="code" label="Code" placeholder="XXXX-XXXX" autoComplete="off" required />
      <button type="submit" className={buttonClasses()}>
        Continue
      </button>
    </form>
  );
}

export default async function DevicePage({ searchParams }: { searchParams: Promise<{ code?: string | string[] }> }) {
  const { code } = await searchParams;
  const typed = typeof code === 'string' ? code.slice(0, 20) : '';
  const user = await auth();
  if (!user) {
    const back = typed ? `/device?code=${encodeURIComponent(typed)}` : '/device';
    redirect(`/sign-in?callbackUrl=${encodeURIComponent(back)}`);
  }
  if (!typed)
    return (
      <Shell>
        <p className="text-sm text-slate-700">Enter the code your terminal shows.</p>
        <CodeForm />
      </Shell>
    );
  const h = await headers();
  const now = currentTime();
  const found = await findDeviceLogin(
    {
      store: getStore(),
      actor: sessionActor(user, now),
      now,
      meta: { actorUserId: user.userId, actorLabel: user.email, ip: clientAddressFrom(h), userAgent: null },
    },
    typed,
  );
  if (!found.ok)
    return (
      <Shell>
        <CodeForm
          message={
            found.reason === 'rate_limited'
              ? 'Too many codes tried from here. Wait a few minutes, then try again.'
              : 'This code is not valid: it expired, was already used, or was mistyped.'
          }
        />
      </Shell>
    );
  const { login } = found;
  const cap = await getStore().accountCap(user.accountId);
  const rows: [string, string][] = [
    ['Code', found.userCode],
    ['Host', login.clientHost],
    ['Platform', login.clientPlatform],
    ['CLI version', login.clientVersion],
    ['Requested from', login.requestIp ?? 'unknown address'],
    ['Requested at', `${new Date(login.createdAt).toISOString().replace('T', ' ').slice(0, 19)} UTC`],
    // What is being granted (RFC 8628 section 5.4): the key the approval makes, as server/services/device-login.ts issues it.
    ['Access', 'Read and write, every resource you can reach'],
  ];
  return (
    <Shell>
      <p className="text-sm text-slate-700">
        A terminal asks for a key to act as <strong>{user.email}</strong>. Approving creates a personal key named{' '}
        <strong>CLI: {login.clientHost}</strong>, listed and revocable on Settings › Security like any other.
      </p>
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm" data-testid="device-login">
        {rows.map(([term, value]) => (
          <div key={term} className="contents">
            <dt className="text-slate-500">{term}</dt>
            <dd className={term === 'Code' ? 'font-mono text-base font-semibold' : 'break-all'}>{value}</dd>
          </div>
        ))}
      </dl>
      <p role="note" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
        Approve only a login you started yourself, just now, and whose code matches your terminal. If someone sent you
        this link or code, choose Deny: they would get a key to your account that can read and change everything you can
        through the API.
      </p>
      <DeviceDecision
        code={found.userCode}
        host={login.clientHost}
        options={deviceExpirationOptions(cap)}
        approve={approveDevice}
        deny={denyDevice}
      />
    </Shell>
  );
}
