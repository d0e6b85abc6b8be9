import type { ReactNode } from 'react';

/**
 * A bordered, horizontally scrollable data table. Columns are named in `columns`; a `null` entry is an unlabelled
 * column (e.g. row actions) that screen readers still hear as "Actions". Rows are the children.
 */
export function Table({
  columns,
  label,
  children,
}: {
  columns: (string | null)[];
  label?: string;
  children: ReactNode;
}) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="min-w-full divide-y divide-slate-200 text-sm" aria-label={label}>
        <thead className="bg-slate-50 text-left text-xs font-medium tracking-wide text-slate-600 uppercase">
          <tr>
            {columns.map((column, i) => (
              <th key={column ?? `column-${i}`} scope="col" className="px-4 py-2">
                {column ?? <span className="sr-only">Actions</span>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">{children}</tbody>
      </table>
    </div>
  );
}
