import { spawn } from 'node:child_process';
import { hostname, platform, arch } from 'node:os';
import { Command, CommanderError } from 'commander';
import { EnvHttpProxyAgent, fetch as undiciFetch } from 'undici';
import { Latchkey, LatchkeyError, type Key, type Me } from '@latchkey/client';
import { configLocation, normalizeUrl, readConfig, writeConfig, type Config, type ConfigLocation } from './config.js';
import { CliError } from './errors.js';
import { loginKeyPair, openSealed } from './seal.js';

declare const CLI_VERSION: string;
const VERSION = typeof CLI_VERSION === 'string' ? CLI_VERSION : '0.0.0-dev';

// `latchkey`: logs in to a Latchkey installation and uses the key from the terminal. Every failure is one line on
// stderr and a non-zero exit: 1 for an error, 2 for wrong usage or for input that cannot come (no terminal).

interface GlobalOptions {
  url?: string;
  token?: string;
  config?: string;
}

const warn = (line: string) => process.stderr.write(`latchkey: ${line}\n`);
const out = (line = '') => process.stdout.write(`${line}\n`);

// HTTPS_PROXY, HTTP_PROXY and NO_PROXY (either case) are honoured: Node's own fetch ignores them (before Node 24's
// NODE_USE_ENV_PROXY), undici's EnvHttpProxyAgent reads them. Without them it connects directly.
let agent: EnvHttpProxyAgent | undefined;
const proxiedFetch = ((input: string | URL, init?: RequestInit) => {
  agent ??= new EnvHttpProxyAgent();
  return undiciFetch(input, { ...(init as object), dispatcher: agent });
}) as unknown as typeof fetch;

interface Context {
  options: GlobalOptions;
  location: ConfigLocation;
  config: () => Config;
}

function context(options: GlobalOptions): Context {
  const location = configLocation(options.config);
  let loaded: Config | undefined;
  return { options, location, config: () => (loaded ??= readConfig(location, warn)) };
}

type Source = 'flag' | 'env' | 'config';

/** --url > LATCHKEY_URL > the config file's current server. */
function resolveUrl(ctx: Context): { url: string; source: Source } | null {
  if (ctx.options.url) return { url: normalizeUrl(ctx.options.url), source: 'flag' };
  if (process.env.LATCHKEY_URL) return { url: normalizeUrl(process.env.LATCHKEY_URL), source: 'env' };
  const current = ctx.config().current;
  return current ? { url: current, source: 'config' } : null;
}

function requireUrl(ctx: Context) {
  const resolved = resolveUrl(ctx);
  if (!resolved) throw new CliError('No server: pass --url https://… or set LATCHKEY_URL.', 2);
  return resolved.url;
}

/** --token > LATCHKEY_TOKEN > the config file's entry for the server. */
function resolveToken(ctx: Context, url: string): { token: string; source: Source } | null {
  if (ctx.options.token) return { token: ctx.options.token, source: 'flag' };
  if (process.env.LATCHKEY_TOKEN) return { token: process.env.LATCHKEY_TOKEN, source: 'env' };
  const entry = ctx.config().servers[url];
  return entry ? { token: entry.token, source: 'config' } : null;
}

function client(ctx: Context) {
  const url = requireUrl(ctx);
  const token = resolveToken(ctx, url);
  if (!token) throw new CliError(`Not logged in to ${url}: run latchkey login, or set LATCHKEY_TOKEN.`);
  return { url, token, api: new Latchkey({ token: token.token, baseUrl: url, fetch: proxiedFetch, userAgent: ua() }) };
}

const ua = () => `latchkey-cli/${VERSION} (${platform()} ${arch()})`;

/** The token with its secret hidden: the prefix and key id are public, the rest is not. */
export function mask(token: string): string {
  const parts = token.split('_');
  return parts.length === 3 ? `${parts[0]}_${parts[1]}_${'*'.repeat(8)}` : `${token.slice(0, 3)}${'*'.repeat(8)}`;
}

/** One line a person understands, for any failure of a call. */
function explain(error: unknown, url: string): CliError {
  if (error instanceof CliError) return error;
  if (error instanceof LatchkeyError) {
    switch (error.code) {
      case 'network_error':
        return new CliError(
          `Cannot reach ${url}: ${error.message.replace(/^Could not reach [^:]+: /, '')} Check the URL.`,
        );
      case 'timeout':
        return new CliError(`${url} did not answer in time. Check the URL, or try again.`);
      case 'unexpected_response':
        return new CliError(`${url} is not a Latchkey server (${error.message.replace(/^.* \((.*)\)\.$/, '$1')}).`);
      case 'invalid_token':
      case 'missing_token':
        return new CliError(`${url} refused the token: it is invalid, expired or revoked. Run latchkey login.`);
      default:
        return new CliError(`${error.message} (HTTP ${error.status}, ${error.code})`);
    }
  }
  return new CliError(error instanceof Error ? error.message : String(error));
}

