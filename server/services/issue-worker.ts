// A second process's worth of requests for server/services/keys.test.ts: its own connection to the same database file,
// issuing personal or organization keys through the keys service as fast as it can. Not a test itself.
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../../db';
import { createSqliteStore } from '../../db/sqlite-store';
import { issueKey } from './keys';

const { file, accountId, userId, projectId, attempts, kind } = workerData as {
  file: string;
  accountId: string;
  userId: string;
  projectId: string;
  attempts: number;
  kind: 'personal' | 'organization';
};
const store = createSqliteStore(openDatabase(file));
const actor = { type: 'user', accountId, userId, role: 'admin', sudo: true } as const;
const meta = { actorUserId: userId, actorLabel: 'worker', ip: null, userAgent: null };

async function main() {
  const outcomes: string[] = [];
  for (let i = 0; i < attempts; i++) {
    try {
      const result = await issueKey(
        { store, actor, now: Date.now(), meta },
        'lk',
        kind === 'personal' ? { kind, userId } : { kind, projectId },
        { name: `w ${i}`, expiration: '30', permission: 'read', resources: [] },
      );
      outcomes.push(result.ok ? 'ok' : result.reason);
    } catch (error) {
      outcomes.push(`error: ${(error as Error).message}`);
    }
  }
  parentPort!.postMessage(outcomes);
}
void main();
