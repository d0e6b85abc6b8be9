import 'server-only';
import { getServerSession } from 'next-auth';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { getStore } from '@/server/db';
import { sessionUser } from '../services/sessions';
import type { SessionUser } from '../../lib/types';
import { getAuthOptions } from './options';
import { REQUESTED_PATH_HEADER, signInPath } from '../../lib/redirect';

export type { SessionUser } from '../../lib/types';

/**
 * The one session reader: decodes the next-auth cookie, then requires its server-side session row.
 * Cached per request, so a page and its components share one read.
 */
export const auth = cache(async (): Promise<SessionUser | null> => {
  const session = (await getServerSession(getAuthOptions())) as { sid?: string } | null;
  if (!session?.sid) return null;
  return sessionUser(getStore(), session.sid, Date.now());
});

/** For pages: the user, or a redirect to sign-in that comes back to the page asked for (sign-in checks the path). */
export async function requireUser(): Promise<SessionUser> {
  const user = await auth();
  if (!user) redirect(signInPath((await headers()).get(REQUESTED_PATH_HEADER)));
  return user;
}
