import type { Store } from '@/db/store';
import type { Actor } from '../../lib/policy/access';
import type { RequestMeta } from '../../lib/types';

/** What every service operation is given: where the data lives, who acts (as the policy sees them), when, and what
 * the audit row records about the request. */
export interface ServiceContext {
  store: Store;
  actor: Actor;
  now: number;
  meta: RequestMeta;
}
