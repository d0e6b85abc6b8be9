'use server';

import { z } from 'zod';
import { userAction } from '@/server/actions';
import { getConfig } from '@/server/config';
import { ActionError } from '@/lib/action-error';
import { approveDeviceLogin, denyDeviceLogin } from '@/server/services/device-login';

// Approving or denying a `latchkey login` on /device. Approving issues a personal key through the keys' one path
// (server/services/device-login.ts); its token goes to the CLI sealed, never to this page.

const Code = z.string({ error: 'The code is missing.' }).max(20);
const NOT_FOUND = 'This code is not valid any more: it expired, was used, or was mistyped. Start the login again.';
const RATE_LIMITED = 'Too many codes tried from here. Wait a few minutes, then try again.';

export const approveDevice = userAction(
  { schema: z.object({ code: Code, expiration: z.string().max(20) }), gate: 'key.create_personal' },
  async ({ code, expiration }, ctx) => {
    const result = await approveDeviceLogin(ctx, getConfig().tokenPrefix, { userCode: code, expiration });
    if (result.ok)
      return { ok: true as const, decision: 'approved' as 'approved' | 'denied', name: result.name as string | null };
    if (result.reason === 'not_found') throw new ActionError(NOT_FOUND);
    if (result.reason === 'rate_limited') throw new ActionError(RATE_LIMITED);
    if (result.reason === 'invalid_expiry') throw new ActionError(result.message, { expiration: result.message });
    throw new ActionError(
      'You may not create keys in this account.',
      undefined,
      result.reason === 'reauth' || undefined,
    );
  },
);

export const denyDevice = userAction({ schema: z.object({ code: Code }) }, async ({ code }, ctx) => {
  const result = await denyDeviceLogin(ctx, { userCode: code });
  if (result.ok) return { ok: true as const, decision: 'denied' as 'approved' | 'denied', name: null as string | null };
  throw new ActionError(result.reason === 'rate_limited' ? RATE_LIMITED : NOT_FOUND);
});
