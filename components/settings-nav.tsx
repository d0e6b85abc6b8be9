'use client';

import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { useId, useRef, useState, type ReactNode } from 'react';

/**
 * The dashboard's navigation: one row of links on wide screens, a Menu button that opens them on narrow ones. The
 * current page is marked with aria-current. Pages are prefetched only when a link is pointed at or focused (they are
 * all dynamic, so a prefetch on sight fetched every link on every page view).
 */
export function SettingsNav({ links, account }: { links: { href: string; label: string }[]; account: ReactNode }) {
  const pathname = usePathname();
  const router = useRouter();
  // The menu is open on the page where it was opened: following one of its links closes it.
  const [openOn, setOpenOn] = useState<string | null>(null);
  const open = openOn === pathname;
  const panelId = useId();
  const prefetched = useRef(new Set<string>());
  const intent = (href: string) => {
    if (prefetched.current.has(href)) return;
    prefetched.current.add(href);
    router.prefetch(href);
  };
  const current = (href: string) => pathname === href || pathname.startsWith(`${href}/`);

  return (
    <>
      <Link
        href="/settings/security"
        className="font-semibold"
        prefetch={false}
        onMouseEnter={() => intent('/settings/security')}
        onFocus={() => intent('/settings/security')}
      >
        Latchkey
      </Link>
      <button
        type="button"
        className="ml-auto rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-slate-500 lg:hidden"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpenOn(open ? null : pathname)}
      >
        Menu
      </button>
      <div
        id={panelId}
        className={`${open ? 'flex' : 'hidden'} w-full flex-col gap-3 lg:flex lg:w-auto lg:flex-1 lg:flex-row lg:items-center lg:justify-between`}
      >
        <nav aria-label="Settings">
          <ul className="flex flex-col gap-1 text-sm lg:flex-row lg:gap-4">
            {links.map((link) => (
              <li key={link.href}>
                <Link
                  href={link.href}
                  prefetch={false}
                  onMouseEnter={() => intent(link.href)}
                  onFocus={() => intent(link.href)}
                  aria-current={current(link.href) ? 'page' : undefined}
                  className="block rounded px-2 py-1.5 text-slate-700 hover:bg-slate-100 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-slate-500 aria-[current=page]:bg-slate-100 aria-[current=page]:font-semibold aria-[current=page]:text-slate-900 lg:px-1 lg:py-0.5 lg:hover:bg-transparent lg:aria-[current=page]:bg-transparent lg:aria-[current=page]:underline lg:aria-[current=page]:underline-offset-8"
                >
                  {link.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="flex min-w-0 flex-wrap items-center gap-3 border-t border-slate-200 pt-3 text-sm text-slate-600 lg:border-0 lg:pt-0">
          {account}
        </div>
      </div>
    </>
  );
}
