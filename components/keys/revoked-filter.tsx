import Link from 'next/link';

/**
 * Shows or hides revoked keys on a list of one's keys: a link, so the choice is in the URL (a reload or a shared link
 * keeps it) and works before any script has loaded.
 */
export function RevokedFilter({ path, hidden, count }: { path: string; hidden: boolean; count: number }) {
  if (count === 0) return null;
  return (
    <p className="text-sm text-slate-600" data-testid="revoked-filter">
      {hidden ? `${count} revoked key${count === 1 ? '' : 's'} hidden. ` : null}
      <Link
        href={hidden ? path : `${path}?revoked=hide`}
        prefetch={false}
        className="font-medium text-slate-900 underline underline-offset-2"
      >
        {hidden ? 'Show revoked keys' : 'Hide revoked keys'}
      </Link>
    </p>
  );
}
