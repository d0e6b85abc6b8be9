import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError, errorToResponse, jsonRefusal } from './errors';

describe('jsonRefusal', () => {
  it('answers with the one error body, never cached, keeping every extra header (two cookies too)', async () => {
    const response = jsonRefusal(400, 'invalid_callback_cookie', 'Try again.', [
      ['Set-Cookie', 'a=; Max-Age=0'],
      ['Set-Cookie', 'b=; Max-Age=0'],
      ['Allow', 'GET'],
    ]);
    assert.equal(response.status, 400);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
    assert.deepEqual(response.headers.getSetCookie(), ['a=; Max-Age=0', 'b=; Max-Age=0']);
    assert.equal(response.headers.get('allow'), 'GET');
    assert.deepEqual(await response.json(), { error: { code: 'invalid_callback_cookie', message: 'Try again.' } });
  });

  it('has the same body shape as the /api/v1 errors', async () => {
    const api = errorToResponse(new ApiError('not_found', 'No such key.'));
    const page = jsonRefusal(404, 'not_found', 'No such key.');
    assert.deepEqual(await page.json(), JSON.parse(String(api.body)));
  });
});
