import Link from 'next/link';
import type { ReactNode } from 'react';
import { DateTime } from '@/components/date-time';
import { UsageChart } from '@/components/usage-chart';
import type { KeyDetail } from '@/lib/types';
import { actionLabel, actorText, describeEntry } from '@/lib/audit/describe';
import { accessByResource, API_RESOURCES, RESOURCE_INFO } from '@/lib/keys/permissions';
import { isShortenedByPolicy } from '@/lib/keys/expiry';
import type { Actor } from '@/lib/policy/access';
import { keyButtons, type KeysView } from '@/lib/policy/offers';
import { dayOf } from '@/lib/usage/buffer';
import { KeyActions, type KeyActionHandlers } from './key-actions';
import { KeyStatusBadge } from './key-status';

const KIND_LABEL = { personal: 'Personal key', service: 'Service account key', organization: 'Organization key' };
const ACCESS_LABEL = { none: 'None', read: 'Read', 'read-write': 'Read and write' } as const;

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="space-y-3 rounded-lg border border-slate-200 bg-white p-4 sm:p-6">
      <h2 id={id} className="text-lg font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

function Fact({ term, children, testId }: { term: string; children: ReactNode; testId?: string }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs font-medium text-slate-500">{term}</dt>
      <dd className="mt-0.5 text-sm break-words" data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}

/** Why the key ends when it does: its own expiry, or the account's maximum lifetime cutting it short. */
function ExpiryFact({ detail, now }: { detail: KeyDetail; now: number }) {
  const { key, cap } = detail;
  if (key.revokedAt !== null) return <span className="text-slate-600">No longer matters: the key is revoked.</span>;
  if (key.effectiveExpiresAt === null) return <span>Never</span>;
  const shortened = cap !== null && isShortenedByPolicy(key, cap);
  return (
    <>
      <DateTime at={key.effectiveExpiresAt} now={now} time />
      {shortened && (
        <span className="mt-1 block text-xs text-amber-800" data-testid="shortened-by-policy">
          Shortened by account policy: keys may live at most {cap} days.{' '}
          {key.expiresAt === null ? (
            'It was made to never expire.'
          ) : (
            <>
              It was made to expire on <DateTime at={key.expiresAt} now={now} relative={false} />.
            </>
          )}
        </span>
      )}
    </>
  );
}

/**
 * Everything about one key that its row is too small for: what it reaches, when it ends and why, its last use, its
 * usage, the grace state of a rotation, its audit events, and the same Regenerate / Revoke (and, for admins, Disable)
 * buttons and dialogs as its row, offered by the same policy.
 */
