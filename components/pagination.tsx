import Link from 'next/link';

/** "Page 2 of 3" with Previous and Next links; an unavailable direction is plain text, not a dead link. */
export function Pagination({
  page,
  pages,
  href,
  label = 'Pages',
}: {
  page: number;
  pages: number;
  href: (page: number) => string;
  label?: string;
}) {
  if (pages <= 1) return null;
  const link = 'rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-50';
  const off = 'rounded-md border border-slate-200 px-3 py-1.5 text-sm text-slate-600';
  return (
    <nav aria-label={label} className="flex items-center justify-between gap-3" data-testid="pagination">
      {page > 1 ? (
        <Link href={href(page - 1)} prefetch={false} className={link} rel="prev">
          Previous page
        </Link>
      ) : (
        <span className={off} aria-hidden="true">
          Previous page
        </span>
      )}
      <span className="text-sm text-slate-700" aria-current="page">
        Page {page} of {pages}
      </span>
      {page < pages ? (
        <Link href={href(page + 1)} prefetch={false} className={link} rel="next">
          Next page
        </Link>
      ) : (
        <span className={off} aria-hidden="true">
          Next page
        </span>
      )}
    </nav>
  );
}
