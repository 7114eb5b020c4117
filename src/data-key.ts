import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { newDataKey } from '@marac/core';
import type { Config } from './config.js';

/** The data encryption key: from configuration, or in development generated once into DATA_DIR. */
export function loadDataKey(config: Config, warn: (m: string) => void): Buffer {
  if (config.DATA_ENCRYPTION_KEY) {
    const key = Buffer.from(config.DATA_ENCRYPTION_KEY, 'base64');
    if (key.length !== 32)
      throw new Error('Invalid configuration:\n  DATA_ENCRYPTION_KEY: must be base64 of exactly 32 bytes');
    return key;
  }
  const file = join(config.DATA_DIR, 'dev-data-key.b64');
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  mkdirSync(config.DATA_DIR, { recursive: true });
  const key = newDataKey();
  writeFileSync(file, key.toString('base64'), { mode: 0o600 });
  warn(
    `DATA_ENCRYPTION_KEY is not set: generated a development key in ${file}. Never use this in production.`,
  );
  return key;
}
