import type { Db } from '.';
import {
  accountById,
  createInvitation,
  openInvitation,
  pendingInvitations,
  renameAccount,
  revokeInvitation,
  setMaxKeyLifetime,
  setMaxOrganizationKeys,
} from './queries/accounts';
import { recordApiRefusal } from './queries/api-refusals';
import { auditActions, auditEntries, auditPage } from './queries/audit';
import {
  capOf,
  insertKey,
  keyInScope,
  keysInScope,
  keysPage,
  regenerateKey,
  revokeKey,
  setKeyDisabled,
} from './queries/keys';
import type { KeyDto } from '../lib/types';
import { leakNoticesForUser, revokeLeakedTokens } from './queries/leaked-keys';
import { changeRole, liveKeysOfMembers, membersOf, removeMember } from './queries/members';
import { deleteProject, insertProject, projectById, projectsOf, renameProject } from './queries/projects';
import {
  deleteServiceAccount,
  insertServiceAccount,
  renameServiceAccount,
  serviceAccountById,
  serviceAccountsOf,
} from './queries/service-accounts';
import {
  changePassword,
  confirmSession,
  deleteSession,
  openSession,
  passwordHashOf,
  sessionUser,
} from './queries/sessions';
import {
  addressFailuresFor,
  clearSignInFailures,
  memberSignInFailures,
  recordPasswordFailure,
  recordSignInFailure,
  signInFailuresFor,
  unlockMember,
} from './queries/sign-in-throttle';
import { flushUsage, last30Days } from './queries/usage';
import { acceptInvitation, createAccountWithOwner, userByEmail } from './queries/users';
import { verifyToken } from './queries/verify-key';
import {
  approveDeviceLogin,
  createDeviceLogin,
  denyDeviceLogin,
  pendingDeviceLogin,
  pollDeviceLogin,
} from './queries/device-logins';
import { dayOf } from '../lib/usage/buffer';
import type { Store } from './store';

// The Store on better-sqlite3. Each method runs its operation as one synchronous transaction (db/queries/*): the
// decision callback is evaluated inside it, on the rows it read and on the actor read again there (currentActor), and nothing is awaited between the check and the
// change, so no other request (in this process or another on the same file) can slip in between. The methods are
// async only to match the interface; their work is done by the time they return. better-sqlite3 cannot run an async
// function as a transaction (drizzle's `db.transaction(async …)` throws, and code after an `await` would run outside
// it), which is why every hash is computed before a method is called and every decision is a plain function.

