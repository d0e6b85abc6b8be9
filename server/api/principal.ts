import { iso } from '../../lib/api/json';
import type { KeyDto } from '@/lib/types';
import type { KeyJson } from '@/lib/api/schemas';
import type { KeyPrincipal } from '@/db/store';
import { getStore } from '@/server/db';
import { keyActor } from '../../lib/policy/access';
import type { ServiceContext } from '../services/context';
import type { RequestMeta } from '../../lib/types';
import { header, type ApiRequest } from '../../lib/api/http';

// A key as an actor: how the services see it (what it reaches is the access policy's, lib/policy/access.ts) and how
// it appears in the audit log.

/** The services' context for a request made with this key. */
export function keyContext(principal: KeyPrincipal, request: ApiRequest): ServiceContext {
  return { store: getStore(), actor: keyActor(principal), now: Date.now(), meta: principalMeta(principal, request) };
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
export function keyJson(key: KeyDto): KeyJson {
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
