import type { Role } from '../types';

// Who may grant which role by invitation (pure). Accepting an invitation and demoting its creator both ask this
// table, so an invitation never grants more than its creator may grant at the moment it is accepted. (Creating one is
// gated by the admin role in its action, which this table agrees with.)

export type InvitableRole = 'admin' | 'member';

const GRANTABLE_BY_INVITATION: Record<Role, readonly InvitableRole[]> = {
  owner: ['admin', 'member'],
  admin: ['admin', 'member'],
  member: [],
};

/** Whether a user whose role is `creatorRole` (null: no longer in the account) may invite someone as `role`. */
export function mayGrantByInvitation(creatorRole: Role | null | undefined, role: InvitableRole): boolean {
  // Own keys only: a role this code does not know (a forged or newer row) grants nothing.
  if (!creatorRole || !Object.hasOwn(GRANTABLE_BY_INVITATION, creatorRole)) return false;
  return GRANTABLE_BY_INVITATION[creatorRole].includes(role);
}
