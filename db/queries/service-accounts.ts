import 'server-only';
import { asc, eq } from 'drizzle-orm';
import { WRITE, type Db, type DbOrTx } from '..';
import { serviceAccounts } from '../schema';
import { writeAudit } from './audit';
import type { RequestMeta } from '../../lib/types';
import type { NewServiceAccount } from '../store';

export function serviceAccountsOf(db: DbOrTx, accountId: string) {
  return db
    .select()
    .from(serviceAccounts)
    .where(eq(serviceAccounts.accountId, accountId))
    .orderBy(asc(serviceAccounts.name))
    .all();
}

export function insertServiceAccount(db: Db, row: NewServiceAccount, meta: RequestMeta) {
  db.transaction((tx) => {
    tx.insert(serviceAccounts).values(row).run();
    writeAudit(tx, {
      accountId: row.accountId,
      action: 'service_account.created',
      detail: { serviceAccountId: row.id, name: row.name, role: row.role },
      createdAt: row.createdAt,
      ...meta,
    });
  }, WRITE);
}
