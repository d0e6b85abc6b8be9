import 'server-only';
import { and, asc, eq } from 'drizzle-orm';
import { WRITE, type Db, type DbOrTx } from '..';
import { projects } from '../schema';
import type { RequestMeta } from '../../lib/types';
import { writeAudit } from './audit';
import type { DecideActor, InsertProjectResult, ProjectDto } from '../store';
import type { Actor } from '../../lib/policy/access';
import { decideOnCurrentActor } from './actors';

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
