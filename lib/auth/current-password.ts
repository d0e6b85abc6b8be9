import 'server-only';
import { writeAudit } from '@/db/queries/audit';
import { passwordHashOf } from '@/db/queries/sessions';
import { clearSignInFailures, saveSignInFailures, signInFailuresFor } from '@/db/queries/users';
import { ActionError, type UserContext } from '../actions';
import { verifyPassword } from './password';
import { serializeBy } from './serialize';
import { lockMessage, lockRemaining, recordFailure } from './throttle';

const WRONG_PASSWORD = 'That password is not correct.';

/**
 * Checks the signed-in user's password for a password change or a re-confirmation. A wrong password counts against
 * the same per-email throttle as sign-in (a stolen session must not become a free password oracle), and a locked
 * email is refused before any check. Throws ActionError (with `field` marked) unless the password is right.
 * The one place outside sign-in that touches the throttle.
 */
export function verifyCurrentPassword({ db, user, meta }: UserContext, password: string, field: string): Promise<void> {
  // Queued with sign-ins of the same email, so parallel guesses cannot slip past the count.
  return serializeBy(user.email, async () => {
    const failures = signInFailuresFor(db, user.email);
    const remaining = lockRemaining(failures, Date.now());
    if (remaining > 0) throw new ActionError(lockMessage(remaining));
    const hash = passwordHashOf(db, user.userId);
    if (hash && (await verifyPassword(password, hash))) {
      if (failures) clearSignInFailures(db, user.email);
      return;
    }
    const failedAt = Date.now();
    const next = recordFailure(failures, failedAt);
    const locked = lockRemaining(next, failedAt);
    db.transaction((tx) => {
      saveSignInFailures(tx, { email: user.email, ...next });
      writeAudit(tx, {
        ...meta,
        accountId: user.accountId,
        action: 'auth.password_confirm_failed',
        detail: { reason: 'wrong_password', ...(locked > 0 && { lockedForSeconds: Math.ceil(locked / 1000) }) },
        createdAt: failedAt,
      });
    });
    if (locked > 0) throw new ActionError(lockMessage(locked));
    throw new ActionError(WRONG_PASSWORD, { [field]: WRONG_PASSWORD });
  });
}
