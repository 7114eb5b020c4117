/**
 * A throw-away self-signed TLS certificate for loopback stand-ins, made with node:crypto alone
 * (no openssl binary, no extra package). msal-node refuses authorities that are not https, so the
 * Entra stand-in must speak TLS; callers trust the certificate by passing `ca` (for msal-node:
 * `system.customAgentOptions.ca`). Valid for 127.0.0.1, ::1 and localhost, for one day.
 */
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';

export interface LoopbackCertificate {
  /** PEM certificate: serve it, and trust it as a CA. */
  cert: string;
  /** PEM PKCS#8 private key. */
  key: string;
}

// --- a minimal DER writer: just what one X.509 v3 certificate needs -----------------------------
const len = (n: number): Buffer => {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
};
const tlv = (tag: number, body: Buffer): Buffer =>
  Buffer.concat([Buffer.from([tag]), len(body.length), body]);
const seq = (...items: Buffer[]) => tlv(0x30, Buffer.concat(items));
const set = (...items: Buffer[]) => tlv(0x31, Buffer.concat(items));
const int = (b: Buffer) => tlv(0x02, b[0] & 0x80 ? Buffer.concat([Buffer.from([0]), b]) : b);
const oid = (dotted: string): Buffer => {
  const [a, b, ...rest] = dotted.split('.').map(Number);
  const out = [40 * a + b];
  for (const n of rest) {
    const chunk: number[] = [n & 0x7f];
    for (let v = Math.floor(n / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift((v & 0x7f) | 0x80);
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
};
const utf8 = (s: string) => tlv(0x0c, Buffer.from(s, 'utf8'));
const utcTime = (d: Date) => {
  const p = (n: number) => String(n).padStart(2, '0');
  const s = `${p(d.getUTCFullYear() % 100)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`;
  return tlv(0x17, Buffer.from(s, 'ascii'));
};
const explicit = (n: number, body: Buffer) => tlv(0xa0 + n, body);
const octets = (b: Buffer) => tlv(0x04, b);
const bits = (b: Buffer) => tlv(0x03, Buffer.concat([Buffer.from([0]), b]));
const bool = (v: boolean) => tlv(0x01, Buffer.from([v ? 0xff : 0]));

const pem = (label: string, der: Buffer) =>
  `-----BEGIN ${label}-----\n${der
    .toString('base64')
    .match(/.{1,64}/g)!
    .join('\n')}\n-----END ${label}-----\n`;

/**
 * Make a fresh key and a self-signed certificate for the loopback addresses. `ec` (P-256, fast) for
 * TLS; `rsa` for an Entra client-credential certificate (msal-node signs its assertion with RS256/PS256).
 */
export function makeLoopbackCertificate(
  opts: { commonName?: string; keyType?: 'ec' | 'rsa' } = {},
): LoopbackCertificate {
  const commonName = opts.commonName ?? 'MARAC loopback stand-in';
  const rsa = opts.keyType === 'rsa';
  const { privateKey, publicKey } = rsa
    ? generateKeyPairSync('rsa', { modulusLength: 2048 })
    : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const algorithm = rsa
    ? seq(oid('1.2.840.113549.1.1.11'), Buffer.from([0x05, 0x00])) // sha256WithRSAEncryption, NULL
    : seq(oid('1.2.840.10045.4.3.2')); // ecdsa-with-SHA256
  const name = seq(set(seq(oid('2.5.4.3'), utf8(commonName))));
  // Real time, not Date.now(): tests may fake Date, but OpenSSL checks validity against the OS clock.
  const now = new Date(performance.timeOrigin + performance.now());
  const notBefore = new Date(now.getTime() - 60 * 60 * 1000);
  const notAfter = new Date(now.getTime() + 24 * 60 * 60 * 1000);
  const serial = randomBytes(12);
  // Positive and minimal in DER: a leading 0x00 (1 time in 128) is "illegal padding" to OpenSSL.
  serial[0] = (serial[0] & 0x3f) | 0x40;
  const san = seq(
    tlv(0x87, Buffer.from([127, 0, 0, 1])),
    tlv(0x87, Buffer.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1])),
    tlv(0x82, Buffer.from('localhost', 'ascii')),
  );
  const extensions = explicit(
    3,
    seq(
      seq(oid('2.5.29.19'), bool(true), octets(seq(bool(true)))), // basicConstraints: CA (it is its own anchor)
      seq(oid('2.5.29.17'), octets(san)), // subjectAltName
    ),
  );
  const tbs = seq(
    explicit(0, int(Buffer.from([2]))),
    int(serial),
    algorithm,
    name,
    seq(utcTime(notBefore), utcTime(notAfter)),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
    extensions,
  );
  const signature = rsa
    ? sign('sha256', tbs, privateKey)
    : sign('sha256', tbs, { key: privateKey, dsaEncoding: 'der' });
  const cert = seq(tbs, algorithm, bits(signature));
  const key = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return { cert: pem('CERTIFICATE', cert), key };
}
