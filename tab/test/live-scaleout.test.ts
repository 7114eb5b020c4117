import { mkdtemp, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { withPgClient } from '@marac/core/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock, PersonalDataCipher, newDataKey, seedDemo, type Store } from '@marac/core';
import { openStore } from '@marac/core/store';
import { loadConfig } from '../../src/config.js';
import { createTabApp } from '../src/index.js';
import { openSse } from './support/sse-client.js';

const DATABASE_URL = process.env.DATABASE_URL;
const silent = { info: () => {}, warn: () => {}, error: () => {} };

/** Two instances of the tab over one database: what one does, the other's viewers see. */
const backends: [string, () => Promise<{ open: () => Promise<Store>; dispose: () => Promise<void> }>][] = [
  [
    'SQLite file',
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'marac-live-scale-'));
      const cipher = new PersonalDataCipher(newDataKey());
      return {
        open: () => openStore({ sqlitePath: join(dir, 'marac.sqlite'), cipher, onError: () => {} }),
        dispose: () => rm(dir, { recursive: true, force: true }),
      };
    },
  ],
];
if (DATABASE_URL)
  backends.push([
    'PostgreSQL',
    async () => {
      const schema = `marac_live_${process.pid}_${randomBytes(3).toString('hex')}`;
      const cipher = new PersonalDataCipher(newDataKey());
      return {
        open: () => openStore({ databaseUrl: DATABASE_URL, schema, cipher, onError: () => {} }),
        dispose: async () => {
          await withPgClient(DATABASE_URL, (c) => c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`));
        },
      };
    },
  ]);

describe.each(backends)('live view across instances (%s)', (_name, backend) => {
  const clock = new ManualClock(Date.parse('2026-11-24T09:25:00Z'));
  const instances: { url: string; store: Store; server: Server }[] = [];
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    const b = await backend();
    dispose = b.dispose;
    for (let i = 0; i < 2; i++) {
      const store = await b.open();
      if (i === 0) await seedDemo(store, new PersonalDataCipher(newDataKey()), clock);
      const app = express();
      app.use(
        createTabApp({
          store,
          cipher: new PersonalDataCipher(newDataKey()),
          clock,
          config: loadConfig({ NODE_ENV: 'test' }),
          log: silent,
        }),
      );
      const server: Server = await new Promise((resolve) => {
        const s = app.listen(0, '127.0.0.1', () => resolve(s));
      });
      instances.push({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, store, server });
    }
  });
  afterAll(async () => {
    for (const i of instances) {
      i.server.closeAllConnections();
      await new Promise<void>((r) => i.server.close(() => r()));
      await i.store.close();
    }
    await dispose?.();
  });

  const signIn = async (url: string, personId: string) => {
    const r = await fetch(`${url}/api/dev/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ personId }),
    });
    return ((await r.json()) as { token: string }).token;
  };

  it("a viewer on one instance sees the chair's command on the other", async () => {
    const [a, b] = instances;
    const viewer = await openSse(`${b.url}/api/meetings/m-demo/events`, {
      token: await signIn(b.url, 'p-police'),
    });
    await viewer.waitFor((m) => m.event === 'snapshot');
    const chair = await signIn(a.url, 'p-chair');
    for (const [command, check] of [
      [{ type: 'start' }, (s: { stage: string }) => s.stage === 'opening'],
      [{ type: 'next' }, (s: { current?: { reference: string } }) => s.current?.reference === 'MC-2026-0001'],
      [
        { type: 'next' },
        (s: { current?: { now: { label: string } } }) => s.current?.now.label === 'IDVA Service',
      ],
    ] as const) {
      const from = viewer.messages.length;
      const r = await fetch(`${a.url}/api/meetings/m-demo/chair`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${chair}` },
        body: JSON.stringify({ command }),
      });
      expect(r.status).toBe(200);
      await viewer.waitFor(
        (x) =>
          x.event === 'change' && !!x.data.snapshot && (check as (s: unknown) => boolean)(x.data.snapshot),
        10_000,
        from,
      );
    }
    viewer.close();
  });
});
