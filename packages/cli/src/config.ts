import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { CliError } from './errors.js';

// The config file: tokens by server URL, so one file serves several installations. It holds secrets, so it is written
// 0600 inside a 0700 folder, atomically (a temporary file in the same folder, then a rename: never half a file, never a
// moment with looser permissions), and a file or folder found looser than that is tightened when read, with a warning.

export interface ServerEntry {
  token: string;
  keyId?: string;
  user?: string;
  savedAt: string;
}

export interface Config {
  version: 1;
  /** The server commands use when neither --url nor LATCHKEY_URL says. */
  current?: string;
  servers: Record<string, ServerEntry>;
}

export interface ConfigLocation {
  file: string;
  /** The default location's own folder, which the CLI owns and keeps at 0700; a -c path's folder is the user's. */
  ownsFolder: boolean;
}

export function configLocation(
  flag: string | undefined,
  env: Record<string, string | undefined> = process.env,
): ConfigLocation {
  if (flag) return { file: path.resolve(flag), ownsFolder: false };
  const base =
    env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : path.join(homedir(), '.config');
  return { file: path.join(base, 'latchkey', 'config.json'), ownsFolder: true };
}

/** A server URL in the form the file keys it by: origin and path, no trailing slash, no query. */
export function normalizeUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.includes('://') ? raw : `https://${raw}`);
  } catch {
    throw new CliError(`Not a URL: ${raw}`, 2);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new CliError(`Use an http or https URL, not ${url.protocol}//`, 2);
  if (url.username || url.password) throw new CliError('Put no credentials in the URL; use --token or login.', 2);
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

const mode = (file: string) => statSync(file).mode & 0o777;

function tighten(target: string, wanted: number, warn: (line: string) => void) {
  const current = mode(target);
  if ((current & ~wanted) === 0) return;
  chmodSync(target, wanted);
  warn(`tightened ${target} from ${current.toString(8).padStart(4, '0')} to ${wanted.toString(8).padStart(4, '0')}`);
}

export function readConfig(location: ConfigLocation, warn: (line: string) => void): Config {
  let text: string;
  try {
    text = readFileSync(location.file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, servers: {} };
    throw new CliError(`Cannot read ${location.file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  tighten(location.file, 0o600, warn);
  if (location.ownsFolder) tighten(path.dirname(location.file), 0o700, warn);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new CliError(`${location.file} is not valid JSON; fix or delete it.`);
  }
  const config = parsed as Partial<Config>;
  if (!config || typeof config !== 'object' || typeof config.servers !== 'object' || config.servers === null)
    throw new CliError(`${location.file} is not a latchkey config file; fix or delete it.`);
  return {
    version: 1,
    current: typeof config.current === 'string' ? config.current : undefined,
    servers: config.servers,
  };
}

export function writeConfig(location: ConfigLocation, config: Config) {
  const folder = path.dirname(location.file);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  if (location.ownsFolder) chmodSync(folder, 0o700);
  const temporary = path.join(folder, `.config.json.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  // 'wx' with mode 0600: created with its final permissions, never over an existing file (or a planted link).
  const fd = openSync(temporary, 'wx', 0o600);
  try {
    writeSync(fd, `${JSON.stringify(config, null, 2)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(temporary, location.file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
