import { AdminOnly } from '@/components/admin-only';
import { DateTime } from '@/components/date-time';
import { DeleteWithKeys } from '@/components/delete-with-keys';
import { FlashMessage } from '@/components/flash-message';
import { CreateKeyForm } from '@/components/keys/create-key-form';
import { KeyListSearch } from '@/components/keys/key-list-search';
import { KeysTable } from '@/components/keys/keys-table';
import { KeysTabs } from '@/components/keys/keys-tabs';
import { Pagination } from '@/components/pagination';
import { RenameForm } from '@/components/rename-form';
import { SelectField } from '@/components/ui/field';
import { Table } from '@/components/ui/table';
import { now as currentTime } from '@/lib/clock';
import { customDateBounds, expirationOptions } from '@/lib/keys/expiry';
import { keyListParams, pageCount, parseKeyListQuery, KEYS_PAGE_SIZE } from '@/lib/keys/list-query';
import { gate, userActor, type Actor } from '@/lib/policy/access';
import { offers } from '@/lib/policy/offers';
import { requireUser } from '@/server/auth/session';
import { getStore } from '@/server/db';
import { visibleKeys, visibleKeysPage } from '@/server/services/keys';
import { KEY_ACTIONS } from '../security/key-actions';
import { createOrganizationKey, deleteProject, renameProject } from './actions';
import { NewProject, OrganizationKeyLimit } from './_components/project-forms';

export const metadata = { title: 'Keys · Latchkey' };

type Params = Record<string, string | string[] | undefined>;

/** Every key of the account, 50 a page, searched, filtered and sorted by the store's SQL. */
async function AllKeys({ actor, params, now }: { actor: Actor; params: Params; now: number }) {
  const query = parseKeyListQuery(params);
  const { keys, total, usage } = await visibleKeysPage({ store: getStore(), actor, now }, query);
  const pages = pageCount(total);
  const first = total === 0 ? 0 : (query.page - 1) * KEYS_PAGE_SIZE + 1;
  const last = Math.min(total, query.page * KEYS_PAGE_SIZE);
  const filtered = query.q !== '' || query.kind !== null || query.status !== null;
  return (
    <>
      <KeyListSearch
        q={query.q}
        kind={query.kind ?? ''}
        status={query.status ?? ''}
        order={`${query.sort}:${query.dir}`}
      />
      <p className="text-sm text-slate-600" aria-live="polite" data-testid="keys-count">
        {total === 0 ? 'No keys' : `Keys ${first}–${last} of ${total}`}
        {filtered ? ' matching the search' : ''}
      </p>
      <KeysTable
        actions={KEY_ACTIONS}
        actor={actor}
        admin
        keys={keys}
        now={now}
        title={`Keys (${keys.length} of ${total})`}
        usage={usage}
        empty={{
          title: 'No keys match',
          body: filtered ? 'Try another search or filter.' : 'Nobody in this account has a key yet.',
        }}
      />
      <Pagination
        page={Math.min(query.page, pages)}
        pages={pages}
        label="Pages of keys"
        href={(page) => {
          const search = keyListParams(query, { page }).toString();
          return search ? `/settings/keys?${search}` : '/settings/keys';
        }}
      />
    </>
  );
}

