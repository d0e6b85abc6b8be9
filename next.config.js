// @ts-check

// eslint-disable-next-line @typescript-eslint/no-require-imports -- next.config.js is CommonJS
const { apiHeaders, securityHeaders } = require('./security-headers');

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
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
