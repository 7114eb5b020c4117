import express from 'express';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Server } from 'node:http';
import { type Clock, PersonalDataCipher, type Store, seedDemo, systemClock } from '@marac/core';
import { setupStatus } from '@marac/core/admin';
import { openStore } from '@marac/core/store';
import { createBot } from '@marac/bot';
import { createTabApp } from '@marac/tab';
import type { Config } from './config.js';
import { createLogger, type Logger } from './log.js';
import { loadDataKey } from './data-key.js';
import { loadAuditKey } from './audit-key.js';
import { startCheckpoints, writeCheckpoint } from './audit-checkpoint.js';
import type { Graph } from '@marac/graph';
import { agencyDirectoryOf, graphFromConfig } from './graph-wiring.js';

export interface ServerOptions {
  clock?: Clock;
  log?: Logger;
  /** Overrides for tests: Bot Framework auth stand-ins, scheduler speed, a built client folder. */
  botAuth?: Partial<Parameters<typeof createBot>[0]['auth']>;
  schedulerEveryMs?: number;
  /** Tests driving a whole meeting in seconds: Teams' per-conversation limits are for real time. */
  outboxLimits?: Parameters<typeof createBot>[0]['outboxLimits'];
  clientDir?: string;
  pgSchema?: string;
  /** Microsoft Graph facade (tests: one on the loopback stand-ins); default from configuration, if any. */
  graph?: Graph;
}

/**
 * The composition root: one process serving the bot (POST /api/messages), the tab (/ and /api/*)
 * and GET /healthz over one store. Nothing here holds domain logic.
 */
export async function startServer(config: Config, opts: ServerOptions = {}) {
  const log = opts.log ?? createLogger(config.LOG_LEVEL);
  const clock = opts.clock ?? systemClock;
  // Leases and claims name the run; the instance prefix lets the next run take its leases back.
  // On PostgreSQL with no stable name there is none to go by: a dead run's leases are waited out.
  const stable =
    config.INSTANCE_ID ?? config.WEBSITE_INSTANCE_ID ?? (config.DATABASE_URL ? undefined : 'local');
  const instance = stable === undefined ? undefined : `${stable.slice(0, 100)}:`;
  const owner = `${instance ?? `${hostname()}:`}${process.pid}:${randomUUID().slice(0, 6)}`;
  if (!config.botAuth)
    log.warn('MicrosoftAppId is not set: Bot Framework authentication is OFF. Development only.');
  if (config.devSignIn)
    log.warn('Development sign-in is ON: anyone can sign in to the tab as a demo person. Development only.');
  const cipher = new PersonalDataCipher(loadDataKey(config, (m) => log.warn(m)));
  const auditKey = loadAuditKey(config, (m) => log.warn(m));
  const store = await openStore({
    auditKey,
    databaseUrl: config.DATABASE_URL,
    sqlitePath: join(config.DATA_DIR, 'marac.sqlite'),
    cipher,
    instanceId: owner,
    schema: opts.pgSchema,
    onError: (e) => log.error({ err: (e as Error)?.name }, 'store event delivery problem'),
  });
  if (config.seedDemo && (await seedDemo(store, cipher, clock)))
    log.info('Seeded the fictional demonstration area and meeting (link code DEMO).');
  await warnIfNoAdmin(store, config, log);
  const graph = opts.graph ?? graphFromConfig(config, log);

  // The audit chain's head, signed, in the log and under DATA_DIR: at start, daily, on shutdown.
  const stopCheckpoints = startCheckpoints(
    () => writeCheckpoint(store, auditKey, config.DATA_DIR, log),
    (e) => log.error({ err: (e as Error)?.name }, 'audit checkpoint failed'),
  );
  const bot = createBot({
    store,
    clock,
    owner,
    instance,
    log,
    reminderHour: config.reminderHour,
    publicBaseUrl: config.PUBLIC_BASE_URL,
    schedulerEveryMs: opts.schedulerEveryMs,
    outboxLimits: opts.outboxLimits,
    ...(graph ? { agencyDirectory: agencyDirectoryOf(graph, log), activityFeed: graph.activityFeed } : {}),
    auth: {
      appId: config.MicrosoftAppId,
      appPassword: config.MicrosoftAppPassword,
      appType: config.MicrosoftAppType,
      tenantId: config.MicrosoftAppTenantId,
      ...opts.botAuth,
    },
  });

  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', async (_req, res) => {
    try {
      await store.repos.events.lastSeq();
      res.json({ status: 'ok', storage: store.dialect });
    } catch {
      res.status(503).json({ status: 'unavailable' });
    }
  });
  app.use(bot.router);
  app.use(createTabApp({ store, cipher, clock, config, log, clientDir: opts.clientDir, graph }));

  const server: Server = await new Promise((resolve) => {
    const s = app.listen(config.PORT, config.host, () => resolve(s));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  log.info({ port, storage: store.dialect }, 'MARAC for Teams is listening');
  return {
    app,
    server,
    store,
    bot,
    cipher,
    port,
    url: `http://127.0.0.1:${port}`,
    async close() {
      await bot.stop();
      await new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections?.();
      await stopCheckpoints();
      await store.close();
    },
  };
}
/** A new install needs a first administrator: say exactly how to get one. */
async function warnIfNoAdmin(store: Store, config: Config, log: Logger) {
  if ((await setupStatus(store)).admins || config.bootstrapAdminIds.length) return;
  log.warn(
    config.devSignIn
      ? 'No MARAC administrator yet: open the tab and choose "First-run administrator" in the development sign-in, or set BOOTSTRAP_ADMIN_OBJECT_IDS.'
      : 'No MARAC administrator yet: set BOOTSTRAP_ADMIN_OBJECT_IDS to your Entra object id (comma separated for several) and restart; that person becomes an administrator on first sign-in.',
  );
}

export type RunningServer = Awaited<ReturnType<typeof startServer>>;
