import { canonicalAddress } from './client-address';

// How the client address reaches pages, server actions and next-auth: server/index.ts decides it once per request
// (lib/net/client-address.ts) and writes it into this internal header, after deleting whatever the client sent
// under that name. The header is believed only when that listener runs in this process and has said so: under
// `next dev` or any other server nobody strips it, so there it would be the client's own claim.
export const CLIENT_ADDRESS_HEADER = 'x-latchkey-client-address';

const LISTENER_MARK = Symbol.for('latchkey.client-address-listener');
const marks = globalThis as unknown as Record<symbol, boolean | undefined>;

/** Called by server/index.ts before it serves anything. */
export function markClientAddressListener() {
  marks[LISTENER_MARK] = true;
}

function headerValue(headers: unknown): unknown {
  if (headers instanceof Headers) return headers.get(CLIENT_ADDRESS_HEADER);
  if (headers && typeof headers === 'object') return (headers as Record<string, unknown>)[CLIENT_ADDRESS_HEADER];
  return undefined;
}

/**
 * The client address the listener decided, from a request's headers (a Headers object, or the plain object
 * next-auth hands to authorize). Null when unknown or when the listener is not the one serving.
 */
export function clientAddressFrom(headers: unknown): string | null {
  if (marks[LISTENER_MARK] !== true) return null;
  const value = headerValue(headers);
  return typeof value === 'string' ? canonicalAddress(value) : null;
}
