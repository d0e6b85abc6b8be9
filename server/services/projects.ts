import { randomUUID } from 'node:crypto';
import type { InsertProjectResult, ProjectDto } from '@/db/queries/projects';
import { gate, type Refusal } from '../../lib/policy/access';
import type { ServiceContext } from './context';

// Projects, the small resource organization keys are bound to. A key bound to a project reaches only that project
// and cannot create others; every other actor reaches the account's projects. Reads and the insert are scoped to the
// actor's account in the SQL.

type Reader = Pick<ServiceContext, 'store' | 'actor'>;

/** The project a project-bound key is bound to, or null for every other actor. */
function boundProject(actor: ServiceContext['actor']): string | null {
  return actor.type === 'key' && actor.owner.type === 'project' ? actor.owner.id : null;
}

/** The projects the actor reaches, by name. */
export async function visibleProjects(ctx: Reader): Promise<ProjectDto[]> {
  if (ctx.actor.type === 'token_holder') return [];
  const bound = boundProject(ctx.actor);
  if (bound === null) return ctx.store.projectsOf(ctx.actor.accountId);
  const project = await ctx.store.projectById(ctx.actor.accountId, bound);
  return project ? [project] : [];
}

/** One project the actor reaches, or null (unknown, another account's, or outside a bound key's project). */
export async function projectInReach(ctx: Reader, projectId: string): Promise<ProjectDto | null> {
  if (ctx.actor.type === 'token_holder') return null;
  const bound = boundProject(ctx.actor);
  if (bound !== null && bound !== projectId) return null;
  return ctx.store.projectById(ctx.actor.accountId, projectId);
}

export type CreateProjectOutcome = InsertProjectResult | { ok: false; reason: Refusal };

export async function createProject(ctx: ServiceContext, { name }: { name: string }): Promise<CreateProjectOutcome> {
  const decision = gate(ctx.actor, 'project.create');
  if (!decision.allowed) return { ok: false, reason: decision.reason };
  return ctx.store.createProject(
    { id: randomUUID(), accountId: ctx.actor.accountId, name, createdAt: ctx.now },
    ctx.meta,
  );
}
