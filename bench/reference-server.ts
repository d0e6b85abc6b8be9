import { createServer } from 'node:http';
import { openDatabase } from '../db';
import { parseAuthorization } from '../lib/api/authorization';
import { verifyToken } from '../db/queries/verify-key';

// The benchmark's reference: bare node:http calling the project's own verification module on the same database,
// with none of the app around it. It answers what /api/v1/me answers, in the simplest possible way.
const db = openDatabase(process.env.BENCH_DB!);
const port = Number(process.env.PORT);

createServer((req, res) => {
  const header = parseAuthorization(req.headers.authorization);
  const result = header.kind === 'token' ? verifyToken(db, header.token, 'lk', Date.now()) : null;
  const body = result?.ok
    ? JSON.stringify({
        key: { id: result.principal.keyId, name: result.principal.keyName },
        owner: result.principal.owner,
      })
    : JSON.stringify({ error: { code: 'invalid_token', message: 'The API key is invalid, expired or revoked.' } });
  res.writeHead(result?.ok ? 200 : 401, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(body);
}).listen(port, '127.0.0.1', () => console.log(`[reference] listening on ${port}`));
