import Form from 'next/form';
import Link from 'next/link';
import { Button, buttonClasses } from '@/components/ui/button';
import { SelectField, TextField } from '@/components/ui/field';
import type { AuditFilters } from '@/lib/audit/filters';

/**
 * The filters as a GET form, so every filtered view is a URL that can be bookmarked and shared. It remounts when the
 * filters change (the page gives it a key), so "Clear" empties the fields.
 */
export function FilterForm({
  filters,
  actions,
}: {
  filters: AuditFilters;
  actions: { value: string; label: string }[];
}) {
  const options = [{ value: '', label: 'All actions' }, ...actions];
  if (filters.action && !actions.some((a) => a.value === filters.action)) {
    options.push({ value: filters.action, label: filters.action });
  }
  return (
    <Form
      action="/settings/audit-log"
      aria-label="Filter the audit log"
      className="grid gap-4 rounded-lg border border-slate-200 bg-white p-6 sm:grid-cols-2 lg:grid-cols-5"
    >
      <TextField
        id="audit-actor"
        name="actor"
        label="Actor"
        defaultValue={filters.actor ?? ''}
        maxLength={254}
        hint="Email or key ID"
      />
      <SelectField
        id="audit-action"
        name="action"
        label="Action"
        options={options}
        defaultValue={filters.action ?? ''}
      />
      <TextField
        id="audit-key"
        name="keyId"
        label="Key ID"
        defaultValue={filters.keyId ?? ''}
        // A pasted whole key is cut to its first 12 characters here, so it never ends up in the URL.
        maxLength={12}
        autoComplete="off"
        spellCheck={false}
      />
      <TextField id="audit-from" name="from" label="From" type="date" defaultValue={filters.from ?? ''} />
      <TextField
        id="audit-to"
        name="to"
        label="To"
        type="date"
        defaultValue={filters.to ?? ''}
        hint="Whole days, UTC"
      />
      <div className="flex items-center gap-3 sm:col-span-2 lg:col-span-5">
        <Button type="submit">Filter</Button>
        <Link href="/settings/audit-log" className={buttonClasses('ghost')}>
          Clear
        </Link>
      </div>
    </Form>
  );
}
