// @ts-check
// Response headers shared by next.config.js (pages, actions, Next's route handlers) and the lean /api/v1 listener
// (server/index.ts), so both paths answer with the same protections.

/** Every response. The page CSP (with a per-request nonce) is set in proxy.ts. */
const securityHeaders = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  // Invitation links carry a token in the path: never send it to another site.
  { key: 'Referrer-Policy', value: 'no-referrer' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=()' },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
];

/** JSON only: nothing under /api is ever a document, so it may load nothing and be framed by nobody. */
const apiHeaders = [{ key: 'Content-Security-Policy', value: "default-src 'none'; frame-ancestors 'none'" }];

module.exports = { securityHeaders, apiHeaders };
