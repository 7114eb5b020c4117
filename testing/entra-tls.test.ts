import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { makeLoopbackCertificate } from './entra-tls.js';

describe('loopback TLS certificates for the Entra stand-in', () => {
  it('are valid DER every time (a random serial once made 1 in 256 unparseable)', () => {
    for (let i = 0; i < 300; i++) {
      const c = new X509Certificate(makeLoopbackCertificate().cert);
      expect(c.checkIP('127.0.0.1')).toBe('127.0.0.1');
    }
  });
});
