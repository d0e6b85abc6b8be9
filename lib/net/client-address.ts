import { isIPv4, isIPv6 } from 'node:net';

// Who is the client? (pure). The socket's peer, unless that peer is a proxy the operator trusts; then the
// right-most address in X-Forwarded-For that is not itself a trusted proxy. Everything left of that is written by
// the client and proves nothing. Addresses are returned in one canonical spelling, so that a throttle keyed by
// address cannot be dodged by writing the same address another way (IPv4-mapped IPv6, leading zeros, case).

export interface Address {
  version: 4 | 6;
  bytes: number[];
}

export interface AddressRange extends Address {
  prefix: number;
}

/** Named ranges accepted in LATCHKEY_TRUSTED_PROXIES besides plain addresses and CIDRs. */
const NAMED_RANGES: Record<string, string[]> = {
  loopback: ['127.0.0.0/8', '::1/128'],
  private: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
};

/** X-Forwarded-For hops looked at, right to left; a longer chain is cut (its left part is the client's to write). */
const MAX_HOPS = 32;

function ipv4Bytes(text: string): number[] {
  return text.split('.').map(Number);
}

function ipv6Bytes(text: string): number[] {
  let value = text;
  const lastColon = value.lastIndexOf(':');
  const tail = value.slice(lastColon + 1);
  if (tail.includes('.')) {
    // isIPv6 accepted the text, so an embedded IPv4 address has its four parts.
    const [a = 0, b = 0, c = 0, d = 0] = ipv4Bytes(tail);
    value = `${value.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, rest] = value.split('::');
  const left = head ? head.split(':') : [];
  const right = rest === undefined ? [] : rest ? rest.split(':') : [];
  const groups = rest === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  return groups.flatMap((g) => {
    const n = parseInt(g, 16);
    return [n >> 8, n & 0xff];
  });
}

const MAPPED_PREFIX = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

/**
 * One address as a client, proxy or socket may write it: IPv4, IPv6 (optionally in brackets, with a zone), either
 * with a port. IPv4-mapped IPv6 becomes IPv4. Anything else is null.
 */
export function parseAddress(raw: string | null | undefined): Address | null {
  if (typeof raw !== 'string') return null;
  let text = raw.trim();
  if (text.length === 0 || text.length > 64) return null;
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(text);
  if (bracketed) text = bracketed[1]!;
  else if (/^[\d.]+:\d{1,5}$/.test(text)) text = text.slice(0, text.indexOf(':'));
  // A zone (fe80::1%eth0) names an interface on the proxy's side; it is not part of the address.
  const zone = text.indexOf('%');
  if (zone > 0 && isIPv6(text)) text = text.slice(0, zone);
  if (isIPv4(text)) return { version: 4, bytes: ipv4Bytes(text) };
  if (!isIPv6(text)) return null;
  const bytes = ipv6Bytes(text);
  if (MAPPED_PREFIX.every((b, i) => bytes[i] === b)) return { version: 4, bytes: bytes.slice(12) };
  return { version: 6, bytes };
}

/** The canonical spelling: dotted IPv4, or RFC 5952 IPv6 (lowercase, longest zero run compressed). */
export function formatAddress(address: Address): string {
  if (address.version === 4) return address.bytes.join('.');
  const groups = Array.from(
    { length: 8 },
    (_, i) => ((address.bytes[2 * i] ?? 0) << 8) | (address.bytes[2 * i + 1] ?? 0),
  );
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) [bestStart, bestLength] = [i, j - i];
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

/** `raw` in canonical spelling, or null when it is not an address. */
export function canonicalAddress(raw: string | null | undefined): string | null {
  const address = parseAddress(raw);
  return address ? formatAddress(address) : null;
}

function parseRange(raw: string): AddressRange | null {
  const [text = '', prefixText, ...extra] = raw.split('/');
  if (extra.length > 0) return null;
  const address = parseAddress(text);
  if (!address || /[[\]]/.test(text) || /^\d+\.\d+\.\d+\.\d+:/.test(text)) return null;
  const bits = address.version === 4 ? 32 : 128;
  // A mapped IPv6 range (::ffff:10.0.0.0/104) is the IPv4 range it maps.
  const mappedShift = address.version === 4 && text.includes(':') ? 96 : 0;
  if (prefixText === undefined) return { ...address, prefix: bits };
  if (!/^\d{1,3}$/.test(prefixText)) return null;
  const prefix = Number(prefixText) - mappedShift;
  if (prefix < 0 || prefix > bits) return null;
  return { ...address, prefix };
}

export type TrustedProxiesResult = { ok: true; ranges: AddressRange[] } | { ok: false; invalid: string[] };

/**
 * LATCHKEY_TRUSTED_PROXIES: comma-separated addresses and CIDR ranges (and the names `loopback`, `private`).
 * Empty means no proxy is trusted and X-Forwarded-For is ignored.
 */
export function parseTrustedProxies(value: string | undefined): TrustedProxiesResult {
  const ranges: AddressRange[] = [];
  const invalid: string[] = [];
  for (const item of (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    for (const text of NAMED_RANGES[item.toLowerCase()] ?? [item]) {
      const range = parseRange(text);
      if (range) ranges.push(range);
      else invalid.push(item);
    }
  }
  return invalid.length > 0 ? { ok: false, invalid } : { ok: true, ranges };
}

export function inRange(address: Address, range: AddressRange): boolean {
  if (address.version !== range.version) return false;
  for (let bit = 0; bit < range.prefix; bit += 8) {
    const take = Math.min(8, range.prefix - bit);
    const mask = (0xff << (8 - take)) & 0xff;
    if (((address.bytes[bit / 8] ?? 0) & mask) !== ((range.bytes[bit / 8] ?? 0) & mask)) return false;
  }
  return true;
}

const trusted = (address: Address, ranges: readonly AddressRange[]) => ranges.some((range) => inRange(address, range));

/**
 * The client's address for one request. `forwardedFor` is the X-Forwarded-For header (several headers count as one
 * list, in order). Walking right to left, each hop written by a trusted proxy is believed; the first untrusted
 * address is the client. An entry that is not an address ends the walk: no trusted proxy wrote it, so the answer is
 * the nearest hop we do know (the proxy that passed it on).
 */
export function clientAddress(
  socketAddress: string | null | undefined,
  forwardedFor: string | readonly string[] | null | undefined,
  ranges: readonly AddressRange[],
): string | null {
  const socket = parseAddress(socketAddress);
  if (!socket) return null;
  let client = socket;
  if (!trusted(client, ranges) || forwardedFor == null) return formatAddress(client);
  const hops = (typeof forwardedFor === 'string' ? [forwardedFor] : forwardedFor).join(',').split(',').slice(-MAX_HOPS);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = parseAddress(hops[i]);
    if (!hop) break;
    client = hop;
    if (!trusted(hop, ranges)) break;
  }
  return formatAddress(client);
}

/**
 * The key a per-address throttle counts under: the address itself for IPv4, the /64 network for IPv6 (one
 * subscriber usually holds a whole /64, so counting single IPv6 addresses would give them billions of fresh starts).
 */
export function throttleKey(address: string): string {
  const parsed = parseAddress(address);
  if (!parsed) return address;
  if (parsed.version === 4) return formatAddress(parsed);
  return `${formatAddress({ version: 6, bytes: [...parsed.bytes.slice(0, 8), 0, 0, 0, 0, 0, 0, 0, 0] })}/64`;
}