async function call<T>(url: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw explain(error, url);
  }
}

/** POST JSON to one of the login endpoints; a body that is not JSON means this is not a Latchkey server. */
async function postJson(
  url: string,
  path: string,
  body: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  let response: Response;
  try {
    response = await proxiedFetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'User-Agent': ua() },
      body: JSON.stringify(body),
      redirect: 'error',
      signal: AbortSignal.timeout(15_000),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    if ((error as Error).name === 'TimeoutError') throw new CliError(`${url} did not answer in time. Check the URL.`);
    throw new CliError(
      `Cannot reach ${url}: ${cause?.code ?? cause?.message ?? (error as Error).message}. Check the URL.`,
    );
  }
  const type = response.headers.get('content-type') ?? '';
  const parsed = /^application\/json\b/i.test(type) ? ((await response.json().catch(() => null)) as unknown) : null;
  if (!parsed || typeof parsed !== 'object')
    throw new CliError(
      `${url} is not a Latchkey server (HTTP ${response.status}${type ? `, ${type.split(';')[0]}` : ''} from ${path}).`,
    );
  return { status: response.status, body: parsed as Record<string, unknown> };
}

const serverMessage = (body: Record<string, unknown>) =>
  ((body.error as { message?: unknown } | undefined)?.message as string | undefined) ?? 'refused';

function saveToken(ctx: Context, url: string, token: string, me: Me) {
  const config = ctx.config();
  const user = me.owner.type === 'user' ? me.owner.email : undefined;
  config.servers[url] = { token, keyId: me.key.id, user, savedAt: new Date().toISOString() };
  config.current = url;
  writeConfig(ctx.location, config);
}

function describe(me: Me): string {
  const who = me.owner.type === 'user' ? me.owner.email : `${me.owner.type.replace('_', ' ')} ${me.owner.name}`;
  return `${who} in ${me.account.name}`;
}

function noTerminal(what: string, instead: string): never {
  throw new CliError(`${what} needs a terminal, and there is none (CI, Docker, a pipe). ${instead}`, 2);
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads one line from the terminal without echoing it. */
function promptHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stderr.write(question);
    let value = '';
    stdin.setRawMode(true);
    stdin.resume();
    const done = (result: string | Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (result instanceof Error) reject(result);
      else resolve(result);
    };
    const onData = (chunk: Buffer) => {
      for (const char of chunk.toString('utf8')) {
        if (char === '\r' || char === '\n') return done(value);
        if (char === '\u0003') return done(new CliError('Cancelled.', 130));
        if (char === '\u007f' || char === '\b') value = value.slice(0, -1);
        else value += char;
      }
    };
    stdin.on('data', onData);
  });
}

