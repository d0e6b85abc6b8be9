import Link from 'next/link';

const TABS = [
  { id: 'keys', href: '/settings/keys', label: 'All keys' },
  { id: 'organization', href: '/settings/keys?tab=organization', label: 'Organization keys and projects' },
] as const;

/** Settings > Keys' two parts: every key of the account, and the organization keys with their projects. */
export function KeysTabs({ current }: { current: (typeof TABS)[number]['id'] }) {
  return (
    <nav aria-label="Keys sections" className="flex gap-1 border-b border-slate-200 text-sm">
      {TABS.map((tab) => (
        <Link
          key={tab.id}
          href={tab.href}
          prefetch={false}
          aria-current={tab.id === current ? 'page' : undefined}
          className={`-mb-px border-b-2 px-3 py-2 font-medium ${
            tab.id === current
              ? 'border-slate-900 text-slate-900'
              : 'border-transparent text-slate-600 hover:text-slate-900'
          }`}
        >
          {tab.label}
        </Link>
      ))}
    </nav>
  );
}
