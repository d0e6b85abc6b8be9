import { randomUUID } from 'node:crypto';
import { gate, type Refusal } from '../../lib/policy/access';
import type { ServiceContext } from './context';

// Service accounts: API users for machines. Creating one is sensitive (it may hold the admin role): the policy's gate,
// then one store transaction with its audit row.

export type CreateServiceAccountOutcome = { ok: true; id: string; name: string } | { ok: false; reason: Refusal };

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
