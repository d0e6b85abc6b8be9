'use client';

import { usePathname, useRouter } from 'next/navigation';
import { useEffect, useRef, useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { SelectField, TextField } from '@/components/ui/field';

const KINDS = [
  { value: '', label: 'All kinds' },
  { value: 'personal', label: 'Personal' },
  { value: 'service', label: 'Service account' },
  { value: 'organization', label: 'Organization' },
];
const STATUSES = [
  { value: '', label: 'Any status' },
  { value: 'active', label: 'Active' },
  { value: 'expiring', label: 'Expiring soon' },
  { value: 'expired', label: 'Expired' },
  { value: 'disabled', label: 'Disabled' },
  { value: 'revoked', label: 'Revoked' },
];
const SORTS = [
  { value: 'created:desc', label: 'Newest first' },
  { value: 'created:asc', label: 'Oldest first' },
  { value: 'name:asc', label: 'Name, A to Z' },
  { value: 'name:desc', label: 'Name, Z to A' },
  { value: 'expires:asc', label: 'Expires soonest' },
  { value: 'last_used:desc', label: 'Used most recently' },
  { value: 'last_used:asc', label: 'Used least recently' },
];

/** The form's fields as URL parameters: Sort by carries "field:direction"; empty fields and page 1 are left out. */
function paramsOf(form: HTMLFormElement): URLSearchParams {
  const data = new FormData(form);
  const params = new URLSearchParams();
  for (const name of ['q', 'kind', 'status']) {
    const value = String(data.get(name) ?? '').trim();
    if (value) params.set(name, value);
  }
  const [sort, dir] = String(data.get('order') ?? 'created:desc').split(':');
  if (sort && sort !== 'created') params.set('sort', sort);
  if (dir && !(sort === 'created' && dir === 'desc')) params.set('dir', dir);
  return params;
}

/**
 * Search, filters and sort for Settings > Keys. Typing searches as you go (a short pause, then the URL is replaced:
 * the server reads the page of keys for it); without script the Filter button sends the same GET form.
 */
export function KeyListSearch({ q, kind, status, order }: { q: string; kind: string; status: string; order: string }) {
  const router = useRouter();
  const pathname = usePathname();
  const form = useRef<HTMLFormElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const [pending, startTransition] = useTransition();
  const [sortValue, setSortValue] = useState(order);
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);

  const apply = (delay: number) => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      if (!form.current) return;
      const query = paramsOf(form.current).toString();
      startTransition(() => router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false }));
    }, delay);
  };

  return (
    <form
      ref={form}
      method="get"
      role="search"
      aria-label="Keys"
      className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-4"
      onSubmit={(event) => {
        event.preventDefault();
        apply(0);
      }}
      aria-busy={pending}
    >
      <div className="min-w-0 flex-1 basis-56">
        <TextField
          id="q"
          name="q"
          type="search"
          label="Search"
          placeholder="Name, key ID or owner"
          defaultValue={q}
          onChange={() => apply(300)}
        />
      </div>
      <SelectField id="kind" name="kind" label="Kind" options={KINDS} defaultValue={kind} onChange={() => apply(0)} />
      <SelectField
        id="status"
        name="status"
        label="Status"
        options={STATUSES}
        defaultValue={status}
        onChange={() => apply(0)}
      />
      <SelectField
        id="order"
        name="order"
        label="Sort by"
        options={SORTS}
        value={sortValue}
        onChange={(event) => {
          setSortValue(event.target.value);
          apply(0);
        }}
      />
      <Button type="submit" variant="secondary">
        Filter
      </Button>
    </form>
  );
}
