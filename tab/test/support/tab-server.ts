import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { ManualClock, PersonalDataCipher, newDataKey, seedDemo } from '@marac/core';
import { openStore } from '@marac/core/store';
import { loadConfig } from '../../../src/config.js';
import { createTabApp } from '../../src/index.js';
import type { TabDeps } from '../../src/server/deps.js';

export interface TabServerOptions {
  env?: Record<string, string>;
  /** A built client; by default a stub index.html is written. */
  clientDir?: string;
  now?: number;
  /** Microsoft Graph for the tab (e.g. on the loopback stand-ins); none by default. */
  graph?: TabDeps['graph'];
}

/**
 * An express app around `createTabApp`, on 127.0.0.1 with a random port, over a temporary SQLite
 * store seeded with the demonstration area. Each test file starts its own.
 */
export async function startTabServer(opts: TabServerOptions = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'marac-tab-'));
  let clientDir = opts.clientDir;
  if (!clientDir) {
    clientDir = join(dir, 'client');
    await import('node:fs/promises').then((fs) => fs.mkdir(clientDir!, { recursive: true }));
    await writeFile(
      join(clientDir, 'index.html'),
      '<!doctype html><title>MARAC stub</title><div id="root"></div>',
    );
  }
  const cipher = new PersonalDataCipher(newDataKey());
  const store = await openStore({ sqlitePath: join(dir, 'marac.sqlite'), cipher, onError: () => {} });
  const clock = new ManualClock(opts.now ?? Date.now());
  await seedDemo(store, cipher, clock);
  const config = loadConfig({ NODE_ENV: 'test', ...opts.env });
  const logs: { level: string; args: unknown[] }[] = [];
  const log = {
    info: (...args: unknown[]) => logs.push({ level: 'info', args }),
    warn: (...args: unknown[]) => logs.push({ level: 'warn', args }),
    error: (...args: unknown[]) => logs.push({ level: 'error', args }),
  };
  const app = express();
  app.use(createTabApp({ store, cipher, clock, config, log, clientDir, graph: opts.graph }));
  app.post('/api/messages', (_req, res) => void res.status(202).json({ bot: true }));
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  async function call(
    method: string,
    path: string,
    opts2: { token?: string; body?: unknown; raw?: string } = {},
  ) {
    const res = await fetch(url + path, {
      method,
      headers: {
        ...(opts2.token ? { Authorization: `Bearer ${opts2.token}` } : {}),
        ...(opts2.body !== undefined || opts2.raw !== undefined
          ? { 'Content-Type': 'application/json' }
          : {}),
      },
      body: opts2.raw ?? (opts2.body === undefined ? undefined : JSON.stringify(opts2.body)),
    });
    const type = res.headers.get('content-type') ?? '';
    const body = type.includes('json')
      ? await res.json()
      : type.startsWith('text/')
        ? await res.text()
        : Buffer.from(await res.arrayBuffer());
    return { status: res.status, body, headers: res.headers };
  }

  return {
    url,
    store,
    cipher,
    clock,
    config,
    logs,
    call,
    /** A development sign-in token for a demo person (e.g. 'p-coordinator', 'p-housing'). */
    async signIn(personId: string): Promise<string> {
      const r = await call('POST', '/api/dev/sign-in', { body: { personId } });
      if (r.status !== 200) throw new Error(`dev sign-in failed: ${r.status}`);
      return (r.body as { token: string }).token;
    },
    async close() {
      server.closeAllConnections?.();
      await new Promise<void>((r) => server.close(() => r()));
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
export type TabServer = Awaited<ReturnType<typeof startTabServer>>;
