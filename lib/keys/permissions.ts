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

/** What each resource lets a key do, in one line, for the permission table of the create form and a key's page. */
export const RESOURCE_INFO: Record<ApiResource, { label: string; description: string }> = {
  me: { label: 'Identity', description: 'Who the key belongs to, its permissions and expiry (GET /api/v1/me).' },
  keys: { label: 'Keys', description: 'List the keys its owner may see; with write, revoke them.' },
  projects: { label: 'Projects', description: 'List and read projects; with write, create them.' },
  'keys:verify': { label: 'Key verification', description: 'Check keys that callers of your own service present.' },
};

/** One row of the permission table: what the key may do with one resource. */
export type ResourceAccess = 'none' | KeyPermission;

/** Each resource's access under a grant: the key's one level for the resources it reaches, none for the rest. */
export function accessByResource(grant: KeyGrant): Record<ApiResource, ResourceAccess> {
  return Object.fromEntries(
    API_RESOURCES.map((r) => [r, grant.resources === null || grant.resources.includes(r) ? grant.permission : 'none']),
  ) as Record<ApiResource, ResourceAccess>;
}

/**
 * The fields a permission table sends for its rows: the key's one level, and the resources it reaches. Every resource
 * chosen sends no resource at all, which the server reads as every resource (including any added later); none chosen
 * sends 'none', which the server refuses rather than reading it as everything.
 */
export function grantFields(rows: Record<ApiResource, ResourceAccess>): {
  permission: KeyPermission;
  resources: (ApiResource | 'none')[];
} {
  const chosen = API_RESOURCES.filter((r) => rows[r] !== 'none');
  const permission = chosen.some((r) => rows[r] === 'read-write') ? 'read-write' : 'read';
  if (chosen.length === 0) return { permission, resources: ['none'] };
  return { permission, resources: chosen.length === API_RESOURCES.length ? [] : chosen };
}

/** The smallest key that is still useful: it can say whom it belongs to, and nothing more. */
export const DEFAULT_ACCESS: Record<ApiResource, ResourceAccess> = {
  me: 'read',
  keys: 'none',
  projects: 'none',
  'keys:verify': 'none',
};

export const EVERY_RESOURCE_WARNING =
  'This key reaches every resource, including any added later. Choose only what it needs if you can.';
