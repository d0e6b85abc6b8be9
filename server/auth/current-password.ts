import 'server-only';
import { writeAudit } from '@/db/queries/audit';
import { passwordHashOf } from '@/db/queries/sessions';
import { clearSignInFailures, countPasswordFailure, signInFailuresFor } from '@/db/queries/sign-in-throttle';
import { ActionError, type UserContext } from '../actions';
import { verifyPassword } from '../../lib/auth/password';
import { emailQueue, serializeBy } from '../../lib/auth/serialize';
import { failureDetail, lockMessage, lockRemaining } from '../../lib/auth/throttle';

const WRONG_PASSWORD = 'That password is not correct.';

/**
 * Checks the signed-in user's password for a password change or a re-confirmation. A wrong password counts against
 * the same per-email throttle as sign-in (a stolen session must not become a free password oracle), and a locked
 * email is refused before any check. Throws ActionError (with `field` marked) unless the password is right.
 * Outside sign-in, only this check and the unlocks (Settings > Members, `npm run user:unlock`) touch the throttle.
 */
export function verifyCurrentPassword({ db, user, meta }: UserContext, password: string, field: string): Promise<void> {
  // Queued with sign-ins of the same email, so parallel guesses cannot slip past the count.
  return serializeBy(emailQueue(user.email), async () => {
    const failures = signInFailuresFor(db, user.email);
    const remaining = lockRemaining(failures, Date.now());
    if (remaining > 0) throw new ActionError(lockMessage(remaining));
    const hash = passwordHashOf(db, user.userId);
    if (hash && (await verifyPassword(password, hash))) {
      if (failures) clearSignInFailures(db, user.email);
      return;
    }
    const failedAt = Date.now();
    const locked = db.transaction((tx) => {
      const { state, justLocked } = countPasswordFailure(tx, user.email, failedAt);
      writeAudit(tx, {
        ...meta,
        accountId: user.accountId,
        action: 'auth.password_confirm_failed',
        detail: failureDetail(state, failedAt),
        createdAt: failedAt,
      });
      if (justLocked)
        writeAudit(tx, {
          ...meta,
          accountId: user.accountId,
          action: 'auth.sign_in_locked',
          detail: { failures: state.failures },
          createdAt: failedAt,
        });
      return lockRemaining(state, failedAt);
    });
    if (locked > 0) throw new ActionError(lockMessage(locked));
    throw new ActionError(WRONG_PASSWORD, { [field]: WRONG_PASSWORD });
  });
}