function openBrowser(target: string) {
  const command =
    platform() === 'darwin'
      ? ['open', target]
      : platform() === 'win32'
        ? ['cmd', '/c', 'start', '', target]
        : process.env.DISPLAY || process.env.WAYLAND_DISPLAY
          ? ['xdg-open', target]
          : null;
  if (!command) return false;
  try {
    const child = spawn(command[0]!, command.slice(1), { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function deviceLogin(ctx: Context, url: string, browser: boolean): Promise<string> {
  if (!process.stdin.isTTY)
    noTerminal(
      'latchkey login waits for you to approve it in a browser, so it',
      'Set LATCHKEY_TOKEN, or pipe a token to `latchkey login --with-token`.',
    );
  const keys = loginKeyPair();
  const host = hostname().slice(0, 64) || 'unknown-host';
  const started = await postJson(url, '/api/cli/device', {
    host,
    platform: `${platform()} ${arch()}`,
    version: VERSION,
    public_key: keys.publicKey,
  });
  if (started.status !== 200) throw new CliError(`${url} refused to start a login: ${serverMessage(started.body)}`);
  const { device_code, user_code, verification_uri, verification_uri_complete, expires_in } = started.body as Record<
    string,
    string | number
  >;
  let interval = Number(started.body.interval ?? 5);
  if (typeof device_code !== 'string' || typeof user_code !== 'string')
    throw new CliError(`${url} is not a Latchkey server (no login codes in its answer).`);
  out(`Open ${String(verification_uri)} and enter the code ${user_code}`);
  out(`or go straight to ${String(verification_uri_complete)}`);
  if (browser && openBrowser(String(verification_uri_complete))) out('(opened in your browser)');
  out('Waiting for approval…');
  const deadline = Date.now() + Number(expires_in ?? 600) * 1000;
  while (Date.now() < deadline) {
    await sleep(interval * 1000);
    const poll = await postJson(url, '/api/cli/token', { device_code });
    if (poll.status === 200 && typeof poll.body.sealed_token === 'string') {
      const token = openSealed(poll.body.sealed_token, keys.privateKey);
      if (!token) throw new CliError(`The key from ${url} could not be opened; run latchkey login again.`);
      return token;
    }
    switch (poll.body.error) {
      case 'authorization_pending':
        continue;
      case 'slow_down':
        interval = Number(poll.body.interval ?? interval + 5);
        continue;
      case 'access_denied':
        throw new CliError('The login was denied in the browser. No key was made.');
      case 'expired_token':
        throw new CliError('The code expired before it was approved. Run latchkey login again.');
      default:
        throw new CliError(
          `${url} ended the login: ${String(poll.body.error_description ?? poll.body.error ?? 'refused')}`,
        );
    }
  }
  throw new CliError('The code expired before it was approved. Run latchkey login again.');
}

async function emailLogin(url: string, email: string, passwordStdin: boolean): Promise<string> {
  let password: string;
  if (passwordStdin) password = (await readStdin()).replace(/\r?\n$/, '');
  else if (process.stdin.isTTY) password = await promptHidden(`Password for ${email}: `);
  else noTerminal('Asking for the password', 'Pipe it in with --password-stdin.');
  const answer = await postJson(url, '/api/cli/password', {
    email,
    password,
    host: hostname().slice(0, 64) || 'unknown-host',
    platform: `${platform()} ${arch()}`,
    version: VERSION,
  });
  if (answer.status === 200 && typeof answer.body.token === 'string') return answer.body.token;
  throw new CliError(serverMessage(answer.body));
}

async function withTokenLogin(): Promise<string> {
  const text = process.stdin.isTTY ? await promptHidden('Paste the token: ') : await readStdin();
  const token = text.trim();
  if (!token) throw new CliError('No token on standard input.', 2);
  return token;
}

export function buildProgram(): Command {
  const program = new Command('latchkey')
    .description('Log in to a Latchkey installation and use its API from the terminal.')
    .version(VERSION, '-V, --version')
    .option('--url <url>', 'the Latchkey server (default: LATCHKEY_URL, then the config file)')
    .option('--token <token>', 'the API key to use (default: LATCHKEY_TOKEN, then the config file)')
    .option('-c, --config <path>', 'the config file (default: $XDG_CONFIG_HOME/latchkey/config.json)')
    .showHelpAfterError()
    .exitOverride()
    .addHelpText(
      'after',
      '\nThe token is taken from --token, then LATCHKEY_TOKEN, then the config file (kept 0600, per server URL).' +
        '\nHTTPS_PROXY, HTTP_PROXY and NO_PROXY are honoured. Exit codes: 0 ok, 1 error, 2 usage or no terminal.',
    );
  const globals = (command: Command) => context(command.optsWithGlobals<GlobalOptions>());

  program
    .command('login')
    .description('log in: approve this terminal in the browser (or --with-token, --email)')
    .option('--no-browser', 'print the URL and code without opening a browser')
    .option('--with-token', 'read a token from standard input and check it')
    .option('--email <address>', 'log in with email and password (asked for, or --password-stdin)')
    .option('--password-stdin', 'with --email: read the password from standard input')
    .action(
      async (
        opts: { browser: boolean; withToken?: boolean; email?: string; passwordStdin?: boolean },
        cmd: Command,
      ) => {
        const ctx = globals(cmd);
        const url = requireUrl(ctx);
        if (opts.withToken && opts.email) throw new CliError('Use --with-token or --email, not both.', 2);
        if (opts.passwordStdin && !opts.email) throw new CliError('--password-stdin goes with --email.', 2);
        const token = opts.withToken
          ? await withTokenLogin()
          : opts.email
            ? await emailLogin(url, opts.email, Boolean(opts.passwordStdin))
            : await deviceLogin(ctx, url, opts.browser);
        const me = await call(url, () =>
          new Latchkey({ token, baseUrl: url, fetch: proxiedFetch, userAgent: ua() }).me(),
        );
        saveToken(ctx, url, token, me);
        out(`Logged in to ${url} as ${describe(me)} with the key "${me.key.name}" (${me.key.id}).`);
        out(`Saved to ${ctx.location.file}.`);
      },
    );

  program
    .command('whoami')
    .description('who the key belongs to')
    .option('--json', 'print the answer of GET /api/v1/me as JSON')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      const { url, api } = client(globals(cmd));
      const me = await call(url, () => api.me());
      if (opts.json) {
        out(JSON.stringify(me, null, 2));
        return;
      }
      out(describe(me));
      out(`key "${me.key.name}" (${me.key.id}), ${me.key.permission}, expires ${me.key.effectiveExpiresAt ?? 'never'}`);
    });

  const keys = program.command('keys').description('list and revoke keys');
  keys
    .command('list')
    .description('the keys this key may see')
    .option('--json', 'print them as JSON')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      const { url, api } = client(globals(cmd));
      const list = await call(url, () => api.keys.list());
      if (opts.json) {
        out(JSON.stringify(list, null, 2));
        return;
      }
      const rows = list.map((k: Key) => [
        k.id,
        k.status,
        k.effectiveExpiresAt?.slice(0, 10) ?? 'never',
        k.lastUsedAt?.slice(0, 10) ?? '-',
        k.name,
      ]);
      const header = ['ID', 'STATUS', 'EXPIRES', 'LAST USED', 'NAME'];
      const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
      for (const row of [header, ...rows])
        out(row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  '));
    });
  keys
    .command('revoke')
    .description('revoke a key by its id')
    .argument('<id>', 'the key id, as keys list shows it')
    .action(async (id: string, _opts: unknown, cmd: Command) => {
      const { url, api } = client(globals(cmd));
      const result = await call(url, () => api.keys.revoke(id));
      out(result.alreadyRevoked ? `Key ${id} was already revoked.` : `Revoked key ${id}.`);
    });

  program
    .command('logout')
    .description('revoke the key on the server, then remove it from the config file')
    .action(async (_opts: unknown, cmd: Command) => {
      const ctx = globals(cmd);
      const { url, token, api } = client(ctx);
      try {
        await api.keys.revokeSelf();
        out(`Revoked the key ${mask(token.token)} on ${url}.`);
      } catch (error) {
        if (!(error instanceof LatchkeyError && error.status === 401)) throw explain(error, url);
        out(`The key ${mask(token.token)} no longer worked on ${url}.`);
      }
      const config = ctx.config();
      if (config.servers[url]) {
        delete config.servers[url];
        if (config.current === url) delete config.current;
        writeConfig(ctx.location, config);
        out(`Removed it from ${ctx.location.file}.`);
      }
      if (process.env.LATCHKEY_TOKEN) warn('LATCHKEY_TOKEN is still set in this environment; unset it.');
    });

  program
    .command('status')
    .description('which server and token are in use, and where they come from')
    .action(async (_opts: unknown, cmd: Command) => {
      const ctx = globals(cmd);
      const resolved = resolveUrl(ctx);
      const from = (source: Source, flag: string, env: string) =>
        source === 'flag' ? flag : source === 'env' ? env : ctx.location.file;
      if (!resolved) throw new CliError('No server: pass --url https://… or set LATCHKEY_URL, or run latchkey login.');
      out(`Server: ${resolved.url} (from ${from(resolved.source, '--url', 'LATCHKEY_URL')})`);
      const token = resolveToken(ctx, resolved.url);
      if (!token) throw new CliError(`Not logged in to ${resolved.url}.`);
      out(`Token:  ${mask(token.token)} (from ${from(token.source, '--token', 'LATCHKEY_TOKEN')})`);
      out(`Config: ${ctx.location.file}`);
      try {
        const me = await new Latchkey({
          token: token.token,
          baseUrl: resolved.url,
          fetch: proxiedFetch,
          retries: 0,
        }).me();
        out(`Valid:  yes, ${describe(me)}, key "${me.key.name}"`);
      } catch (error) {
        throw explain(error, resolved.url);
      }
    });

  return program;
}

export async function main(argv = process.argv): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version print and end here; anything else commander refused is wrong usage (it said why).
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0
        ? 0
        : 2;
    }
    const failure = explain(error, '');
    warn(failure.message);
    return failure.exitCode;
  } finally {
    await agent?.close().catch(() => undefined);
  }
}

process.exitCode = await main();
