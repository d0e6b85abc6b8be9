import type { KeyStatus } from '@/lib/keys/expiry';

// The key pages' status badge, with the words and colours of the keys table's Status column.
const STATUS: Record<KeyStatus, { label: string; className: string }> = {
  active: { label: 'Active', className: 'bg-emerald-50 text-emerald-800 ring-emerald-200' },
  expiring: { label: 'Expiring soon', className: 'bg-amber-50 text-amber-900 ring-amber-200' },
  expired: { label: 'Expired', className: 'bg-slate-100 text-slate-700 ring-slate-300' },
  disabled: { label: 'Disabled', className: 'bg-slate-100 text-slate-700 ring-slate-300' },
  revoked: { label: 'Revoked', className: 'bg-red-50 text-red-800 ring-red-200' },
};

export function KeyStatusBadge({ status }: { status: KeyStatus }) {
  return (
    <span
      data-testid="key-status"
      className={`inline-block rounded-full px-2 py-0.5 text-xs font-medium ring-1 ${STATUS[status].className}`}
    >
      {STATUS[status].label}
    </span>
  );
}
