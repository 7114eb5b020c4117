import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Victim, perpetrator and child details are sealed with AES-256-GCM before they reach the
 * database; matching uses an HMAC of the normalised name and date of birth, so the database
 * never holds either in clear. Both keys derive from one 32-byte data key from configuration.
 */
export class PersonalDataCipher {
  private readonly encKey: Buffer;
  private readonly matchKeyBytes: Buffer;
  private readonly dataKey: Buffer;

  constructor(dataKey: Buffer) {
    if (dataKey.length !== 32)
      throw new Error('The data encryption key must be 32 bytes (base64 of 32 random bytes).');
    this.dataKey = Buffer.from(dataKey);
    this.encKey = Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), 'marac:personal-data:enc', 32));
    this.matchKeyBytes = Buffer.from(
      hkdfSync('sha256', dataKey, Buffer.alloc(0), 'marac:personal-data:match', 32),
    );
  }

  /** Another key derived from the data key, for `label` (e.g. a default audit key for tools and tests). */
  derivedKey(label: string): Buffer {
    return Buffer.from(hkdfSync('sha256', this.dataKey, Buffer.alloc(0), label, 32));
  }

  seal(value: unknown): string {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.encKey, iv);
    const body = Buffer.concat([c.update(JSON.stringify(value), 'utf8'), c.final()]);
    return `v1.${iv.toString('base64')}.${c.getAuthTag().toString('base64')}.${body.toString('base64')}`;
  }

  open<T>(sealed: string): T {
    const [v, iv, tag, body] = sealed.split('.');
    if (v !== 'v1' || !iv || !tag || body === undefined)
      throw new Error('Sealed personal data is not in a known format.');
    const d = createDecipheriv('aes-256-gcm', this.encKey, Buffer.from(iv, 'base64'));
    d.setAuthTag(Buffer.from(tag, 'base64'));
    return JSON.parse(
      Buffer.concat([d.update(Buffer.from(body, 'base64')), d.final()]).toString('utf8'),
    ) as T;
  }

  /** Keyed hash of a value, to tell whether it changed without storing it (or a guessable hash of it). */
  digest(value: unknown): string {
    return createHmac('sha256', this.matchKeyBytes).update(JSON.stringify(value)).digest('base64url');
  }

  /** Keyed hash for matching the same person across referrals. */
  matchKey(name: string, dateOfBirth = ''): string {
    return createHmac('sha256', this.matchKeyBytes)
      .update(`${normaliseName(name)}|${dateOfBirth.trim()}`)
      .digest('base64url');
  }
}

/** "  Jane  O'Neill-Smith " and "jane oneill smith" match. */
export const normaliseName = (name: string) =>
  name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9 ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

export const newDataKey = () => randomBytes(32);
