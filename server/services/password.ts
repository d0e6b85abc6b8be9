import { hashPassword, verifyPassword } from '../../lib/auth/password';
import { emailQueue, serializeBy } from '../../lib/auth/serialize';
import { lockRemaining } from '../../lib/auth/throttle';
import type { SessionUser } from '../../lib/types';
import type { ServiceContext } from './context';

// The signed-in user's own password: checking it (for a change or a re-confirmation), changing it, and confirming a
// session ("sudo mode"). Every hash is computed here, before the store's transaction.

type PasswordContext = Pick<ServiceContext, 'store' | 'meta'> & { user: SessionUser };

export type PasswordCheck =
  | { ok: true }
  | { ok: false; reason: 'locked'; remainingMs: number }
  | { ok: false; reason: 'wrong_password' }
  /** The session ended, or the password changed, while the password was being checked. */
  | { ok: false; reason: 'stale' };

type Checked = Exclude<PasswordCheck, { ok: true }> | { ok: true; verifiedHash: string };

/**
 * Checks the signed-in user's password. A wrong password counts against the same per-email throttle as sign-in (a
 * stolen session must not become a free password oracle), and a locked email is refused before any check. Outside
 * sign-in, only this check and the unlocks (Settings > Members, `npm run user:unlock`) touch the throttle.
 */
function checkCurrentPassword({ store, user, meta }: PasswordContext, password: string): Promise<Checked> {
  // Queued with sign-ins of the same email, so parallel guesses cannot slip past the count.
  return serializeBy(emailQueue(user.email), async (): Promise<Checked> => {
    const { failures, passwordHash } = await store.passwordCheck(user.userId, user.email);
    const remaining = lockRemaining(failures, Date.now());
    if (remaining > 0) return { ok: false, reason: 'locked', remainingMs: remaining };
    if (passwordHash && (await verifyPassword(password, passwordHash))) {
      if (failures) await store.clearSignInFailures(user.email);
      // What the change then requires to be unchanged, in its own transaction.
      return { ok: true, verifiedHash: passwordHash };
    }
    const failedAt = Date.now();
    const state = await store.recordPasswordFailure(user, failedAt, meta);
    const locked = lockRemaining(state, failedAt);
    return locked > 0 ? { ok: false, reason: 'locked', remainingMs: locked } : { ok: false, reason: 'wrong_password' };
  });
}

/**
 * Changes the password. The current password is the proof (so no separate re-confirmation); every other session of
 * the user ends at once, this one stays and counts as just confirmed.
 */
export async function changePassword(
  ctx: PasswordContext,
  { currentPassword, newPassword }: { currentPassword: string; newPassword: string },
): Promise<Exclude<PasswordCheck, { ok: true }> | { ok: true; otherSessionsEnded: number }> {
  const check = await checkCurrentPassword(ctx, currentPassword);
  if (!check.ok) return check;
  // scrypt takes a while: hash before the (synchronous) transaction, never inside it.
  const passwordHash = await hashPassword(newPassword);
  const otherSessionsEnded = await ctx.store.changePassword(
    ctx.user,
    passwordHash,
    check.verifiedHash,
    Date.now(),
    ctx.meta,
  );
  if (otherSessionsEnded === null) return { ok: false, reason: 'stale' };
  return { ok: true, otherSessionsEnded };
}

/** "Sudo mode": proves the password again for this session only, opening the 10-minute window for sensitive changes. */
export async function confirmPassword(ctx: PasswordContext, password: string): Promise<PasswordCheck> {
  const check = await checkCurrentPassword(ctx, password);
  if (!check.ok) return check;
  if (!(await ctx.store.confirmSession(ctx.user, check.verifiedHash, Date.now(), ctx.meta))) {
    return { ok: false, reason: 'stale' };
  }
  return { ok: true };
}
