import { z } from 'zod';
import type { LeakReport } from '@/db/store';
import { getStore } from '@/server/db';
import { readJson } from '@/lib/api/body';
import { GitHubLeakReport, LeakTokenList, type LeakJson } from '@/lib/api/schemas';
import { ApiError, errorToResponse, jsonResponse } from '@/lib/api/errors';
import { unsupportedMethods } from '@/server/api/guard';
import { header, type ApiRequest, type ApiResponse } from '@/lib/api/http';
import { createRateLimiter, type RateLimiter } from '@/lib/api/rate-limit';
import { getConfig } from '@/server/config';
import { throttleKey } from '@/lib/net/client-address';
import { revokeLeakedTokens } from '@/server/services/keys';

// POST /api/v1/leaked-keys: where secret scanners (GitHub's partner program, or anyone who found a key) report
// tokens. The one /api/v1 route without withApiKey, on purpose: whoever holds a leaked token may report it, and
// reporting can only take access away. The answer is the same whatever the tokens were, and the work happens after
// it is sent, so neither the body nor the time taken tells a caller which tokens were real.

/** Requests per client address per minute; generous for a scanner's bursts, small for anyone probing. */
const REPORTS_PER_MINUTE = 30;
/** Under the listener's 64 KiB cap, so an oversized report gets this route's JSON answer; 100 GitHub entries fit. */
const MAX_BODY_BYTES = 48 * 1024;

// On globalThis: one limiter per process, whichever module graph (the lean listener's or Next's) serves the route.
const globalForLimiter = globalThis as unknown as { latchkeyLeakReportLimiter?: RateLimiter };
const limiter = (globalForLimiter.latchkeyLeakReportLimiter ??= createRateLimiter({
  limit: REPORTS_PER_MINUTE,
  windowMs: 60_000,
  maxKeys: 10_000,
}));

export const POST = async (request: ApiRequest): Promise<ApiResponse> => {
  try {
    const ip = request.clientAddress;
    // Per address, and per /64 for IPv6 (as sign-in throttling counts), so one network cannot rotate addresses.
    const allowed = limiter.hit(ip ? throttleKey(ip) : 'unknown', Date.now());
    if (!allowed.ok) {
      throw new ApiError('rate_limited', 'Too many reports from this address; try again later.', {
        'Retry-After': String(allowed.retryAfterSeconds),
      });
    }
    const raw = await readJson(request, z.unknown(), MAX_BODY_BYTES);
    const reports: LeakReport[] = Array.isArray(raw)
      ? GitHubLeakReport.parse(raw)
      : LeakTokenList.parse(raw).tokens.map((token) => ({ token }));
    const reporter = { ip, userAgent: header(request, 'user-agent')?.slice(0, 512) ?? null };
    const prefix = getConfig().tokenPrefix;
    setImmediate(() => {
      revokeLeakedTokens(getStore(), reports, prefix, reporter, Date.now()).catch((error: unknown) => {
        // Only the error's name: the reports hold tokens, and this log must never hold a secret.
        console.error(
          `[leaked-keys] could not process a report: ${error instanceof Error ? error.name : typeof error}`,
        );
      });
    });
    return jsonResponse({ received: reports.length } satisfies LeakJson, { status: 202 });
  } catch (error) {
    return errorToResponse(error);
  }
};

export const { GET, PUT, PATCH, DELETE, OPTIONS } = unsupportedMethods('POST');
