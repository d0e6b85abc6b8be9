// The client's address, when the process's own listener knows it (server/index.ts takes it from the socket). It is
// handed over beside the Request, never in a header, so no client can claim an address by sending one. Kept on
// globalThis because the listener and Next's route bundles are separate module graphs in one process.
const globalForIp = globalThis as unknown as { latchkeyClientIps?: WeakMap<Request, string> };
const ips = (globalForIp.latchkeyClientIps ??= new WeakMap<Request, string>());

export function setClientIp(request: Request, ip: string | undefined) {
  if (ip) ips.set(request, ip.startsWith('::ffff:') ? ip.slice(7) : ip);
}

export function clientIpOf(request: Request): string | null {
  return ips.get(request) ?? null;
}
