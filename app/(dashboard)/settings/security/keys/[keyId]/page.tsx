import { notFound } from 'next/navigation';
import { KeyPage } from '@/components/keys/key-page';
import { now as currentTime } from '@/lib/clock';
import { userActor } from '@/lib/policy/access';
import { requireUser } from '@/server/auth/session';
import { getStore } from '@/server/db';
import { keyDetail } from '@/server/services/keys';
import { KEY_ACTIONS } from '../../key-actions';

export const metadata = { title: 'API key · Latchkey' };

/** One of your own keys. Anyone else's key, or an id that is no key, is the same 404. */
export default async function OwnKeyPage({ params }: { params: Promise<{ keyId: string }> }) {
  const user = await requireUser();
  const { keyId } = await params;
  const now = currentTime();
  const actor = userActor(user, now);
  const detail = await keyDetail({ store: getStore(), actor, now }, keyId, 'own');
  if (!detail) notFound();
  return (
    <KeyPage
      detail={detail}
      actor={actor}
      view="own"
      actions={KEY_ACTIONS}
      now={now}
      back={{ href: '/settings/security', label: 'All your API keys' }}
      auditLink={null}
    />
  );
}
