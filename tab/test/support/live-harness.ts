import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '@marac/core';
import { loadConfig } from '../../../src/config.js';
import { startServer } from '../../../src/server.js';
import { createLogger } from '../../../src/log.js';
import { startConnectorStandIn } from '../../../testing/connector-standin.js';

/**
 * The whole server (bot and tab over one store), like `testing/bot-harness.ts`, serving a built
 * tab client: a browser test drives the bot over HTTP and watches the tab follow it. A
 * controllable clock, a temporary SQLite file, and the Bot Connector stand-in.
 */
export async function startLiveHarness(opts: {
  clientDir: string;
  clockStart?: number;
  env?: Record<string, string>;
}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'marac-live-'));
  const clock = new ManualClock(opts.clockStart ?? Date.parse('2026-11-24T09:25:00Z'));
  const connector = await startConnectorStandIn({ now: () => clock.now() });
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    DATA_DIR: dataDir,
    SEED_DEMO: 'on',
    LOG_LEVEL: 'silent',
    DEV_SIGN_IN: 'on',
    ...opts.env,
  });
  const server = await startServer(config, {
    clock,
    log: createLogger('silent'),
    schedulerEveryMs: 60_000,
    clientDir: opts.clientDir,
  });
  /** Let the projector and outbox finish what the last request caused (so the chat is up to date). */
  const settle = async () => {
    for (let i = 0; i < 100; i++) {
      await server.bot.projector.idle();
      if (!(await server.store.repos.outbox.pending()).length) {
        await server.bot.projector.idle();
        if (!(await server.store.repos.outbox.pending()).length) return;
      }
      server.bot.worker.kick();
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  /** A development sign-in token, to put in a browser's session storage. */
  const devToken = async (personId: string) => {
    const res = await fetch(`${server.url}/api/dev/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ personId }),
    });
    return ((await res.json()) as { token: string }).token;
  };
  return {
    server,
    clock,
    connector,
    dataDir,
    settle,
    devToken,
    url: server.url,
    async close() {
      await server.close();
      await connector.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
export type LiveHarness = Awaited<ReturnType<typeof startLiveHarness>>;
