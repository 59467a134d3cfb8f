/**
 * Sealing secrets at rest (the Slack installations' tokens): AES-256-GCM with a random 96-bit IV, under a
 * key derived (HKDF-SHA256) from STEPWISE_SECRET. Each sealed value names its key by a short id, so after
 * a rotation the previous secret still opens old rows and a start-up seals them again with the new one.
 */
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const INFO = 'stepwise/sealed/v1';
const SALT = 'stepwise';

/** A value that could not be opened: unknown key, tampered, or sealed for another place. No secret is in the message. */
export class SealError extends Error {
  override name = 'SealError';
}

interface Key {
  id: string;
  key: Buffer;
}

function deriveKey(secret: string): Key {
  const key = Buffer.from(hkdfSync('sha256', secret, SALT, INFO, 32));
  // The id is a hash of the derived key: it tells keys apart and says nothing usable about either.
  const id = createHash('sha256').update('stepwise/key-id').update(key).digest('hex').slice(0, 12);
  return { id, key };
}

/** Seals with the current key; opens with the current or the previous one. */
export interface SecretBox {
  /** The id of the key `seal` uses. */
  readonly keyId: string;
  /** Encrypts `plain`, bound to `context` (e.g. "slack:T123"): opening it under another context fails. */
  seal(plain: string, context: string): string;
  /** Decrypts a sealed value; throws SealError when it cannot. */
  open(sealed: string, context: string): string;
  /** The key id inside a sealed value (undefined if it is not one). */
  keyIdOf(sealed: string): string | undefined;
}

/** A box over STEPWISE_SECRET (and STEPWISE_SECRET_PREVIOUS, accepted for opening only). */
export function createSecretBox(secret: string, previous?: string): SecretBox {
  const current = deriveKey(secret);
  const keys = new Map<string, Buffer>([[current.id, current.key]]);
  if (previous) {
    const old = deriveKey(previous);
    if (!keys.has(old.id)) keys.set(old.id, old.key);
  }
  const b64 = (b: Buffer) => b.toString('base64url');
  return {
    keyId: current.id,
    seal(plain, context) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', current.key, iv);
      cipher.setAAD(Buffer.from(`${VERSION}.${current.id}.${context}`));
      const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [VERSION, current.id, b64(iv), b64(cipher.getAuthTag()), b64(data)].join('.');
    },
    open(sealed, context) {
      const parts = sealed.split('.');
      if (parts.length !== 5 || parts[0] !== VERSION) throw new SealError('not a sealed value of a known version');
      const [, id, iv, tag, data] = parts as [string, string, string, string, string];
      const key = keys.get(id);
      if (!key) throw new SealError(`sealed with key ${id}, which is neither STEPWISE_SECRET nor STEPWISE_SECRET_PREVIOUS`);
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
        decipher.setAAD(Buffer.from(`${VERSION}.${id}.${context}`));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
      } catch {
        throw new SealError(`sealed value for ${context} does not open with key ${id} (altered, or sealed for another workspace)`);
      }
    },
    keyIdOf(sealed) {
      const parts = sealed.split('.');
      return parts.length === 5 && parts[0] === VERSION ? parts[1] : undefined;
    },
  };
}
