import NextAuth from 'next-auth';
import { NextRequest } from 'next/server';
import { jsonRefusal } from '@/lib/api/errors';
import { refusedCallbackCookies, repairedCallbackParam } from '@/lib/auth/callback-param';
import { getAuthOptions } from '@/server/auth/options';
import { getConfig } from '@/server/config';

type Context = { params: Promise<{ nextauth: string[] }> };

// Options are built per call (cached inside) so that `next build` never needs the runtime secret.
function handler(request: NextRequest, context: Context) {
  const publicUrl = getConfig().publicUrl;
  const origin = publicUrl ? new URL(publicUrl).origin : request.nextUrl.origin;
  // A tampered callback-url cookie would make next-auth answer every auth request with a 500: it is cleared and the
  // request refused with a message instead (the next attempt goes through).
  const badCookies = refusedCallbackCookies(request.cookies.getAll(), origin);
  if (badCookies.length > 0) {
    return jsonRefusal(
      400,
      'invalid_callback_cookie',
      'The callback-url cookie did not hold a URL. It has been cleared: try again.',
      badCookies.map((name): [string, string] => [
        'Set-Cookie',
        `${name}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${name.startsWith('__Secure-') ? '; Secure' : ''}`,
      ]),
    );
  }
  // A callbackUrl that is no http(s) URL ("javascript:…") means home, as it does on the sign-in page.
  const repaired = repairedCallbackParam(request.url, origin);
  const forwarded = repaired
    ? new NextRequest(repaired, {
        method: request.method,
        headers: request.headers,
        body: request.body,
        duplex: 'half',
      })
    : request;
  return NextAuth(forwarded as never, context as never, getAuthOptions());
}

export { handler as GET, handler as POST };
