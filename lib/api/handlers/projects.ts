import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { getDb } from '@/db';
import { insertProject, projectById, projectsOf } from '@/db/queries/projects';
import { readJson } from '@/lib/api/body';
import { projectJson } from '@/lib/api/json';
import { ApiError, jsonResponse } from '@/lib/api/errors';
import { unsupportedMethods, withApiKey } from '@/lib/api/guard';
import { principalMeta } from '@/lib/api/principal';
import { KeyNameSchema } from '@/lib/keys/name';
import { gate, keyActor } from '@/lib/policy/access';


/** GET /api/v1/projects: an organization key sees only its own project; other keys the account's projects. */
export const GET = withApiKey({ resource: 'projects' }, (_request, { principal }) => {
  const db = getDb();
  const { owner, accountId } = principal;
  const list = owner.type === 'project' ? [projectById(db, accountId, owner.id)].filter((p) => p !== null) : projectsOf(db, accountId);
  return jsonResponse({ projects: list.map(projectJson) });
});

/** POST /api/v1/projects {"name": "..."}: needs read-write on projects; organization keys are bound to one project. */
export const POST = withApiKey({ resource: 'projects' }, async (request, { principal }) => {
  if (!gate(keyActor(principal), 'project.create').allowed) {
    throw new ApiError('insufficient_scope', 'An organization key is bound to its project and cannot create projects.');
  }
  const { name } = await readJson(request, z.object({ name: KeyNameSchema }));
  const result = insertProject(
    getDb(),
    { id: randomUUID(), accountId: principal.accountId, name, createdAt: Date.now() },
    principalMeta(principal, request),
  );
  if (!result.ok) throw new ApiError('validation_failed', 'A project with this name already exists.');
  return jsonResponse({ project: projectJson(result.project) }, { status: 201 });
});

export const { PUT, PATCH, DELETE, OPTIONS } = unsupportedMethods('GET', 'POST');
