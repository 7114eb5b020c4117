import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock, systemClock } from '@marac/core';
import { loadConfig } from '../src/config.js';
import { startServer, type ServerOptions } from '../src/server.js';
import { createLogger } from '../src/log.js';
import { startConnectorStandIn } from './connector-standin.js';
import { postActivity } from './teams-activities.js';

/**
 * A whole server on a temporary SQLite file (or PostgreSQL schema), a controllable clock, and a
 * Bot Connector stand-in that records what the bot sends.
 */
export async function startBotHarness(
  opts: {
    dataDir?: string;
    clockStart?: number;
    env?: Record<string, string>;
    connector?: Awaited<ReturnType<typeof startConnectorStandIn>>;
    graph?: ServerOptions['graph'];
    /** A built tab client, for browser tests against the whole server. */
    clientDir?: string;
    outboxLimits?: ServerOptions['outboxLimits'];
  } = {},
) {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'marac-'));
  const clock = new ManualClock(opts.clockStart ?? Date.parse('2026-11-24T09:25:00Z'));
  const connector = opts.connector ?? (await startConnectorStandIn({ now: () => clock.now() }));
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
    graph: opts.graph,
    clientDir: opts.clientDir,
    outboxLimits: opts.outboxLimits,
  });
  /**
   * Let the projector and outbox finish what the last request caused. What waits long on real time
   * (a retry's back-off, or Teams' per-conversation limit for more than a few seconds, which a test
   * can lift with `outboxLimits`) is left; anything else still unsent after 15 s fails the test
   * here, rather than its assertions later.
   */
  const settle = async () => {
    const waitable = async () =>
      (await server.store.repos.outbox.pending()).filter(
        (i) => i.notBefore <= systemClock.now() && server.bot.worker.rateHeldMs(i.conversationId) <= 5_000,
      );
    const until = performance.now() + 15_000;
    let left: Awaited<ReturnType<typeof waitable>> = [];
    while (performance.now() < until) {
      await server.bot.projector.idle();
      if (!(left = await waitable()).length) {
        await server.bot.projector.idle();
        if (!(left = await waitable()).length) return;
      }
      server.bot.worker.kick();
      await new Promise((r) => setTimeout(r, 20));
    }
    const kinds = [...new Set(left.map((i) => i.kind))].join(', ');
    throw new Error(
      `The outbox did not settle: ${left.length} message(s) that could go now are still unsent (${kinds}). Is the Connector answering?`,
    );
  };

  /** Post an activity as Teams would, then wait until what it caused has reached the chat. */
  const send = async (activity: unknown) => {
    const r = await postActivity(server.url, activity);
    await settle();
    return r;
  };
  return {
    server,
    clock,
    connector,
    dataDir,
    settle,
    send,
    url: server.url,
    async close(keepData = false) {
      await server.close();
      if (!opts.connector) await connector.close();
      if (!keepData && !opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
