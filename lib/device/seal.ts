import {
  createCipheriv,
  createDecipheriv,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  hkdfSync,
  randomBytes,
  type KeyObject,
} from 'node:crypto';

// The token an approved device login hands over waits in the database sealed to the CLI's X25519 public key: an
// ephemeral key pair, X25519, HKDF-SHA-256 and AES-256-GCM. Only the CLI, which never sent its private key, can open
// it; the server stores neither the token nor anything that opens it. packages/cli/src/seal.ts is the other half.

const INFO = Buffer.from('latchkey device login token v1');
/** The DER prefix of an X25519 SubjectPublicKeyInfo; the raw 32-byte key follows it. */
const SPKI_PREFIX = Buffer.from('302a300506032b656e032100', 'hex');

export function publicKeyFromRaw(raw: string): KeyObject | null {
  const bytes = Buffer.from(raw, 'base64url');
  if (bytes.length !== 32 || bytes.toString('base64url') !== raw) return null;
  try {
    return createPublicKey({ key: Buffer.concat([SPKI_PREFIX, bytes]), format: 'der', type: 'spki' });
  } catch {
    return null;
  }
}

export function rawPublicKey(key: KeyObject): string {
  return key.export({ format: 'der', type: 'spki' }).subarray(SPKI_PREFIX.length).toString('base64url');
}

function keyFor(shared: Buffer, ephemeral: string): Buffer {
  return Buffer.from(hkdfSync('sha256', shared, Buffer.from(ephemeral), INFO, 32));
}

/** "<ephemeral public key>.<iv>.<ciphertext>.<tag>", each base64url. */
export function seal(plaintext: string, recipient: KeyObject): string {
  const ephemeral = generateKeyPairSync('x25519');
  const epk = rawPublicKey(ephemeral.publicKey);
  const key = keyFor(diffieHellman({ privateKey: ephemeral.privateKey, publicKey: recipient }), epk);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [epk, iv.toString('base64url'), body.toString('base64url'), cipher.getAuthTag().toString('base64url')].join(
    '.',
  );
}

/** Opens what seal() made for this private key; null when it was made for another key or altered. */
export function open(sealed: string, privateKey: KeyObject): string | null {
  const [epk, iv, body, tag] = sealed.split('.');
  const ephemeral = epk ? publicKeyFromRaw(epk) : null;
  if (!ephemeral || !iv || body === undefined || !tag) return null;
  try {
    const key = keyFor(diffieHellman({ privateKey, publicKey: ephemeral }), epk!);
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}
