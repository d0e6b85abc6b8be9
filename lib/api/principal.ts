import { iso } from './json';
import { allKeys, ownKeys, type KeyDto, type KeyScope, type RequestMeta } from '@/db/queries/keys';
import { header, type ApiRequest } from './http';
import type { KeyPrincipal } from './verify-key';

// What a key may reach as an actor, in one place: which keys it sees and revokes, how it appears in the audit log.

/** Keys acting for an owner or admin (a person's key, or an admin service account's key) act as admins. */
export function isAdminPrincipal(principal: KeyPrincipal): boolean {
  return principal.owner.type !== 'project' && (principal.owner.role === 'owner' || principal.owner.role === 'admin');
}

/** The keys this key may list and revoke: all of the account's for admins, else the keys of its own owner. */
export function keysOfPrincipal(principal: KeyPrincipal): KeyScope {
  if (isAdminPrincipal(principal)) return allKeys(principal.accountId);
  const { owner, accountId } = principal;
  if (owner.type === 'user') return ownKeys(accountId, owner.id);
  if (owner.type === 'service_account') return { accountId, owners: [{ serviceAccountId: owner.id }] };
  return { accountId, owners: [{ keyId: principal.keyId }] };
}

export function principalMeta(principal: KeyPrincipal, request: ApiRequest): RequestMeta {
  return {
    actorUserId: principal.owner.type === 'user' ? principal.owner.id : null,
    actorKeyId: principal.keyId,
    actorLabel: `key ${principal.keyId}`,
    ip: null,
    userAgent: header(request, 'user-agent')?.slice(0, 512) ?? null,
  };
}

/** The public JSON of a key: never a hash or a secret. */
export function keyJson(key: KeyDto) {
  return {
    id: key.id,
    name: key.name,
    kind: key.kind,
    owner: key.ownerLabel,
    permission: key.permission,
    resources: key.resources,
    status: key.status,
    createdAt: iso(key.createdAt),
    expiresAt: iso(key.expiresAt),
    effectiveExpiresAt: iso(key.effectiveExpiresAt),
    lastUsedAt: iso(key.lastUsedAt),
  };
}
