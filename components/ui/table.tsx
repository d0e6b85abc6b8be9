import type { HTMLAttributes, ReactNode, TdHTMLAttributes } from 'react';

/** A column: its header and, in the wide (table) layout, an optional width class (the layout is fixed). */
export type Column = string | null | { label: string | null; width?: string };

/**
 * A data table that fits any width: in a container narrower than `wideFrom` each row is drawn as a block (a list of
 * rows, every cell labelled by its column), from `wideFrom` on as a table with fixed column widths, so long content
 * wraps instead of widening the page. The table, row and cell roles are set explicitly: CSS display changes would
 * otherwise drop the table semantics, and assistive technology hears a table at every width. A `null` column (row
 * actions) is heard as "Actions".
 */
export function Table({
  columns,
  label,
  wideFrom = 'md',
  children,
}: {
  columns: Column[];
  label?: string;
  /** The container width from which rows are drawn as a table: md 48rem, lg 60rem, xl 68rem, 2xl 76rem. */
  wideFrom?: 'md' | 'lg' | 'xl' | '2xl';
  children: ReactNode;
}) {
  return (
    // `relative` keeps the visually hidden header inside this box, so it can never widen the page.
    <div className="data-table-box relative rounded-lg border border-slate-200 bg-white">
      {/* Focusable from script only: where focus goes when an action removes the row it was on. */}
      <table
        role="table"
        tabIndex={-1}
        className="data-table text-sm focus:outline-none"
        data-wide-from={wideFrom}
        aria-label={label}
      >
        <thead
          role="rowgroup"
          className="bg-slate-50 text-left text-xs font-medium tracking-wide text-slate-600 uppercase"
        >
          <tr role="row">
            {columns.map((column, i) => {
              const { label: name, width } =
                column === null || typeof column === 'string' ? { label: column, width: undefined } : column;
              return (
                <th key={name ?? `column-${i}`} role="columnheader" scope="col" className={`px-3 py-2 ${width ?? ''}`}>
                  {name ?? <span className="sr-only">Actions</span>}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody role="rowgroup">{children}</tbody>
      </table>
    </div>
  );
}

/** A row of a Table; extra attributes (data-*, a key) pass through. */
export function Row({ className = '', children, ...props }: HTMLAttributes<HTMLTableRowElement>) {
  return (
    // Focusable from script only: after an action removes the focused button, focus lands on its row.
    <tr
      role="row"
      tabIndex={-1}
      className={`align-top focus-visible:outline-2 focus-visible:outline-slate-400 ${className}`}
      {...props}
    >
      {children}
    </tr>
  );
}

/**
 * A cell. `label` names it in the narrow layout (the column headers are hidden there); `kind` "primary" (the row's
 * name) and "actions" take a whole line of their own in that layout.
 */
export function Cell({
  label,
  kind,
  className = '',
  children,
  ...props
}: TdHTMLAttributes<HTMLTableCellElement> & { label?: string; kind?: 'primary' | 'actions' }) {
  return (
    <td role="cell" data-label={label} data-cell={kind} className={`px-3 py-3 ${className}`} {...props}>
      {children}
    </td>
  );
}
