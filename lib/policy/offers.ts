import type { KeyStatus } from '../keys/expiry';
import type { Role } from '../types';
import {
  decideKey,
  decideMember,
  gate,
  type Actor,
  type GatedOperation,
  type KeyOperation,
  type KeyTarget,
  type MemberOperation,
} from './access';

// What the pages offer, computed by asking the access policy (pure). A button is shown exactly when the policy would
// allow its change on that target, sudo mode aside (the page asks for the password when the server says so), so a
// page can neither offer what the server refuses nor hide what it allows.

/** Sudo mode aside: what the actor could do once the password is confirmed (the page asks for it on use). */
const confirmed = (actor: Actor): Actor => (actor.type === 'user' ? { ...actor, sudo: true } : actor);

/** Whether a page offers a form for `op` (the cap, the organization key limit, invitations): the gate, sudo aside. */
export function offers(actor: Actor, op: GatedOperation): boolean {
  return gate(confirmed(actor), op).allowed;
}

export type KeyButton = 'regenerate' | 'revoke' | 'disable' | 'enable';

/** Which table the keys are shown in: a person's own keys (Settings > Security), or an owner's or admin's table. */
export type KeysView = 'own' | 'admin';

/** The operations each view has buttons for: Disable and Enable live on the admin tables only. */
const VIEW_BUTTONS: Record<KeysView, readonly KeyButton[]> = {
  own: ['regenerate', 'revoke'],
  admin: ['disable', 'enable', 'regenerate', 'revoke'],
};

/** Which buttons a key's state leaves meaningful: nothing for a revoked key, Regenerate only while the key works. */
export function buttonsForStatus(status: KeyStatus): readonly KeyButton[] {
  switch (status) {
    case 'revoked':
      return [];
    case 'disabled':
      return ['enable', 'revoke'];
    case 'expired':
      return ['disable', 'revoke'];
    case 'active':
    case 'expiring':
      return ['disable', 'regenerate', 'revoke'];
  }
}

const OPERATION: Record<KeyButton, KeyOperation> = {
  regenerate: 'regenerate',
  revoke: 'revoke',
  disable: 'disable',
  enable: 'enable',
};

/** The buttons of one key's row, in display order. */
export function keyButtons(actor: Actor, key: KeyTarget & { status: KeyStatus }, view: KeysView): KeyButton[] {
  const meaningful = buttonsForStatus(key.status);
  return VIEW_BUTTONS[view].filter(
    (button) => meaningful.includes(button) && decideKey(confirmed(actor), OPERATION[button], key).allowed,
  );
}

export interface MemberButtons {
  /** The role select: offered when some other role may be given. */
  changeRole: boolean;
  remove: boolean;
  /** Shown only while the member's sign-in is locked. */
  unlock: boolean;
}

export function memberButtons(actor: Actor, target: { accountId: string; userId: string; role: Role }): MemberButtons {
  const may = (op: MemberOperation, to?: Role) => decideMember(confirmed(actor), op, target, to).allowed;
  const others = (['owner', 'admin', 'member'] as const).filter((role) => role !== target.role);
  return { changeRole: others.some((role) => may('change_role', role)), remove: may('remove'), unlock: may('unlock') };
}
