import { ApiError, jsonResponse } from '@/lib/api/errors';
import { projectJson } from '@/lib/api/json';
import { unsupportedMethods, withApiKey } from '@/server/api/guard';
import { keyContext } from '@/server/api/principal';
import { projectInReach } from '@/server/services/projects';

/** GET /api/v1/projects/{id}: one project of the key's account; an organization key reaches only its own. */
export const GET = withApiKey<{ id: string }>({ resource: 'projects' }, async (request, { principal, params }) => {
  const project = await projectInReach(keyContext(principal, request), params.id.slice(0, 64));
  if (!project) throw new ApiError('not_found', 'No such project.');
  return jsonResponse({ project: projectJson(project) });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = unsupportedMethods('GET');
