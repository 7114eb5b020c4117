import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Config } from './config.js';

/**
 * The audit chain's MAC key: AUDIT_MAC_KEY from configuration (required in production), or in
 * development one generated once into DATA_DIR. Never stored in the database it protects.
 */
export function loadAuditKey(config: Config, warn: (m: string) => void): Buffer {
  if (config.AUDIT_MAC_KEY) {
    const key = Buffer.from(config.AUDIT_MAC_KEY, 'base64');
    if (key.length !== 32)
      throw new Error('Invalid configuration:\n  AUDIT_MAC_KEY: must be base64 of exactly 32 bytes');
    return key;
  }
  const file = join(config.DATA_DIR, 'dev-audit-key.b64');
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  mkdirSync(config.DATA_DIR, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, key.toString('base64'), { mode: 0o600 });
  warn(`AUDIT_MAC_KEY is not set: generated a development key in ${file}. Never use this in production.`);
  return key;
}
