import {
  createDecipheriv,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  hkdfSync,
  type KeyObject,
} from 'node:crypto';

// The CLI's half of the sealed hand-over (the server's is lib/device/seal.ts): a key pair made for one login, whose
// public half goes to the server; the approved token comes back sealed to it and only this process can open it.

const INFO = Buffer.from('latchkey device login token v1');
const SPKI_PREFIX = Buffer.from('302a300506032b656e032100', 'hex');

export function loginKeyPair(): { publicKey: string; privateKey: KeyObject } {
  const pair = generateKeyPairSync('x25519');
  const raw = pair.publicKey.export({ format: 'der', type: 'spki' }).subarray(SPKI_PREFIX.length);
  return { publicKey: raw.toString('base64url'), privateKey: pair.privateKey };
}

export function openSealed(sealed: string, privateKey: KeyObject): string | null {
  const [epk, iv, body, tag] = sealed.split('.');
  if (!epk || !iv || body === undefined || !tag) return null;
  try {
    const ephemeral = createPublicKey({
      key: Buffer.concat([SPKI_PREFIX, Buffer.from(epk, 'base64url')]),
      format: 'der',
      type: 'spki',
    });
    const shared = diffieHellman({ privateKey, publicKey: ephemeral });
    const key = Buffer.from(hkdfSync('sha256', shared, Buffer.from(epk), INFO, 32));
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}
