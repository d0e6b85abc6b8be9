import 'server-only';
import { regenerateKey as regenerateKeyRow, revokeKey as revokeKeyRow, setKeyDisabled } from '@/db/queries/keys';
import type { UserContext } from '../actions';
import { getConfig } from '../config';
import { accountCap, confirmIfSharedKey, refuseKeyChange, regenerableKeys, revocableKeys } from '../key-actions';
import type { GraceChoice } from '../keys/expiry';
import { newToken } from '../keys/token';

// The key operations of the dashboard's actions, one function each (moved out of the action files unchanged).

export function revokeKey(ctx: UserContext, { keyId }: { keyId: string }) {
  const scope = revocableKeys(ctx);
  confirmIfSharedKey(ctx, scope, keyId);
  refuseKeyChange(revokeKeyRow(ctx.db, scope, keyId, ctx.now, ctx.meta));
  return { ok: true as const, keyId };
}

export function regenerateKey(ctx: UserContext, { keyId, grace }: { keyId: string; grace: GraceChoice }) {
  const scope = regenerableKeys(ctx);
  confirmIfSharedKey(ctx, scope, keyId);
  const { token, secretHash } = newToken(getConfig().tokenPrefix, keyId);
  const result = regenerateKeyRow(ctx.db, scope, keyId, secretHash, grace, accountCap(ctx), ctx.now, ctx.meta);
  refuseKeyChange(result);
  return { ok: true as const, token, keyId, previousSecretExpiresAt: result.previousSecretExpiresAt ?? null };
}

export function setKeyEnabled(ctx: UserContext, { keyId, enabled }: { keyId: string; enabled: boolean }) {
  const scope = revocableKeys(ctx);
  confirmIfSharedKey(ctx, scope, keyId);
  refuseKeyChange(setKeyDisabled(ctx.db, scope, keyId, !enabled, ctx.now, ctx.meta));
  return { ok: true as const, keyId, enabled };
}
