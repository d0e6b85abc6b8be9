// Parses an `Authorization` header into a candidate token. Pure: no I/O, no token validation beyond syntax.
// Accepted forms (docs/api.md, "Authentication"): `Bearer <token>` (scheme case-insensitive, RFC 6750) and
// `Basic base64(<token>:)` with an empty password (RFC 7617). Everything else is refused.

export const MAX_AUTHORIZATION_LENGTH = 8192;
const B64TOKEN_RE = /^[A-Za-z0-9\-._~+/]+=*$/;
const BASE64_RE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export type AuthorizationResult =
  | { kind: 'missing' }
  | { kind: 'invalid'; reason: string }
  | { kind: 'token'; scheme: 'bearer' | 'basic'; token: string };

export function parseAuthorization(header: string | null | undefined): AuthorizationResult {
  if (header === null || header === undefined || header.trim() === '') return { kind: 'missing' };
  if (header.length > MAX_AUTHORIZATION_LENGTH) return { kind: 'invalid', reason: 'header too long' };
  // auth-scheme 1*SP credentials; leading/trailing optional whitespace is already trimmed by HTTP parsers.
  const match = /^([A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]*) +([^ ]+)$/.exec(header.trim());
  if (!match) return { kind: 'invalid', reason: 'expected "<scheme> <credentials>"' };
  // Both groups are required by the pattern.
  const scheme = match[1]!.toLowerCase();
  const credentials = match[2]!;
  if (scheme === 'bearer') {
    if (!B64TOKEN_RE.test(credentials)) return { kind: 'invalid', reason: 'bearer token has invalid characters' };
    return { kind: 'token', scheme: 'bearer', token: credentials };
  }
  if (scheme === 'basic') {
    if (!BASE64_RE.test(credentials)) return { kind: 'invalid', reason: 'basic credentials are not base64' };
    const decoded = Buffer.from(credentials, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return { kind: 'invalid', reason: 'basic credentials lack ":"' };
    const username = decoded.slice(0, colon);
    const password = decoded.slice(colon + 1);
    if (password !== '') return { kind: 'invalid', reason: 'basic password must be empty' };
    if (username === '') return { kind: 'invalid', reason: 'basic username is empty' };
    return { kind: 'token', scheme: 'basic', token: username };
  }
  return { kind: 'invalid', reason: 'unsupported scheme' };
}
