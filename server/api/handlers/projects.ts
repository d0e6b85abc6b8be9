import { readJson } from '@/lib/api/body';
import { projectJson } from '@/lib/api/json';
import { ApiError, jsonResponse } from '@/lib/api/errors';
import { unsupportedMethods, withApiKey } from '@/server/api/guard';
import { keyContext } from '@/server/api/principal';
import { CreateProjectRequest } from '@/lib/api/schemas';
import { gate } from '@/lib/policy/access';
import { createProject, visibleProjects } from '@/server/services/projects';

const bound = () =>
  new ApiError('insufficient_scope', 'An organization key is bound to its project and cannot create projects.');

/** GET /api/v1/projects: an organization key sees only its own project; other keys the account's projects. */
export const GET = withApiKey({ resource: 'projects' }, async (request, { principal }) => {
  const list = await visibleProjects(keyContext(principal, request));
  return jsonResponse({ projects: list.map(projectJson) });
});

/** POST /api/v1/projects {"name": "..."}: needs read-write on projects; organization keys are bound to one project. */
export const POST = withApiKey({ resource: 'projects' }, async (request, { principal }) => {
  const ctx = keyContext(principal, request);
  // The policy's gate before the body is read, as the actions' wrapper does: a bound key gets the same answer
  // whatever it sends. The service asks again.
  if (!gate(ctx.actor, 'project.create').allowed) throw bound();
  const { name } = await readJson(request, CreateProjectRequest);
  const result = await createProject(ctx, { name });
  if (!result.ok && result.reason === 'name_taken')
    throw new ApiError('validation_failed', 'A project with this name already exists.');
  if (!result.ok) throw bound();
  return jsonResponse({ project: projectJson(result.project) }, { status: 201 });
});

export const { PUT, PATCH, DELETE, OPTIONS } = unsupportedMethods('GET', 'POST');
