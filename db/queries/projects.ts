import 'server-only';
import { and, asc, eq } from 'drizzle-orm';
import { WRITE, type Db, type DbOrTx } from '..';
import { projects } from '../schema';
import type { RequestMeta } from '../../lib/types';
import { writeAudit } from './audit';
import type {
  Decide,
  DecideActor,
  DeleteWithKeysResult,
  InsertProjectResult,
  ProjectDto,
  RenameResult,
} from '../store';
import type { Actor } from '../../lib/policy/access';
import { decideOnCurrentActor } from './actors';
import { revokeOwnedKeys } from './keys';

const columns = { id: projects.id, name: projects.name, createdAt: projects.createdAt };

export function projectsOf(db: DbOrTx, accountId: string): ProjectDto[] {
  return db.select(columns).from(projects).where(eq(projects.accountId, accountId)).orderBy(asc(projects.name)).all();
}

export function projectById(db: DbOrTx, accountId: string, id: string): ProjectDto | null {
  return (
    db
      .select(columns)
      .from(projects)
      .where(and(eq(projects.id, id), eq(projects.accountId, accountId)))
      .get() ?? null
  );
}

/** Creates a project in the actor's account, as `decide` allows on the actor as read in the transaction. */
export function insertProject(
  db: Db,
  actor: Actor,
  row: { id: string; accountId: string; name: string; createdAt: number },
  decide: DecideActor,
  meta: RequestMeta,
): InsertProjectResult {
  try {
    // The name's uniqueness is the index's to enforce: a duplicate throws, and the transaction leaves nothing behind.
    return db.transaction((tx): InsertProjectResult => {
      const decided = decideOnCurrentActor(tx, actor, row.createdAt, decide);
      if (!decided.ok) return decided;
      tx.insert(projects)
        .values({ ...row, accountId: actor.accountId })
        .run();
      writeAudit(tx, {
        accountId: actor.accountId,
        action: 'project.created',
        detail: { projectId: row.id, name: row.name },
        createdAt: row.createdAt,
        ...meta,
      });
      return { ok: true, project: { id: row.id, name: row.name, createdAt: row.createdAt } };
    }, WRITE);
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') return { ok: false, reason: 'name_taken' };
    throw error;
  }
}

const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE';

/** Renames a project of the actor's account; the unique index refuses a name another project has. */
export function renameProject(
  db: Db,
  actor: Actor,
  projectId: string,
  name: string,
  decide: DecideActor,
  now: number,
  meta: RequestMeta,
): RenameResult {
  try {
    return db.transaction((tx): RenameResult => {
      const decided = decideOnCurrentActor(tx, actor, now, decide);
      if (!decided.ok) return decided;
      const current = projectById(tx, actor.accountId, projectId);
      if (!current) return { ok: false, reason: 'not_found' };
      if (current.name === name) return { ok: true };
      tx.update(projects)
        .set({ name })
        .where(and(eq(projects.id, projectId), eq(projects.accountId, actor.accountId)))
        .run();
      writeAudit(tx, {
        accountId: actor.accountId,
        action: 'project.renamed',
        detail: { projectId, name, from: current.name, to: name },
        createdAt: now,
        ...meta,
      });
      return { ok: true };
    }, WRITE);
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, reason: 'name_taken' };
    throw error;
  }
}

/**
 * Deletes a project of the actor's account: its live organization keys are revoked first (each decided by
 * `decideKey` on the row, each with its audit row), then the project and, by the foreign key, its keys' rows go.
 */
export function deleteProject(
  db: Db,
  actor: Actor,
  projectId: string,
  decide: DecideActor,
  decideKey: Decide,
  now: number,
  meta: RequestMeta,
): DeleteWithKeysResult {
  return db.transaction((tx): DeleteWithKeysResult => {
    const decided = decideOnCurrentActor(tx, actor, now, decide);
    if (!decided.ok) return decided;
    const project = projectById(tx, actor.accountId, projectId);
    if (!project) return { ok: false, reason: 'not_found' };
    const revoked = revokeOwnedKeys(
      tx,
      decided.actor,
      { projectId },
      decideKey,
      { projectDeleted: project.name },
      now,
      meta,
    );
    if (!revoked.ok) return revoked;
    tx.delete(projects)
      .where(and(eq(projects.id, projectId), eq(projects.accountId, actor.accountId)))
      .run();
    writeAudit(tx, {
      accountId: actor.accountId,
      action: 'project.deleted',
      detail: { projectId, name: project.name, revoked: revoked.revoked },
      createdAt: now,
      ...meta,
    });
    return { ok: true, revoked: revoked.revoked };
  }, WRITE);
}
