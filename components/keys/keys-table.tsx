import { Cell, Row, Table } from '@/components/ui/table';
import Link from 'next/link';
import { DateTime } from '@/components/date-time';
import { RelativeTime } from '@/components/relative-time';
import { Sparkline } from '@/components/sparkline';
import { dayOf } from '@/lib/usage/buffer';
import type { KeyDto } from '@/lib/types';
import type { KeyStatus } from '@/lib/keys/expiry';
import { describeGrant } from '@/lib/keys/permissions';
import type { Actor } from '@/lib/policy/access';
import { keyButtons } from '@/lib/policy/offers';
import { KeyActions, type KeyActionHandlers } from './key-actions';

const STATUS: Record<KeyStatus, { label: string; className: string }> = {
  active: { label: 'Active', className: 'bg-emerald-50 text-emerald-800 ring-emerald-200' },
  expiring: { label: 'Expiring soon', className: 'bg-amber-50 text-amber-900 ring-amber-200' },
  expired: { label: 'Expired', className: 'bg-slate-100 text-slate-700 ring-slate-300' },
  disabled: { label: 'Disabled', className: 'bg-slate-100 text-slate-700 ring-slate-300' },
  revoked: { label: 'Revoked', className: 'bg-red-50 text-red-800 ring-red-200' },
};

function Expiry({ keyDto, now }: { keyDto: KeyDto; now: number }) {
  // A revoked key's expiry no longer matters: when it was revoked does.
  if (keyDto.revokedAt !== null) {
    return (
      <span className="block" data-testid="revoked-at">
        <span className="block text-xs font-medium text-red-800">Revoked</span>
        <DateTime at={keyDto.revokedAt} now={now} />
      </span>
    );
  }
  if (keyDto.effectiveExpiresAt === null) return <span>Never</span>;
  return (
    <span className="space-y-0.5">
      <DateTime at={keyDto.effectiveExpiresAt} now={now} />
      {keyDto.shortenedByPolicy && keyDto.status !== 'revoked' && (
        <span className="block text-xs text-amber-800" data-testid="shortened-by-policy">
          Shortened by account policy
        </span>
      )}
    </span>
  );
}

const KIND_LABEL = { personal: 'Personal', service: 'Service account', organization: 'Organization' } as const;

/**
 * A table of keys. `admin` adds owner and kind columns and Disable/Enable. Each row's buttons are what the access
 * policy allows `actor` to do to that key (lib/policy/offers.ts), so the table offers exactly what the server allows.
 */
export function KeysTable({
  actions,
  actor,
  keys,
  now,
  admin = false,
  title = 'Your keys',
  empty = {
    title: 'No API keys yet',
    body: 'Generate a key above to call the API from scripts, CI or other services.',
  },
  usage,
}: {
  /** The key server actions the row buttons call. */
  actions: KeyActionHandlers;
  /** Who is looking, as the access policy sees them. */
  actor: Actor;
  keys: KeyDto[];
  now: number;
  admin?: boolean;
  title?: string;
  empty?: { title: string; body: string };
  /** The 30-day usage of these keys, read by the page through the store. */
  usage: Record<string, number[]>;
}) {
  const today = dayOf(now);
  const headingId = `keys-heading-${title.replace(/\W+/g, '-').toLowerCase()}`;
  if (keys.length === 0) {
    return (
      <section
        className="rounded-lg border border-dashed border-slate-300 bg-white p-10 text-center"
        data-testid="keys-empty"
      >
        <h2 className="font-semibold">{empty.title}</h2>
        <p className="mt-1 text-sm text-slate-600">{empty.body}</p>
      </section>
    );
  }
  return (
    <section aria-labelledby={headingId} className="space-y-3">
      <h2 id={headingId} className="text-lg font-semibold">
        {title}
      </h2>
      <Table
        // Wide enough for every column from 68rem (76rem with the owner column); below that, a list of rows.
        wideFrom={admin ? '2xl' : 'xl'}
        columns={[
          'Name',
          { label: 'Key ID', width: 'w-32' },
          ...(admin ? [{ label: 'Owner', width: 'w-36' }] : []),
          { label: 'Permissions', width: 'w-32' },
          { label: 'Created', width: 'w-28' },
          { label: 'Expires', width: 'w-32' },
          { label: 'Last used', width: 'w-44' },
          { label: 'Status', width: 'w-36' },
          { label: null, width: 'w-32' },
        ]}
      >
        {keys.map((key) => (
          <Row key={key.id} data-key-id={key.id}>
            <Cell kind="primary" className="font-medium">
              <Link
                href={admin ? `/settings/keys/${key.id}` : `/settings/security/keys/${key.id}`}
                prefetch={false}
                className="underline decoration-slate-300 underline-offset-2 hover:decoration-slate-700"
              >
                {key.name}
              </Link>
            </Cell>
            <Cell label="Key ID" className="font-mono text-xs">
              {key.id}
            </Cell>
            {admin && (
              <Cell label="Owner" data-testid="key-owner">
                <span className="block">{key.ownerLabel}</span>
                <span className="text-xs text-slate-600">{KIND_LABEL[key.kind]}</span>
              </Cell>
            )}
            <Cell label="Permissions" className="text-xs" data-testid="key-permissions">
              {describeGrant(key)}
            </Cell>
            <Cell label="Created">
              <DateTime at={key.createdAt} now={now} />
            </Cell>
            <Cell label="Expires">
              <Expiry keyDto={key} now={now} />
            </Cell>
            <Cell label="Last used">
              <span className="block" data-testid="last-used">
                {key.lastUsedAt ? (
                  <DateTime at={key.lastUsedAt} now={now} time />
                ) : (
                  <span className="text-slate-600">Never</span>
                )}
                {/* Its own line: beside the date it made the column as wide as both together. */}
                {key.lastUsedIp && <span className="block text-xs text-slate-600"> from {key.lastUsedIp}</span>}
              </span>
              <Sparkline counts={usage[key.id] ?? []} lastDay={today} />
            </Cell>
            <Cell label="Status">
              <span
                data-testid="key-status"
                className={`inline-block rounded-full px-2 py-0.5 text-xs font-medium ring-1 ${STATUS[key.status].className}`}
              >
                {STATUS[key.status].label}
              </span>
              {key.previousSecretExpiresAt !== null && key.status !== 'revoked' && (
                <span className="mt-1 block text-xs text-slate-600" data-testid="grace-note">
                  Old secret stops working <RelativeTime at={key.previousSecretExpiresAt} now={now} />
                  {'; '}
                  {key.previousSecretLastUsedAt ? (
                    <>
                      last used <RelativeTime at={key.previousSecretLastUsedAt} now={now} />
                    </>
                  ) : (
                    'not used since'
                  )}
                </span>
              )}
            </Cell>
            <Cell kind="actions">
              <KeyActions
                actions={actions}
                keyId={key.id}
                name={key.name}
                buttons={keyButtons(actor, key, admin ? 'admin' : 'own')}
                graceActive={key.previousSecretExpiresAt !== null}
              />
            </Cell>
          </Row>
        ))}
      </Table>
    </section>
  );
}
