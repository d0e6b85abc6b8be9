// Protecting a plain node:http route with keys your own callers got from Latchkey. This service holds a key of its
// own with the `keys:verify` resource (LATCHKEY_TOKEN) and asks Latchkey (LATCHKEY_URL) about each key it is given:
//   LATCHKEY_URL=https://keys.example.com LATCHKEY_TOKEN=lk_... PORT=8080 node protect-node-http.mjs
//   curl -H "Authorization: Bearer $CALLER_KEY" http://127.0.0.1:8080/reports
// GET /reports needs read access to "projects", POST /reports read-write.
import { createServer } from 'node:http';
import { Latchkey, verify } from '@latchkey/client';

const latchkey = new Latchkey({ timeoutMs: 5000 });

function send(res, status, body, headers = {}) {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}

const server = createServer(async (req, res) => {
  if (req.url !== '/reports') return send(res, 404, { error: { code: 'not_found', message: 'No such route.' } });
  if (req.method !== 'GET' && req.method !== 'POST')
    return send(res, 405, { error: { code: 'method_not_allowed', message: 'GET or POST.' } }, { allow: 'GET, POST' });
  let result;
  try {
    result = await verify(latchkey, req.headers.authorization, { resource: 'projects', write: req.method === 'POST' });
  } catch {
    // Latchkey could not be asked: not the caller's fault, and not a reason to let them in.
    return send(res, 503, { error: { code: 'unavailable', message: 'Cannot check keys right now.' } });
  }
  if (!result.ok) {
    const challenge = `Bearer realm="reports"${result.code === 'missing_token' ? '' : `, error="${result.code}"`}`;
    return send(
      res,
      result.status,
      { error: { code: result.code, message: result.message } },
      {
        'www-authenticate': challenge,
      },
    );
  }
  send(res, req.method === 'POST' ? 201 : 200, { reports: [], keyId: result.key.keyId, owner: result.key.owner });
});

const port = Number(process.env.PORT ?? 8080);
server.listen(port, '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${port}`));
