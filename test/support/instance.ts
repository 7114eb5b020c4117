/**
 * One MARAC server as its own Node process, for test/scale-out.test.ts. Started with
 * `node --import tsx test/support/instance.ts` over an IPC channel; configured by environment:
 *
 *   DATABASE_URL, MARAC_TEST_PG_SCHEMA      the shared PostgreSQL database and schema
 *   DATA_ENCRYPTION_KEY                     shared, so every instance reads what another sealed
 *   DATA_DIR, REMINDER_HOUR_UTC             as in production
 *   MARAC_TEST_CLOCK_START                  epoch ms for this process's ManualClock
 *
 * The parent moves every instance's clock together and asks for scheduler ticks over IPC, so
 * time is the same in every process and the test decides when the timers run. Nothing here is
 * used in production.
 */
import { ManualClock, type StoredEvent } from '@marac/core';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { startServer } from '../../src/server.js';

export type InstanceCommand =
  { cmd: 'clock'; at: number } | { cmd: 'tick' } | { cmd: 'settle' } | { cmd: 'seen' } | { cmd: 'close' };
export type InstanceRequest = InstanceCommand & { id: number };
export type InstanceReply =
  { id: number; ok: true; result?: unknown } | { id: number; ok: false; error: string };
export type InstanceReady = { ready: true; port: number; owner: string };

const env = process.env;
const clock = new ManualClock(Number(env.MARAC_TEST_CLOCK_START));
const config = loadConfig({
  NODE_ENV: 'test',
  PORT: '0',
  DATA_DIR: env.DATA_DIR,
  DATABASE_URL: env.DATABASE_URL,
  DATA_ENCRYPTION_KEY: env.DATA_ENCRYPTION_KEY,
  REMINDER_HOUR_UTC: env.REMINDER_HOUR_UTC,
  SEED_DEMO: 'on',
  DEV_SIGN_IN: 'on',
  LOG_LEVEL: 'warn',
  INSTANCE_ID: env.INSTANCE_ID,
});
// The scheduler's own interval is an hour of real time: ticks come from the parent, on every
// instance at once, so the race for each claim is real and the test knows when it is over.
const server = await startServer(config, {
  clock,
  log: createLogger('warn'),
  schedulerEveryMs: 3_600_000,
  pgSchema: env.MARAC_TEST_PG_SCHEMA,
});

let closing: Promise<void> | undefined;
const close = () => (closing ??= server.close());

/** Every event this instance's store delivered, in order: the stand-in for a tab client's stream. */
const seen: Pick<StoredEvent, 'seq' | 'type'>[] = [];
server.store.onEvent((e) => seen.push({ seq: e.seq, type: e.type }));

async function handle(m: InstanceRequest): Promise<unknown> {
  switch (m.cmd) {
    case 'clock':
      clock.set(m.at);
      return clock.now();
    case 'tick':
      await server.bot.scheduler.tick();
      await server.bot.scheduler.idle();
      return undefined;
    case 'settle': {
      // What this instance projects and sends; the parent repeats until every instance is quiet.
      await server.bot.projector.idle();
      server.bot.worker.kick();
      return (await server.store.repos.outbox.pending()).length;
    }
    case 'seen':
      return seen;
    case 'close':
      await close();
      setImmediate(() => process.exit(0));
      return undefined;
  }
}

process.on('message', (m: InstanceRequest) => {
  handle(m).then(
    (result) => process.send?.({ id: m.id, ok: true, result } satisfies InstanceReply),
    (e: unknown) =>
      process.send?.({
        id: m.id,
        ok: false,
        error: String((e as Error)?.stack ?? e),
      } satisfies InstanceReply),
  );
});
// The parent going away takes this instance with it.
process.on('disconnect', () => void close().finally(() => process.exit(0)));
process.send?.({ ready: true, port: server.port, owner: server.bot.deps.owner } satisfies InstanceReady);