export function createSqliteStore(db: Db): Store {
  return {
    async accountCap(accountId) {
      return capOf(db, accountId);
    },
    async keysInScope(scope, now) {
      // One read transaction, so the cap and the keys are seen at the same moment.
      return db.transaction((tx) => keysInScope(tx, scope, capOf(tx, scope.accountId), now));
    },
    async keyDetail(scope, keyId, now, eventLimit) {
      return db.transaction((tx) => {
        const cap = capOf(tx, scope.accountId);
        const key = keyInScope(tx, scope, keyId, cap, now);
        // Nothing more is read about a key outside the scope: its usage and events stay unread.
        if (!key) return null;
        const usage = last30Days(tx, scope.accountId, [key.id], dayOf(now))[key.id] ?? [];
        const events = auditEntries(tx, scope.accountId, { keyId: key.id }, { limit: eventLimit });
        return { key, cap, usage, events };
      });
    },
    async keysPage(scope, query, now) {
      // One read transaction: the cap, the page, the count and the page's usage seen at the same moment.
      return db.transaction((tx) => {
        const page = keysPage(tx, scope, capOf(tx, scope.accountId), now, query);
        const usage = last30Days(
          tx,
          scope.accountId,
          page.keys.map((k) => k.id),
          dayOf(now),
        );
        return { ...page, usage };
      });
    },
    async issueKey(actor, owner, key, decide, now, meta) {
      return insertKey(db, actor, owner, key, decide, now, meta);
    },
    async createDeviceLogin(login) {
      createDeviceLogin(db, login);
    },
    async pendingDeviceLogin(userCodeHash, now) {
      return pendingDeviceLogin(db, userCodeHash, now);
    },
    async approveDeviceLogin(actor, login, device, key, decide, now, meta) {
      return approveDeviceLogin(db, actor, login, device, key, decide, now, meta);
    },
    async denyDeviceLogin(actor, login, now) {
      return denyDeviceLogin(db, actor, login, now);
    },
    async pollDeviceLogin(deviceCodeHash, now) {
      return pollDeviceLogin(db, deviceCodeHash, now);
    },
    async revokeKey(actor, scope, keyId, decide, now, meta) {
      return revokeKey(db, actor, scope, keyId, decide, now, meta);
    },
    async setKeyDisabled(actor, scope, keyId, disabled, decide, now, meta) {
      return setKeyDisabled(db, actor, scope, keyId, disabled, decide, now, meta);
    },
    async regenerateKey(actor, scope, keyId, newHash, grace, decide, now, meta) {
      return regenerateKey(db, actor, scope, keyId, newHash, grace, decide, now, meta);
    },
    async verifyToken(token, prefix, now) {
      return verifyToken(db, token, prefix, now);
    },
    async revokeLeakedTokens(reports, prefix, decide, reporter, now) {
      return revokeLeakedTokens(db, reports, prefix, decide, reporter, now);
    },
    async recordApiRefusal(refusal, now) {
      recordApiRefusal(db, refusal, now);
    },
    async flushUsage(batch) {
      flushUsage(db, [...batch]);
    },
    async leakNoticesForUser(accountId, userId, since) {
      return leakNoticesForUser(db, accountId, userId, since);
    },
    async changeRole(actor, userId, role, decide, now, meta) {
      return changeRole(db, actor, userId, role, decide, now, meta);
    },
    async removeMember(actor, userId, plan, decide, decideKey, now, meta) {
      return removeMember(db, actor, userId, plan, decide, decideKey, now, meta);
    },
    async unlockMember(actor, userId, decide, now, meta) {
      return unlockMember(db, actor, userId, decide, now, meta);
    },
    async membersOverview(accountId, now) {
      // One read transaction, one statement per kind of row: the page's cost does not grow with the member count.
      return db.transaction((tx) => {
        const keys = liveKeysOfMembers(tx, accountId);
        return {
          members: membersOf(tx, accountId).map((member) => ({ ...member, keys: keys.get(member.id) ?? [] })),
          invitations: pendingInvitations(tx, accountId, now),
          serviceAccounts: serviceAccountsOf(tx, accountId).map(({ id, name }) => ({ id, name })),
          signInFailures: memberSignInFailures(tx, accountId),
        };
      });
    },
    async createInvitation(actor, invitation, decide, meta) {
      return createInvitation(db, actor, invitation, decide, meta);
    },
    async revokeInvitation(actor, invitationId, decide, now, meta) {
      return revokeInvitation(db, actor, invitationId, decide, now, meta);
    },
    async acceptInvitation(input) {
      return acceptInvitation(db, input);
    },
    async createServiceAccount(actor, row, decide, meta) {
      return insertServiceAccount(db, actor, row, decide, meta);
    },
    async keyUsage(accountId, keyIds, now) {
      return last30Days(db, accountId, [...keyIds], dayOf(now));
    },
    async serviceAccountsOverview(accountId, now) {
      return db.transaction((tx) => {
        const cap = capOf(tx, accountId);
        // Every service key of the account in one statement, grouped here (the account is in its WHERE clause).
        const keys = new Map<string, KeyDto[]>();
        for (const key of keysInScope(tx, { accountId, owners: [{ kinds: ['service'] }] }, cap, now)) {
          if (key.serviceAccountId === null) continue;
          const list = keys.get(key.serviceAccountId);
          if (list) list.push(key);
          else keys.set(key.serviceAccountId, [key]);
        }
        const listed = serviceAccountsOf(tx, accountId).map((sa) => ({ ...sa, keys: keys.get(sa.id) ?? [] }));
        const keyIds = listed.flatMap((sa) => sa.keys.map((key) => key.id));
        return { cap, serviceAccounts: listed, usage: last30Days(tx, accountId, keyIds, dayOf(now)) };
      });
    },
    async serviceAccountDetail(accountId, id, now) {
      return db.transaction((tx) => {
        const serviceAccount = serviceAccountById(tx, accountId, id);
        if (!serviceAccount) return null;
        const cap = capOf(tx, accountId);
        const keys = keysInScope(tx, { accountId, owners: [{ serviceAccountId: id }] }, cap, now);
        const usage = last30Days(
          tx,
          accountId,
          keys.map((k) => k.id),
          dayOf(now),
        );
        return { cap, serviceAccount, keys, usage };
      });
    },
    async renameServiceAccount(actor, id, name, decide, now, meta) {
      return renameServiceAccount(db, actor, id, name, decide, now, meta);
    },
    async deleteServiceAccount(actor, id, decide, decideKey, now, meta) {
      return deleteServiceAccount(db, actor, id, decide, decideKey, now, meta);
    },
    async renameProject(actor, projectId, name, decide, now, meta) {
      return renameProject(db, actor, projectId, name, decide, now, meta);
    },
    async deleteProject(actor, projectId, decide, decideKey, now, meta) {
      return deleteProject(db, actor, projectId, decide, decideKey, now, meta);
    },
    async projectsOf(accountId) {
      return projectsOf(db, accountId);
    },
    async projectById(accountId, projectId) {
      return projectById(db, accountId, projectId);
    },
    async createProject(actor, row, decide, meta) {
      return insertProject(db, actor, row, decide, meta);
    },
    async setMaxKeyLifetime(actor, days, decide, proceed, now, meta) {
      return setMaxKeyLifetime(db, actor, days, decide, proceed, now, meta);
    },
    async setMaxOrganizationKeys(actor, limit, decide, now, meta) {
      return setMaxOrganizationKeys(db, actor, limit, decide, now, meta);
    },
    async renameAccount(actor, name, decide, now, meta) {
      return renameAccount(db, actor, name, decide, now, meta);
    },
    async accountById(accountId) {
      return accountById(db, accountId);
    },
    async pendingInvitations(accountId, now) {
      return pendingInvitations(db, accountId, now);
    },
    async openInvitation(tokenHash, now) {
      return openInvitation(db, tokenHash, now);
    },
    async createAccountWithOwner(input) {
      return createAccountWithOwner(db, input);
    },
    async signInLookup(email, addressKey) {
      // One read transaction: the throttle state and the user as of one moment.
      return db.transaction((tx) => ({
        failures: signInFailuresFor(tx, email),
        addressFailures: addressKey ? addressFailuresFor(tx, addressKey) : null,
        user: userByEmail(tx, email),
      }));
    },
    async recordSignInFailure(failure) {
      return recordSignInFailure(db, failure);
    },
    async openSession(session) {
      return openSession(db, session);
    },
    async sessionUser(sessionId, now) {
      return sessionUser(db, sessionId, now);
    },
    async endSession(sessionId) {
      deleteSession(db, sessionId);
    },
    async passwordCheck(userId, email) {
      return db.transaction((tx) => ({
        failures: signInFailuresFor(tx, email),
        passwordHash: passwordHashOf(tx, userId),
      }));
    },
    async clearSignInFailures(email) {
      clearSignInFailures(db, email);
    },
    async recordPasswordFailure(user, at, meta) {
      return recordPasswordFailure(db, user, at, meta);
    },
    async confirmSession(session, verifiedHash, now, meta) {
      return confirmSession(db, session, verifiedHash, now, meta);
    },
    async changePassword(session, passwordHash, verifiedHash, now, meta) {
      return changePassword(db, session, passwordHash, verifiedHash, now, meta);
    },
    async auditPage(accountId, filters, cursor, pageSize) {
      return auditPage(db, accountId, filters, cursor, pageSize);
    },
    async auditEntries(accountId, filters, page) {
      return auditEntries(db, accountId, filters, page);
    },
    async auditActions(accountId) {
      return auditActions(db, accountId);
    },
  };
}
