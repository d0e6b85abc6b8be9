import { unstable_rethrow } from 'next/navigation';
import { getStore } from '@/server/db';
import { AUDIT_CSV_HEADER, auditCsvFileName, auditCsvRow } from '@/lib/audit/csv';
import { parseAuditQuery } from '@/lib/audit/filters';
import { auth } from '@/server/auth/session';
import { administers } from '@/lib/policy/access';
import { now } from '@/lib/clock';

// GET /settings/audit-log/export?<the page's filters>: every matching row as CSV. The handler checks the session
// and the role itself (the dashboard layout does not wrap route handlers).

const BATCH = 500;

function plain(status: number, message: string) {
  return new Response(`${message}\n`, {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}

export async function GET(request: Request) {
  try {
    const user = await auth();
    if (!user) return plain(401, 'Sign in to export the audit log.');
    if (!administers(user)) return plain(403, 'Only owners and admins can export the audit log.');
    const query = parseAuditQuery(new URL(request.url).searchParams, { allowCursor: false });
    if (!query.ok) return plain(400, query.error);

    const store = getStore();
    const { accountId } = user;
    const { filters } = query;
    const encoder = new TextEncoder();
    let before: number | undefined;
    let headerSent = false;
    // Streamed in id order, a batch per pull, so thousands of rows never sit in memory at once. Rows written
    // meanwhile have higher ids than the first batch and are left out: the file is the log as it was at the start.
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (!headerSent) {
          headerSent = true;
          controller.enqueue(encoder.encode(AUDIT_CSV_HEADER));
          return;
        }
        const rows = await store.auditEntries(accountId, filters, { before, limit: BATCH });
        if (rows.length > 0) controller.enqueue(encoder.encode(rows.map(auditCsvRow).join('')));
        if (rows.length < BATCH) controller.close();
        else before = rows[rows.length - 1]!.id;
      },
    });
    return new Response(body, {
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${auditCsvFileName(now())}"`,
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      },
    });
  } catch (error) {
    // Next's own control-flow errors (dynamic rendering bail-outs) must pass through.
    unstable_rethrow(error);
    console.error(`[audit export] unexpected ${error instanceof Error ? error.name : typeof error}`);
    return plain(500, 'Something went wrong on our side. Try the export again.');
  }
}
