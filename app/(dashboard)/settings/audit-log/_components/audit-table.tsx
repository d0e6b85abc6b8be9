import { Cell, Row, Table } from '@/components/ui/table';
import { RelativeTime } from '@/components/relative-time';
import { actionLabel, actorText, describeEntry, targetLabel } from '@/lib/audit/describe';
import type { AuditRecord } from '@/lib/audit/types';
import { absoluteTime } from '@/lib/format';

const Missing = ({ label }: { label: string }) => (
  <span className="text-slate-500">
    <span aria-hidden="true">—</span>
    <span className="sr-only">{label}</span>
  </span>
);

function Target({ entry }: { entry: AuditRecord }) {
  const label = targetLabel(entry);
  if (!entry.targetKeyId) return label ? <span>{label}</span> : <Missing label="None" />;
  return (
    <span className="space-y-0.5">
      {label && <span className="block font-medium">{label}</span>}
      <span className="block font-mono text-xs">{entry.targetKeyId}</span>
    </span>
  );
}

export function AuditTable({ entries, now, filtered }: { entries: AuditRecord[]; now: number; filtered: boolean }) {
  if (entries.length === 0) {
    return (
      <section
        className="rounded-lg border border-dashed border-slate-300 bg-white p-10 text-center"
        data-testid="audit-empty"
      >
        <h2 className="font-semibold">{filtered ? 'No events match these filters' : 'No events yet'}</h2>
        <p className="mt-1 text-sm text-slate-600">
          {filtered
            ? 'Try a wider date range, or clear the filters.'
            : 'Key changes, policy changes, invitations and sign-ins will appear here.'}
        </p>
      </section>
    );
  }
  return (
    <Table
      label="Audit events"
      wideFrom="lg"
      columns={[
        { label: 'Time', width: 'w-44' },
        { label: 'Actor', width: 'w-44' },
        'Action',
        { label: 'Target', width: 'w-40' },
        { label: 'IP', width: 'w-32' },
        { label: 'User agent', width: 'w-48' },
      ]}
    >
      {entries.map((entry) => {
        const description = describeEntry(entry);
        return (
          <Row key={entry.id} data-audit-id={entry.id} data-action={entry.action}>
            <Cell label="Time">
              <time dateTime={new Date(entry.createdAt).toISOString()}>{absoluteTime(entry.createdAt)}</time>
              <span className="block text-xs text-slate-600">
                <RelativeTime at={entry.createdAt} now={now} />
              </span>
            </Cell>
            <Cell label="Actor">
              {entry.actorKeyId && !entry.actorUserId ? (
                <span className="font-mono text-xs">{actorText(entry)}</span>
              ) : (
                actorText(entry)
              )}
            </Cell>
            <Cell label="Action">
              <span className="block font-medium">{actionLabel(entry.action)}</span>
              <span className="block font-mono text-xs text-slate-600">{entry.action}</span>
              {description && <span className="mt-0.5 block text-xs text-slate-600">{description}</span>}
            </Cell>
            <Cell label="Target">
              <Target entry={entry} />
            </Cell>
            <Cell label="IP" className="font-mono text-xs">
              {entry.ip ?? <Missing label="Not recorded" />}
            </Cell>
            <Cell label="User agent" className="text-xs text-slate-600">
              {entry.userAgent ? (
                <span title={entry.userAgent}>
                  {entry.userAgent.length > 120 ? `${entry.userAgent.slice(0, 120)}…` : entry.userAgent}
                </span>
              ) : (
                <Missing label="None" />
              )}
            </Cell>
          </Row>
        );
      })}
    </Table>
  );
}
