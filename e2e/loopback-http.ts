import { request as httpRequest } from 'node:http';
import { E2E_PORT } from './env';

// A minimal HTTP client that can choose its loopback source address (127.0.0.2, 127.0.0.3, …). The server sees that
// address as the client's, so specs that count per address (rate limits, sign-in throttling) get an address of
// their own and neither disturb nor are disturbed by the rest of the run, which comes from 127.0.0.1.

export interface LoopbackResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  header(name: string): string | undefined;
}

export interface LoopbackRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Sets Content-Type: application/json and serialises. */
  json?: unknown;
}

export class LoopbackClient {
  private readonly cookies = new Map<string, string>();

  constructor(readonly localAddress: string) {}

  fetch(path: string, init: LoopbackRequest = {}): Promise<LoopbackResponse> {
    const headers: Record<string, string> = { ...init.headers };
    let body = init.body;
    if (init.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(init.json);
    }
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port: E2E_PORT,
          path,
          method: init.method ?? 'GET',
          headers,
          localAddress: this.localAddress,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            for (const cookie of res.headers['set-cookie'] ?? []) {
              const [pair = '', ...attributes] = cookie.split(';');
              const at = pair.indexOf('=');
              const name = pair.slice(0, at).trim();
              const value = pair.slice(at + 1).trim();
              const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === '';
              if (expired) this.cookies.delete(name);
              else this.cookies.set(name, value);
            }
            const header = (name: string) => {
              const value = res.headers[name.toLowerCase()];
              return Array.isArray(value) ? value.join(', ') : value;
            };
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              text: Buffer.concat(chunks).toString('utf8'),
              header,
            });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      if (body !== undefined) req.write(body);
      req.end();
    });
  }

  /** Signs in through next-auth's credentials endpoint, as the sign-in form does; true when a session began. */
  async signIn(email: string, password: string): Promise<boolean> {
    const csrf = await this.fetch('/api/auth/csrf');
    const { csrfToken } = JSON.parse(csrf.text) as { csrfToken: string };
    const form = new URLSearchParams({ csrfToken, email, password, json: 'true', callbackUrl: '/settings/security' });
    const response = await this.fetch('/api/auth/callback/credentials', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
    const url = response.status === 200 ? ((JSON.parse(response.text) as { url?: string }).url ?? '') : '';
    return (
      response.status === 200 &&
      !url.includes('error=') &&
      [...this.cookies.keys()].some((n) => n.includes('session-token'))
    );
  }
}