export function KeyPage({
  detail,
  actor,
  view,
  actions,
  now,
  back,
  auditLink,
}: {
  detail: KeyDetail;
  actor: Actor;
  view: KeysView;
  actions: KeyActionHandlers;
  now: number;
  back: { href: string; label: string };
  /** The audit log filtered by this key, for those who may open it. */
  auditLink: string | null;
}) {
  const { key, usage, events } = detail;
  const access = accessByResource(key);
  return (
    <article className="space-y-6" data-key-id={key.id}>
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href={back.href} prefetch={false} className="text-slate-600 underline underline-offset-2">
          {back.label}
        </Link>
      </nav>
      <header className="flex flex-col gap-4 sm:flex-row sm:items-start sm:justify-between">
        <div className="min-w-0 space-y-1">
          <h1 className="text-2xl font-semibold break-words">{key.name}</h1>
          <p className="flex flex-wrap items-center gap-2 text-sm text-slate-600">
            <code className="font-mono text-xs text-slate-800" data-testid="key-id">
              {key.id}
            </code>
            <KeyStatusBadge status={key.status} />
            <span>{KIND_LABEL[key.kind]}</span>
          </p>
        </div>
        <KeyActions
          actions={actions}
          keyId={key.id}
          name={key.name}
          buttons={keyButtons(actor, key, view)}
          graceActive={key.previousSecretExpiresAt !== null}
        />
      </header>

      {key.previousSecretExpiresAt !== null && key.status !== 'revoked' && (
        <p
          className="rounded-md border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900"
          data-testid="grace-note"
        >
          Two secrets work while the key rotates: the old one stops working on{' '}
          <DateTime at={key.previousSecretExpiresAt} now={now} time relative={false} />.{' '}
          {key.previousSecretLastUsedAt ? (
            <>
              It was last used on <DateTime at={key.previousSecretLastUsedAt} now={now} time relative={false} />.
            </>
          ) : (
            'It has not been used since the key was regenerated.'
          )}
        </p>
      )}

      <Section id="key-details" title="Details">
        <dl className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {view === 'admin' && (
            <Fact term="Owner" testId="key-owner">
              {key.ownerLabel}
            </Fact>
          )}
          <Fact term="Created">
            <DateTime at={key.createdAt} now={now} time />
          </Fact>
          <Fact term="Expires" testId="key-expiry">
            <ExpiryFact detail={detail} now={now} />
          </Fact>
          {key.revokedAt !== null && (
            <Fact term="Revoked" testId="revoked-at">
              <DateTime at={key.revokedAt} now={now} time />
            </Fact>
          )}
          {key.disabledAt !== null && key.revokedAt === null && (
            <Fact term="Disabled">
              <DateTime at={key.disabledAt} now={now} time />
            </Fact>
          )}
          <Fact term="Last used" testId="last-used">
            {key.lastUsedAt ? <DateTime at={key.lastUsedAt} now={now} time /> : 'Never'}
          </Fact>
          <Fact term="Last used from" testId="last-used-ip">
            {key.lastUsedIp ?? <span className="text-slate-500">Not recorded</span>}
          </Fact>
          <Fact term="Last user agent" testId="last-used-user-agent">
            {key.lastUsedUserAgent ?? <span className="text-slate-500">Not recorded</span>}
          </Fact>
        </dl>
      </Section>

      <Section id="key-permissions" title="Permissions">
        <table className="w-full text-left text-sm" data-testid="key-permission-table">
          <thead className="text-xs text-slate-500">
            <tr>
              <th scope="col" className="py-1 pr-3 font-medium">
                Resource
              </th>
              <th scope="col" className="py-1 font-medium">
                Access
              </th>
            </tr>
          </thead>
          <tbody>
            {API_RESOURCES.map((resource) => (
              <tr key={resource} className="border-t border-slate-100 align-top" data-resource={resource}>
                <td className="py-2 pr-3">
                  <span className="block font-medium">
                    {RESOURCE_INFO[resource].label} <code className="text-xs text-slate-500">{resource}</code>
                  </span>
                  <span className="block text-xs text-slate-600">{RESOURCE_INFO[resource].description}</span>
                </td>
                <td className={`py-2 whitespace-nowrap ${access[resource] === 'none' ? 'text-slate-500' : ''}`}>
                  {ACCESS_LABEL[access[resource]]}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {key.resources === null && (
          <p className="text-xs text-slate-600">This key reaches every resource, including any added later.</p>
        )}
      </Section>

      <Section id="key-usage" title="Usage">
        <UsageChart counts={usage} lastDay={dayOf(now)} />
      </Section>

      <Section id="key-events" title="Activity">
        {events.length === 0 ? (
          <p className="text-sm text-slate-600">No events for this key yet.</p>
        ) : (
          <ol className="divide-y divide-slate-100" data-testid="key-events">
            {events.map((event) => {
              const description = describeEntry(event);
              return (
                <li key={event.id} className="py-2 text-sm" data-action={event.action}>
                  <span className="flex flex-wrap items-baseline justify-between gap-x-3">
                    <span className="font-medium">{actionLabel(event.action)}</span>
                    <DateTime at={event.createdAt} now={now} time relative={false} />
                  </span>
                  {description && (
                    <span className="block text-xs break-words text-slate-600" data-testid="event-description">
                      {description}
                    </span>
                  )}
                  <span className="block text-xs break-words text-slate-500" data-testid="event-actor">
                    {actorText(event)}
                    {event.ip && ` · ${event.ip}`}
                    {event.userAgent && ` · ${event.userAgent.slice(0, 120)}`}
                  </span>
                </li>
              );
            })}
          </ol>
        )}
        {auditLink && (
          <p className="text-sm">
            <Link href={auditLink} prefetch={false} className="underline underline-offset-2">
              All of this key&apos;s events in the audit log
            </Link>
          </p>
        )}
      </Section>
    </article>
  );
}
