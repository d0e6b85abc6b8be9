/**
 * A Fetch request's body, or null when it is larger than `limit` bytes: refused on its Content-Length before reading,
 * and, since a chunked body declares none, the read stops as soon as it passes the limit instead of buffering it all.
 * For the routes Next serves itself (the /api/v1 listener caps its bodies on the socket).
 */
export async function readBodyCapped(request: Request, limit: number): Promise<Buffer | null> {
  if (Number(request.headers.get('content-length') ?? 0) > limit) return null;
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
