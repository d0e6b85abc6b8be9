// @ts-check

// eslint-disable-next-line @typescript-eslint/no-require-imports -- next.config.js is CommonJS
const { apiHeaders, securityHeaders } = require('./security-headers');

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // Loaded from node_modules at run time, never bundled: better-sqlite3 is on Next's own list, its Node-API
  // build under its alias (db/sqlite.ts) is not.
  serverExternalPackages: ['better-sqlite3-napi'],
  reactStrictMode: true,
  // `npm test` type-checks the whole project (tsc --noEmit) before it builds, and sets this variable for its own
  // build only, so that build does not spend half a minute checking the same files again. `npm run build` keeps
  // Next's check.
  typescript: { ignoreBuildErrors: process.env.LATCHKEY_BUILD_SKIP_TYPECHECK === '1' },
  async headers() {
    return [
      { source: '/:path*', headers: securityHeaders },
      { source: '/api/:path*', headers: apiHeaders },
      // Pages that can show a one-time secret or an invitation link are never stored by a cache.
      { source: '/settings/:path*', headers: [{ key: 'Cache-Control', value: 'no-store' }] },
      { source: '/invite/:path*', headers: [{ key: 'Cache-Control', value: 'no-store' }] },
    ];
  },
};

module.exports = nextConfig;
