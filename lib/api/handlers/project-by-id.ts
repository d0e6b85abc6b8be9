import { getDb } from '@/db';
import { projectById } from '@/db/queries/projects';
import { ApiError, jsonResponse } from '@/lib/api/errors';
import { projectJson } from '@/lib/api/json';
import { unsupportedMethods, withApiKey } from '@/lib/api/guard';

/** GET /api/v1/projects/{id}: one project of the key's account; an organization key reaches only its own. */
export const GET = withApiKey<{ id: string }>({ resource: 'projects' }, (_request, { principal, params }) => {
  const { owner, accountId } = principal;
  const project = owner.type === 'project' && owner.id !== params.id ? null : projectById(getDb(), accountId, params.id.slice(0, 64));
  if (!project) throw new ApiError('not_found', 'No such project.');
  return jsonResponse({ project: projectJson(project) });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = unsupportedMethods('GET');
