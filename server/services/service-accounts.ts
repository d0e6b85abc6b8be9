import { randomUUID } from 'node:crypto';
import type { DeleteWithKeysResult, RenameResult, ServiceAccountDetail } from '@/db/store';
import { decideKey, gate, type Refusal } from '../../lib/policy/access';
import type { ServiceContext } from './context';

// Service accounts: API users for machines. Creating or deleting one is sensitive (it may hold the admin role, and
// deleting revokes its keys): the policy's gate, then one store transaction with its audit rows, which reads the actor
// again and decides there. Names identify service accounts on every page: a name another one has is refused.

export type CreateServiceAccountOutcome =
  { ok: true; id: string; name: string } | { ok: false; reason: Refusal | 'name_taken' };

export async function createServiceAccount(
  ctx: ServiceContext,
  input: { name: string; role: 'admin' | 'member'; description: string },
): Promise<CreateServiceAccountOutcome> {
  const decision = gate(ctx.actor, 'service_account.create');
  if (!decision.allowed) return { ok: false, reason: decision.reason };
  const id = randomUUID();
  const result = await ctx.store.createServiceAccount(
    ctx.actor,
    { id, accountId: ctx.actor.accountId, ...input, createdAt: ctx.now },
    (actor) => gate(actor, 'service_account.create'),
    ctx.meta,
  );
  return result.ok ? { ok: true, id, name: input.name } : result;
}

/** One service account's page, for those who may open the admin pages; null otherwise or when it is not there. */
export async function serviceAccountPage(
  ctx: Pick<ServiceContext, 'store' | 'actor' | 'now'>,
  id: string,
): Promise<ServiceAccountDetail | null> {
  if (!gate(ctx.actor, 'account.administer').allowed) return null;
  return ctx.store.serviceAccountDetail(ctx.actor.accountId, id, ctx.now);
}

export async function renameServiceAccount(
  ctx: ServiceContext,
  input: { id: string; name: string },
): Promise<RenameResult> {
  const decision = gate(ctx.actor, 'service_account.rename');
  if (!decision.allowed) return { ok: false, reason: decision.reason };
  return ctx.store.renameServiceAccount(
    ctx.actor,
    input.id,
    input.name,
    (actor) => gate(actor, 'service_account.rename'),
    ctx.now,
    ctx.meta,
  );
}

/** Revokes the service account's live keys, then deletes it. */
export async function deleteServiceAccount(ctx: ServiceContext, id: string): Promise<DeleteWithKeysResult> {
  const decision = gate(ctx.actor, 'service_account.delete');
  if (!decision.allowed) return { ok: false, reason: decision.reason };
  return ctx.store.deleteServiceAccount(
    ctx.actor,
    id,
    (actor) => gate(actor, 'service_account.delete'),
    (key, actor) => decideKey(actor, 'revoke', key),
    ctx.now,
    ctx.meta,
  );
}
