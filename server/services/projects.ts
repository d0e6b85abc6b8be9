import { randomUUID } from 'node:crypto';
import type { DeleteWithKeysResult, InsertProjectResult, ProjectDto, RenameResult } from '@/db/store';
import { decideKey, gate, projectReach, type Refusal } from '../../lib/policy/access';
import type { ServiceContext } from './context';

// Projects, the small resource organization keys are bound to. Which projects an actor reaches, and who may create
// one, is the access policy's (projectReach, gate); reads and the insert are scoped to the actor's account in the SQL.

type Reader = Pick<ServiceContext, 'store' | 'actor'>;

/** The projects the actor reaches, by name. */
export async function visibleProjects(ctx: Reader): Promise<ProjectDto[]> {
  const reach = projectReach(ctx.actor);
  if (!reach) return [];
  if (reach.only === null) return ctx.store.projectsOf(reach.accountId);
  const project = await ctx.store.projectById(reach.accountId, reach.only);
  return project ? [project] : [];
}

/** One project the actor reaches, or null (unknown, another account's, or outside a bound key's project). */
export async function projectInReach(ctx: Reader, projectId: string): Promise<ProjectDto | null> {
  const reach = projectReach(ctx.actor);
  if (!reach || (reach.only !== null && reach.only !== projectId)) return null;
  return ctx.store.projectById(reach.accountId, projectId);
}

export type CreateProjectOutcome = InsertProjectResult | { ok: false; reason: Refusal };

export async function createProject(ctx: ServiceContext, { name }: { name: string }): Promise<CreateProjectOutcome> {
  const decision = gate(ctx.actor, 'project.create');
  if (!decision.allowed) return { ok: false, reason: decision.reason };
  return ctx.store.createProject(
    ctx.actor,
    { id: randomUUID(), accountId: ctx.actor.accountId, name, createdAt: ctx.now },
    (actor) => gate(actor, 'project.create'),
    ctx.meta,
  );
}

/** Renames a project of the actor's account; a name another project has is refused ('name_taken'). */
export async function renameProject(ctx: ServiceContext, input: { id: string; name: string }): Promise<RenameResult> {
  const decision = gate(ctx.actor, 'project.rename');
  if (!decision.allowed) return { ok: false, reason: decision.reason };
  return ctx.store.renameProject(
    ctx.actor,
    input.id,
    input.name,
    (actor) => gate(actor, 'project.rename'),
    ctx.now,
    ctx.meta,
  );
}

/** Revokes the project's live organization keys, then deletes it. */
export async function deleteProject(ctx: ServiceContext, id: string): Promise<DeleteWithKeysResult> {
  const decision = gate(ctx.actor, 'project.delete');
  if (!decision.allowed) return { ok: false, reason: decision.reason };
  return ctx.store.deleteProject(
    ctx.actor,
    id,
    (actor) => gate(actor, 'project.delete'),
    (key, actor) => decideKey(actor, 'revoke', key),
    ctx.now,
    ctx.meta,
  );
}
