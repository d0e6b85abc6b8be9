import { clientAddressFrom } from '../net/request-address';

// The client's address for /api/v1 handlers. The lean listener (server/index.ts) hands it over beside the Request,
// never in a header, so no client can claim an address by sending one. Kept on globalThis because the listener and
// Next's route bundles are separate module graphs in one process. Requests that reach the same handlers through
// Next carry the listener's internal header instead (lib/net/request-address.ts).
const globalForIp = globalThis as unknown as { latchkeyClientIps?: WeakMap<Request, string> };
const ips = (globalForIp.latchkeyClientIps ??= new WeakMap<Request, string>());

/** `ip` is the address the listener decided (lib/net/client-address.ts), already in canonical form. */
export function setClientIp(request: Request, ip: string | null | undefined) {
  if (ip) ips.set(request, ip);
}

export function clientIpOf(request: Request): string | null {
  return ips.get(request) ?? clientAddressFrom(request.headers);
}
