import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readBodyCapped } from './request-body';

const post = (body: BodyInit, headers: Record<string, string> = {}) =>
  new Request('http://127.0.0.1/x', { method: 'POST', body, headers, duplex: 'half' } as RequestInit);

/** A body sent in chunks with no Content-Length, as a chunked upload arrives; counts what was pulled from it. */
function chunked(chunks: number, size: number) {
  let pulled = 0;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (pulled === chunks) return controller.close();
        pulled += 1;
        controller.enqueue(new Uint8Array(size).fill(0x61));
      },
      // Nothing is pulled ahead of a read, so `pulled` counts what the reader asked for.
    },
    { highWaterMark: 0 },
  );
  return { stream, pulled: () => pulled };
}

describe('readBodyCapped', () => {
  it('returns a body within the limit byte for byte', async () => {
    assert.equal((await readBodyCapped(post('{"a":"é"}'), 16))?.toString('utf8'), '{"a":"é"}');
    assert.equal((await readBodyCapped(post('x'.repeat(16)), 16))?.length, 16);
  });

  it('refuses on a Content-Length over the limit without reading', async () => {
    const body = chunked(4, 10);
    assert.equal(await readBodyCapped(post(body.stream, { 'content-length': '40' }), 16), null);
    assert.equal(body.pulled(), 0);
  });

  it('stops reading a chunked body as soon as it passes the limit', async () => {
    const body = chunked(1000, 1024);
    assert.equal(await readBodyCapped(post(body.stream), 8 * 1024), null);
    assert.ok(body.pulled() < 20, `pulled ${body.pulled()} chunks of 1 KiB for an 8 KiB limit`);
  });

  it('an empty request has an empty body', async () => {
    assert.equal((await readBodyCapped(new Request('http://127.0.0.1/x', { method: 'POST' }), 16))?.length, 0);
  });
});
