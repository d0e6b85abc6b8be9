import type { z } from 'zod';
import { ApiError } from './errors';
import { bodyText, header, type ApiRequest } from './http';

export const MAX_JSON_BYTES = 16 * 1024;

/**
 * Reads a JSON body and validates it: a wrong content type, an oversized or malformed body is a 400, a body of the
 * wrong shape a 422 (through the error mapper). Never a 500 for bad input.
 */
export async function readJson<S extends z.ZodType>(
  request: ApiRequest,
  schema: S,
  maxBytes = MAX_JSON_BYTES,
): Promise<z.output<S>> {
  const type = header(request, 'content-type') ?? '';
  if (!/^application\/json\b/i.test(type))
    throw new ApiError('invalid_body', 'Send a JSON body with Content-Type: application/json.');
  const declared = Number(header(request, 'content-length') ?? 0);
  if (declared > maxBytes) throw new ApiError('invalid_body', `The body may be at most ${maxBytes} bytes.`);
  const text = bodyText(request);
  if (Buffer.byteLength(text) > maxBytes)
    throw new ApiError('invalid_body', `The body may be at most ${maxBytes} bytes.`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ApiError('invalid_body', 'The body is not valid JSON.');
  }
  return schema.parse(value);
}
