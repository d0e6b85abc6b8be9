import { notFound } from 'next/navigation';
import { AdminOnly } from '@/components/admin-only';
import { KeyPage } from '@/components/keys/key-page';
import { now as currentTime } from '@/lib/clock';
import { gate, userActor } from '@/lib/policy/access';
import { requireUser } from '@/server/auth/session';
import { getStore } from '@/server/db';
import { keyDetail } from '@/server/services/keys';
import { KEY_ACTIONS } from '../../security/key-actions';

export const metadata = { title: 'Key · Latchkey' };

/** Any key of the account, for owners and admins. A key of another account, or an id that is no key, is a 404. */
export default async function AdminKeyPage({ params }: { params: Promise<{ keyId: string }> }) {
  const user = await requireUser();
  const now = currentTime();
  const actor = userActor(user, now);
  if (!gate(actor, 'account.administer').allowed) return <AdminOnly title="All keys" what="every key of the account" />;
  const { keyId } = await params;
  const detail = await keyDetail({ store: getStore(), actor, now }, keyId, 'admin');
  if (!detail) notFound();
  return (
    <KeyPage
      detail={detail}
      actor={actor}
      view="admin"
      actions={KEY_ACTIONS}
      now={now}
      back={{ href: '/settings/keys', label: 'All keys' }}
      auditLink={`/settings/audit-log?keyId=${encodeURIComponent(detail.key.id)}`}
    />
  );
}
