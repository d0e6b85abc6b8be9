import 'server-only';
import { asc, eq } from 'drizzle-orm';
import { WRITE, type Db, type DbOrTx } from '..';
import { serviceAccounts } from '../schema';
import { writeAudit } from './audit';
import type { RequestMeta } from '../../lib/types';
import type { DecideActor, NewServiceAccount, Refused } from '../store';
import type { Actor } from '../../lib/policy/access';
import { decideOnCurrentActor } from './actors';

export function serviceAccountsOf(db: DbOrTx, accountId: string) {
  return db
    .select()
    .from(serviceAccounts)
    .where(eq(serviceAccounts.accountId, accountId))
    .orderBy(asc(serviceAccounts.name))
    .all();
}

/** Creates a service account in the actor's account, as `decide` allows on the actor as read in the transaction. */
export function insertServiceAccount(
  db: Db,
  actor: Actor,
  row: NewServiceAccount,
  decide: DecideActor,
  meta: RequestMeta,
): { ok: true } | Refused {
  return db.transaction((tx): { ok: true } | Refused => {
    const decided = decideOnCurrentActor(tx, actor, row.createdAt, decide);
    if (!decided.ok) return decided;
    tx.insert(serviceAccounts)
      .values({ ...row, accountId: actor.accountId })
      .run();
    writeAudit(tx, {
      accountId: actor.accountId,
      action: 'service_account.created',
      detail: { serviceAccountId: row.id, name: row.name, role: row.role },
      createdAt: row.createdAt,
      ...meta,
    });
    return { ok: true } as const;
  }, WRITE);
}
