import {
  bodyTooBig,
  hasBody,
  MAX_BODY_BYTES,
  type ApiHandler,
  type ApiRequest,
  type ApiResponse,
  type RouteParams,
} from '@/lib/api/http';
import { errorToResponse } from '@/lib/api/errors';
import { clientAddressFrom } from '@/lib/net/request-address';
import { readBodyCapped } from '../request-body';

// Next's side of the /api/v1 door: a plain handler as a route export, reading the WHATWG Request's body stream and
// building a Response. The production listener (server/api-door.ts) adapts node:http itself and never gets here.

// Next passes `params: undefined` to a route without dynamic segments.
type NextContext = { params: Promise<Record<string, string | string[] | undefined>> | undefined };

/**
 * The handler as a Next route export, for `next dev` (the production listener never lets /api/v1 reach Next). The
 * client address is the one the listener stamped, when it runs (lib/net/request-address.ts), else unknown.
 */
export function toNextHandler(handler: ApiHandler<never>) {
  return async (request: Request, context: NextContext): Promise<Response> => {
    try {
      const url = new URL(request.url);
      const method = request.method.toUpperCase();
      // Headers joins the copies of a header already; one entry holding the joined value reads the same.
      const headers: Record<string, string[]> = {};
      request.headers.forEach((value, name) => {
        headers[name] = [value];
      });
      let body: Buffer = Buffer.alloc(0);
      if (hasBody(method)) {
        const read = await readBodyCapped(request, MAX_BODY_BYTES);
        if (!read) return toResponse(bodyTooBig());
        body = read;
      }
      const params: RouteParams = {};
      for (const [name, value] of Object.entries((await context.params) ?? {}))
        if (value !== undefined) params[name] = value;
      const plain: ApiRequest = {
        method,
        path: url.pathname,
        search: url.search,
        headers,
        body,
        clientAddress: clientAddressFrom(request.headers),
      };
      return toResponse(await handler(plain, params as never));
    } catch (error) {
      return toResponse(errorToResponse(error));
    }
  };
}

function toResponse(response: ApiResponse): Response {
  return new Response(response.body, { status: response.status, headers: response.headers });
}
