import { isStricterCap, previewCap, type CapPreview } from '../../lib/keys/expiry';
import { gate, type Refusal } from '../../lib/policy/access';
import type { ServiceContext } from './context';

// Account-wide settings: the account's name, the maximum key lifetime and the organization key limit.

export type SetKeyLifetimeOutcome =
  | { ok: true; saved: true; cap: number | null }
  /** A stricter cap shortens existing keys: nothing was saved; this is what saving it would do. */
  | { ok: true; saved: false; cap: number | null; preview: CapPreview }
  | { ok: false; reason: Refusal };

/**
 * Sets the account's maximum key lifetime. A stricter cap than the current one is saved only when `confirmed`;
 * otherwise the result is the preview. Whether it is stricter is decided on the cap read in the saving transaction.
 */
export async function setMaxKeyLifetime(
  ctx: ServiceContext,
  { cap, confirmed }: { cap: number | null; confirmed: boolean },
): Promise<SetKeyLifetimeOutcome> {
  const decision = gate(ctx.actor, 'account.set_key_lifetime');
  if (!decision.allowed) return { ok: false, reason: decision.reason };
  const result = await ctx.store.setMaxKeyLifetime(
    ctx.actor,
    cap,
    (actor) => gate(actor, 'account.set_key_lifetime'),
    (current) => confirmed || !isStricterCap(current, cap),
    ctx.now,
    ctx.meta,
  );
  if (!result.ok) return result;
  if (result.saved) return { ok: true, saved: true, cap };
  return { ok: true, saved: false, cap, preview: previewCap(result.liveKeys, result.current, cap, ctx.now) };
}

export async function setMaxOrganizationKeys(
  ctx: ServiceContext,
  limit: number,
): Promise<{ ok: true; limit: number } | { ok: false; reason: Refusal }> {
  const decision = gate(ctx.actor, 'account.set_organization_key_limit');
  if (!decision.allowed) return { ok: false, reason: decision.reason };
  const result = await ctx.store.setMaxOrganizationKeys(
    ctx.actor,
    limit,
    (actor) => gate(actor, 'account.set_organization_key_limit'),
    ctx.now,
    ctx.meta,
  );
  return result.ok ? { ok: true, limit } : result;
}

/** Renames the account (owners, in sudo mode). `changed` is false when it already had this name. */
export async function renameAccount(
  ctx: ServiceContext,
  name: string,
): Promise<{ ok: true; changed: boolean; name: string } | { ok: false; reason: Refusal }> {
  const decision = gate(ctx.actor, 'account.rename');
  if (!decision.allowed) return { ok: false, reason: decision.reason };
  const result = await ctx.store.renameAccount(
    ctx.actor,
    name,
    (actor) => gate(actor, 'account.rename'),
    ctx.now,
    ctx.meta,
  );
  return result.ok ? { ok: true, changed: result.changed, name } : result;
}
