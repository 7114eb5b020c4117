import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const TAB = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const INPUTS = [
  join(TAB, 'src/client'),
  join(TAB, 'src/shared'),
  join(TAB, 'index.html'),
  join(TAB, 'vite.config.ts'),
  join(TAB, 'precompress.ts'),
  // This file too: how the client is built is part of what was built.
  fileURLToPath(import.meta.url),
  resolve(TAB, '../core/src/domain'),
];

async function files(path: string): Promise<string[]> {
  if (!existsSync(path)) return [];
  if (!path.endsWith('/') && /\.[a-z]+$/.test(path)) return [path];
  const entries = await readdir(path, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) => (e.isDirectory() ? files(join(path, e.name)) : [join(path, e.name)])),
  );
  return nested.flat().sort();
}

/**
 * Builds the client once per content of its sources, into a temporary folder that test files
 * (and workers) share; a later call with the same sources reuses it.
 */
export async function buildClient(): Promise<string> {
  const hash = createHash('sha256');
  for (const f of (await Promise.all(INPUTS.map(files))).flat()) hash.update(f).update(await readFile(f));
  const outDir = join(tmpdir(), 'marac-tab-client', hash.digest('hex').slice(0, 16));
  if (existsSync(join(outDir, 'index.html'))) return outDir;
  const scratch = `${outDir}.tmp-${process.pid}-${Date.now()}`;
  const { build } = await import('vite');
  // Vitest sets NODE_ENV=test, which gives React's development build: build what ships instead.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: join(TAB, 'vite.config.ts'),
      logLevel: 'warn',
      mode: 'production',
      build: { outDir: scratch, emptyOutDir: true },
    });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  try {
    await rename(scratch, outDir);
  } catch {
    await rm(scratch, { recursive: true, force: true }); // another worker got there first
  }
  return outDir;
}
