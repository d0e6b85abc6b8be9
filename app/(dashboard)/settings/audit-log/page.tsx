import Link from 'next/link';
import { AdminOnly } from '@/components/admin-only';
import { FormMessage } from '@/components/form-message';
import { buttonClasses } from '@/components/ui/button';
import { getStore } from '@/server/db';
import { actionOptions } from '@/lib/audit/describe';
import { auditSearchParams, hasFilters, parseAuditQuery } from '@/lib/audit/filters';
import { requireUser } from '@/server/auth/session';
import { administers } from '@/lib/policy/access';
import { now as currentTime } from '@/lib/clock';
import { AuditTable } from './_components/audit-table';
import { FilterForm } from './_components/filter-form';

export const metadata = { title: 'Audit log · Latchkey' };

const PAGE = '/settings/audit-log';
const PAGE_SIZE = 50;

type SearchParams = Record<string, string | string[] | undefined>;

function toSearchParams(record: SearchParams): URLSearchParams {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(record)) {
    for (const v of Array.isArray(value) ? value : [value ?? '']) params.append(name, v);
  }
  return params;
}

function Heading() {
  return (
    <div className="space-y-1">
      <h1 className="text-2xl font-semibold">Audit log</h1>
      <p className="text-sm text-slate-600">
        Who did what in this account: key changes, policy changes, invitations, sign-ins and refused API calls. Times
        are UTC.
      </p>
    </div>
  );
}

const pagerLink =
  'rounded-md border border-slate-300 bg-white px-3 py-1.5 font-medium text-slate-900 hover:bg-slate-50';
const pagerOff = 'rounded-md border border-slate-200 px-3 py-1.5 text-slate-500';

export default async function AuditLogPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  // The layout's redirect is for convenience; the page checks the session and the role itself.
  const user = await requireUser();
  if (!administers(user)) {
    return <AdminOnly title="Audit log" what="the audit log" reasonTestId="audit-log-refused" />;
  }

  const store = getStore();
  const now = currentTime();
  const query = parseAuditQuery(toSearchParams(await searchParams));
  const actions = actionOptions(await store.auditActions(user.accountId));
  const formKey = auditSearchParams(query.filters);

  if (!query.ok) {
    return (
      <>
        <Heading />
        <FilterForm key={formKey} filters={query.filters} actions={actions} />
        <FormMessage error={query.error} />
      </>
    );
  }

  const { filters, cursor } = query;
  const page = await store.auditPage(user.accountId, filters, cursor, PAGE_SIZE);
  const paged = cursor.before !== undefined || cursor.after !== undefined;

  return (
    <>
      <Heading />
      <FilterForm key={formKey} filters={filters} actions={actions} />
      <section aria-labelledby="events-heading" className="space-y-3">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h2 id="events-heading" className="text-lg font-semibold">
            Events
          </h2>
          {/* A plain link: the export is a file download from a route handler, not a page. */}
          <a href={`${PAGE}/export${auditSearchParams(filters)}`} className={buttonClasses('secondary')} download>
            Export CSV
          </a>
        </div>
        <AuditTable entries={page.entries} now={now} filtered={hasFilters(filters) || paged} />
        {(page.newer !== null || page.older !== null || paged) && (
          <nav aria-label="Pages" className="flex items-center justify-between text-sm">
            {page.newer !== null ? (
              <Link href={`${PAGE}${auditSearchParams(filters, { after: page.newer })}`} className={pagerLink}>
                Newer
              </Link>
            ) : paged && page.entries.length === 0 ? (
              <Link href={`${PAGE}${auditSearchParams(filters)}`} className={pagerLink}>
                Newest
              </Link>
            ) : (
              <span className={pagerOff} aria-hidden="true">
                Newer
              </span>
            )}
            {page.older !== null ? (
              <Link href={`${PAGE}${auditSearchParams(filters, { before: page.older })}`} className={pagerLink}>
                Older
              </Link>
            ) : (
              <span className={pagerOff} aria-hidden="true">
                Older
              </span>
            )}
          </nav>
        )}
      </section>
    </>
  );
}
