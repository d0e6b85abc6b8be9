import { AdminOnly } from '@/components/admin-only';
import { Button } from '@/components/ui/button';
import { SelectField, TextField } from '@/components/ui/field';
import type { KeyDto } from '@/lib/types';
import { getStore } from '@/server/db';
import { requireUser } from '@/server/auth/session';
import { gate, userActor } from '@/lib/policy/access';
import { offers } from '@/lib/policy/offers';
import { visibleKeys } from '@/server/services/keys';
import { now as currentTime } from '@/lib/clock';
import { customDateBounds, expirationOptions } from '@/lib/keys/expiry';
import { CreateKeyForm } from '@/components/keys/create-key-form';
import { KeysTable } from '@/components/keys/keys-table';
import { KEY_ACTIONS } from '../security/key-actions';
import { createOrganizationKey } from './actions';
import { NewProject, OrganizationKeyLimit } from './_components/project-forms';

export const metadata = { title: 'Keys · Latchkey' };

const KINDS = [
  { value: '', label: 'All kinds' },
  { value: 'personal', label: 'Personal' },
  { value: 'service', label: 'Service account' },
  { value: 'organization', label: 'Organization' },
];
const STATUSES = [
  { value: '', label: 'Any status' },
  { value: 'active', label: 'Active' },
  { value: 'expiring', label: 'Expiring soon' },
  { value: 'expired', label: 'Expired' },
  { value: 'disabled', label: 'Disabled' },
  { value: 'revoked', label: 'Revoked' },
];

type Filters = { q?: string; kind?: string; status?: string };

function matches(key: KeyDto, { q, kind, status }: Filters) {
  const needle = q?.trim().toLowerCase();
  if (needle && ![key.name, key.id, key.ownerLabel].some((v) => v.toLowerCase().includes(needle))) return false;
  if (kind && key.kind !== kind) return false;
  if (status && key.status !== status) return false;
  return true;
}

const one = (v: string | string[] | undefined) => (typeof v === 'string' ? v.slice(0, 200) : undefined);

export default async function KeysPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requireUser();
  const now = currentTime();
  const actor = userActor(user, now);
  if (!gate(actor, 'account.administer').allowed) return <AdminOnly title="All keys" what="every key of the account" />;
  const params = await searchParams;
  const filters: Filters = { q: one(params.q), kind: one(params.kind), status: one(params.status) };
  const store = getStore();
  const account = await store.accountById(user.accountId);
  const cap = account?.maxKeyLifetimeDays ?? null;
  const keys = await visibleKeys({ store, actor, now });
  const shown = keys.filter((key) => matches(key, filters));
  const usage = await store.keyUsage(
    user.accountId,
    shown.map((k) => k.id),
    now,
  );
  const projects = await store.projectsOf(user.accountId);
  const liveOrgKeys = keys.filter((k) => k.kind === 'organization' && k.status !== 'revoked').length;
  const limit = account?.maxOrganizationKeys ?? 5;

  return (
    <>
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold">All keys</h1>
        <p className="text-sm text-slate-600">
          Every key in the account: personal, service account and organization keys.
        </p>
      </div>

      <form
        method="get"
        className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-4"
        role="search"
      >
        <div className="min-w-64">
          <TextField
            id="q"
            name="q"
            type="search"
            label="Search"
            placeholder="Name, key ID or owner"
            defaultValue={filters.q ?? ''}
          />
        </div>
        <SelectField id="kind" name="kind" label="Kind" options={KINDS} defaultValue={filters.kind ?? ''} />
        <SelectField id="status" name="status" label="Status" options={STATUSES} defaultValue={filters.status ?? ''} />
        <Button type="submit" variant="secondary">
          Filter
        </Button>
      </form>

      <KeysTable
        actions={KEY_ACTIONS}
        actor={actor}
        admin
        keys={shown}
        now={now}
        title={`Keys (${shown.length} of ${keys.length})`}
        usage={usage}
        empty={{
          title: 'No keys match',
          body: keys.length ? 'Try another search or filter.' : 'Nobody in this account has a key yet.',
        }}
      />

      <section aria-labelledby="org-heading" className="space-y-4 rounded-lg border border-slate-200 bg-white p-6">
        <h2 id="org-heading" className="text-lg font-semibold">
          Organization keys
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
    </>
  );
}
