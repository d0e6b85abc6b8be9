import { RelativeTime } from '@/components/relative-time';
import { getStore } from '@/server/db';

const NOTICE_DAYS = 30;

/**
 * Keys of this user that someone reported as leaked (POST /api/v1/leaked-keys) and that were revoked for it, in
 * the last 30 days. Where the token was found is the reporter's text: shown as text, never as a link.
 */
export async function LeakNotice({ accountId, userId, now }: { accountId: string; userId: string; now: number }) {
  const notices = await getStore().leakNoticesForUser(accountId, userId, now - NOTICE_DAYS * 24 * 3600 * 1000);
  if (notices.length === 0) return null;
  return (
    <section
      aria-labelledby="leak-notice-heading"
      data-testid="leak-notice"
      className="space-y-2 rounded-lg border border-red-200 bg-red-50 p-4 text-sm text-red-900"
    >
      <h2 id="leak-notice-heading" className="font-semibold">
        {notices.length === 1
          ? 'A key of yours was found exposed and has been revoked'
          : `${notices.length} keys of yours were found exposed and have been revoked`}
      </h2>
      <p>
        A secret scanner reported these keys as publicly visible, so they stopped working at once. Generate a new key
        for whatever used them, and remove the old secret from where it was found.
      </p>
      <ul className="space-y-1">
        {notices.map((notice) => (
          <li key={`${notice.keyId}-${notice.reportedAt}`} data-key-id={notice.keyId}>
            <span className="font-medium break-words">{notice.keyName}</span>{' '}
            <span className="font-mono text-xs">({notice.keyId})</span>, revoked{' '}
            <RelativeTime at={notice.reportedAt} now={now} />
            {notice.source && <> · source: {notice.source}</>}
            {notice.url && (
              <>
                {' '}
                · found at <span className="break-all">{notice.url}</span>
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