/** Organization keys (owned by the account, each bound to a project) and the projects: create, rename, delete. */
async function OrganizationKeys({ actor, accountId, now }: { actor: Actor; accountId: string; now: number }) {
  const store = getStore();
  const account = await store.accountById(accountId);
  const cap = account?.maxKeyLifetimeDays ?? null;
  const limit = account?.maxOrganizationKeys ?? 5;
  const orgKeys = (await visibleKeys({ store, actor, now })).filter((k) => k.kind === 'organization');
  const usage = await store.keyUsage(
    accountId,
    orgKeys.map((k) => k.id),
    now,
  );
  const projects = await store.projectsOf(accountId);
  const liveOrgKeys = orgKeys.filter((k) => k.status !== 'revoked').length;
  const liveOf = (projectName: string) =>
    orgKeys.filter((k) => k.ownerLabel === projectName && k.status !== 'revoked').length;

  return (
    <>
      <FlashMessage />
      <section aria-labelledby="org-heading" className="space-y-4 rounded-lg border border-slate-200 bg-white p-6">
        {/* Not "Organization keys": that names the list below, and two regions must not share a name. */}
        <h2 id="org-heading" className="text-lg font-semibold">
          Issue organization keys
        </h2>
        <p className="text-sm text-slate-600" data-testid="org-key-usage">
          Owned by the account rather than a person, each bound to one project. {liveOrgKeys} of {limit} in use.
        </p>
        {offers(actor, 'account.set_organization_key_limit') && <OrganizationKeyLimit limit={limit} />}
        <NewProject />
        {projects.length === 0 ? (
          <p className="text-sm text-slate-600">Create a project to issue organization keys for it.</p>
        ) : (
          <CreateKeyForm
            action={createOrganizationKey}
            title="New organization key"
            options={expirationOptions(cap)}
            customBounds={customDateBounds(now, cap)}
            now={now}
            cap={cap}
            extraFields={
              <SelectField
                id="org-project"
                name="projectId"
                label="Project"
                options={projects.map((p) => ({ value: p.id, label: p.name }))}
              />
            }
          />
        )}
      </section>
      {projects.length > 0 && (
        <section aria-labelledby="projects-heading" className="space-y-3">
          <h2 id="projects-heading" className="text-lg font-semibold">
            Projects
          </h2>
          <Table columns={['Project', 'Live keys', 'Created', null]} label="Projects">
            {projects.map((project) => (
              <tr key={project.id} data-project={project.name} className="align-top">
                <td className="px-4 py-3">
                  {offers(actor, 'project.rename') ? (
                    <RenameForm
                      action={renameProject}
                      id={project.id}
                      name={project.name}
                      label={`Name of project ${project.name}`}
                      fieldId={`project-${project.id}`}
                    />
                  ) : (
                    <span className="font-medium break-words">{project.name}</span>
                  )}
                </td>
                <td className="px-4 py-3 tabular-nums" data-testid="project-live-keys">
                  {liveOf(project.name)}
                </td>
                <td className="px-4 py-3 whitespace-nowrap">
                  <DateTime at={project.createdAt} now={now} />
                </td>
                <td className="px-4 py-3">
                  {offers(actor, 'project.delete') && (
                    <DeleteWithKeys
                      action={deleteProject}
                      id={project.id}
                      what={project.name}
                      kind="Project"
                      liveKeys={liveOf(project.name)}
                      confirm="Delete project"
                      after="/settings/keys?tab=organization"
                    />
                  )}
                </td>
              </tr>
            ))}
          </Table>
        </section>
      )}
      <KeysTable
        actions={KEY_ACTIONS}
        actor={actor}
        admin
        keys={orgKeys}
        now={now}
        usage={usage}
        title="Organization keys"
        empty={{ title: 'No organization keys yet', body: 'Generate one above for a project.' }}
      />
    </>
  );
}

export default async function KeysPage({ searchParams }: { searchParams: Promise<Params> }) {
  const user = await requireUser();
  const now = currentTime();
  const actor = userActor(user, now);
  if (!gate(actor, 'account.administer').allowed) return <AdminOnly title="All keys" what="every key of the account" />;
  const params = await searchParams;
  const tab = params.tab === 'organization' ? 'organization' : 'keys';

  return (
    <>
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold">All keys</h1>
        <p className="text-sm text-slate-600">
          Every key in the account: personal, service account and organization keys.
        </p>
      </div>
      <KeysTabs current={tab} />
      {tab === 'organization' ? (
        <OrganizationKeys actor={actor} accountId={user.accountId} now={now} />
      ) : (
        <AllKeys actor={actor} params={params} now={now} />
      )}
    </>
  );
}
