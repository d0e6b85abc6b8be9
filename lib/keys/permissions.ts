import type { KeyPermission } from '../types';

// Per-key permissions (pure). A key is 'read' (GET routes only) or 'read-write', and may be restricted to named
// resources; null means every resource. Nothing a key can do reaches passwords, roles, policies or key creation:
// there are no such routes under /api/v1.
export const API_RESOURCES = ['me', 'keys', 'projects', 'keys:verify'] as const;
export type ApiResource = (typeof API_RESOURCES)[number];

export interface KeyGrant {
  permission: KeyPermission;
  resources: readonly ApiResource[] | null;
}

export interface Requirement {
  resource: ApiResource;
  write: boolean;
}

export function isApiResource(value: unknown): value is ApiResource {
  return (API_RESOURCES as readonly unknown[]).includes(value);
}

/** Reads the stored JSON list; anything unreadable grants nothing rather than everything. */
export function parseResources(stored: string | null): ApiResource[] | null {
  if (stored === null) return null;
  try {
    const parsed: unknown = JSON.parse(stored);
    return Array.isArray(parsed) ? parsed.filter(isApiResource) : [];
  } catch {
    return [];
  }
}

export function serializeResources(resources: readonly ApiResource[] | null): string | null {
  return resources === null ? null : JSON.stringify([...new Set(resources)].sort());
}

export function allows(grant: KeyGrant, need: Requirement): boolean {
  if (need.write && grant.permission !== 'read-write') return false;
  return grant.resources === null || grant.resources.includes(need.resource);
}

export function describeGrant(grant: KeyGrant): string {
  const access = grant.permission === 'read-write' ? 'Read and write' : 'Read only';
  return grant.resources === null
    ? `${access}, all resources`
    : `${access}: ${grant.resources.join(', ') || 'no resources'}`;
}
