// The same-origin rule for state-changing requests to the app's pages (server actions). Pure: takes header
// values, returns a verdict. Used by proxy.ts (so Next never answers a cross-origin action with a 500) and by the
// action wrapper in server/actions.ts (the boundary: every action checks it, whatever the proxy did).
//
// The app's own origin is the host the request was sent to: the first X-Forwarded-Host when a proxy set one (as
// Next's own check does), else Host. A browser cannot forge either cross-origin: X-Forwarded-Host would need a CORS
// preflight, which is never granted. Browsers send Origin on every POST, so a missing Origin is refused too.

export interface OriginHeaders {
  origin: string | null;
  host: string | null;
  forwardedHost: string | null;
  secFetchSite: string | null;
}

export type OriginRefusal =
  'missing-origin' | 'opaque-origin' | 'malformed-origin' | 'cross-origin' | 'cross-site-fetch' | 'missing-host';
export type OriginVerdict = { ok: true } | { ok: false; reason: OriginRefusal };

/** Header values as Request/Headers and next/headers expose them. */
export function originHeadersOf(headers: { get(name: string): string | null }): OriginHeaders {
  return {
    origin: headers.get('origin'),
    host: headers.get('host'),
    forwardedHost: headers.get('x-forwarded-host'),
    secFetchSite: headers.get('sec-fetch-site'),
  };
}

export function checkSameOrigin({ origin, host, forwardedHost, secFetchSite }: OriginHeaders): OriginVerdict {
  const ownHost = (forwardedHost?.split(',')[0]?.trim() || host?.trim() || '').toLowerCase();
  if (!ownHost) return { ok: false, reason: 'missing-host' };
  // Fetch metadata, when the browser sends it, must agree: "same-site" is a sibling subdomain, not this app.
  if (secFetchSite !== null && secFetchSite !== 'same-origin') return { ok: false, reason: 'cross-site-fetch' };
  if (origin === null || origin === '') return { ok: false, reason: 'missing-origin' };
  // Sandboxed frames, data: URLs and some redirects send "null": never this app's own pages.
  if (origin === 'null') return { ok: false, reason: 'opaque-origin' };
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return { ok: false, reason: 'malformed-origin' };
  }
  // An Origin is exactly scheme://host[:port]: anything more (a path, credentials) is not one a browser sends.
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.origin !== origin.toLowerCase()) {
    return { ok: false, reason: 'malformed-origin' };
  }
  return url.host === ownHost ? { ok: true } : { ok: false, reason: 'cross-origin' };
}
