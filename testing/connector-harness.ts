/**
 * Test fixtures for the outbox against the connector stand-in: a throw-away SQLite store, a
 * ManualClock whose sleeps move time instead of waiting, a log that keeps what was written, and
 * `useOutboxHarness`, the whole set-up the delivery suites share.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock, newDataKey, PersonalDataCipher, type Store } from '@marac/core';
import { openStore } from '@marac/core/store';
import { afterEach, beforeEach } from 'vitest';
import type { ChatSender, ConversationTarget } from '../bot/src/outbox/chat-sender.js';
import { type PostOptions, postToChat } from '../bot/src/outbox/outbox.js';
import { type OutboxLimits, type OutboxLog, OutboxWorker } from '../bot/src/outbox/outbox-worker.js';
import { connectorSender } from './connector-sender.js';
import { type ConnectorStandIn, seededRandom, startConnectorStandIn } from './connector-standin.js';

export interface TempDb {
  path: string;
  open(): Promise<Store>;
  /** Closes every store opened here and deletes the folder. */
  dispose(): Promise<void>;
}

/**
 * The store commits with synchronous=FULL, so on a real disk every outbox step waits on fsync;
 * these tests are about delivery logic, so a RAM-backed folder keeps them fast when there is one.
 */
const scratch = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();

export function tempDb(): TempDb {
  const dir = mkdtempSync(join(scratch, 'marac-outbox-'));
  const key = newDataKey();
  const opened: Store[] = [];
  const path = join(dir, 'marac.db');
  return {
    path,
    async open() {
      const store = await openStore({ sqlitePath: path, cipher: new PersonalDataCipher(key) });
      opened.push(store);
      return store;
    },
    async dispose() {
      for (const s of opened) await s.close().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A clock at a fixed instant, and a sleep that advances it (then yields, so I/O can run). */
export function virtualTime(start = Date.parse('2025-03-03T09:00:00Z')) {
  const clock = new ManualClock(start);
  const sleep = async (ms: number) => {
    clock.advance(ms);
    await new Promise((r) => setImmediate(r));
  };
  return { clock, sleep };
}

export const targetFor = (serviceUrl: string, conversationId: string): ConversationTarget => ({
  conversationId,
  serviceUrl,
  reference: { conversation: { id: conversationId }, serviceUrl },
});

export function captureLog(): OutboxLog & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    warn: (f, m) => void lines.push(`WARN ${m} ${JSON.stringify(f)}`),
    error: (f, m) => void lines.push(`ERROR ${m} ${JSON.stringify(f)}`),
  };
}

/**
 * One outbox test set-up for every suite that drives the worker against the Connector stand-in
 * (bot/src/outbox/*-delivery.test.ts, bot/src/teams/bot-framework-sender.test.ts): a fresh
 * SQLite store, stand-in on the manual clock, recording log and worker for each test. Call it at
 * the top of a describe block; it registers its own beforeEach/afterEach.
 */
export function useOutboxHarness() {
  let db: TempDb;
  let store: Store;
  let standIn: ConnectorStandIn;
  let time: ReturnType<typeof virtualTime>;
  let log: ReturnType<typeof captureLog>;
  beforeEach(async () => {
    db = tempDb();
    store = await db.open();
    time = virtualTime();
    standIn = await startConnectorStandIn({ now: () => time.clock.now() });
    log = captureLog();
  });
  afterEach(async () => {
    await standIn.close();
    await db.dispose();
  });
  const h = {
    get store() {
      return store;
    },
    get standIn() {
      return standIn;
    },
    get time() {
      return time;
    },
    get log() {
      return log;
    },
    /** A worker on the manual clock with seeded jitter; the stand-in sender unless one is given. */
    worker(o: { sender?: ChatSender; limits?: Partial<OutboxLimits>; seed?: number } = {}) {
      return new OutboxWorker({
        store,
        sender: o.sender ?? connectorSender(),
        clock: time.clock,
        owner: 'w1',
        limits: o.limits ?? {},
        sleep: time.sleep,
        random: seededRandom(o.seed ?? 7),
        log,
      });
    },
    /** Queues a plain message for `conv` (its own transaction); resolves to the outbox id. */
    post(conv: string, text: string, opts?: PostOptions) {
      return store.tx((r) =>
        postToChat(r, targetFor(standIn.url, conv), { type: 'message', text }, opts, time.clock.now()),
      );
    },
    texts: (conv: string) => standIn.messages(conv).map((m) => m.text),
    /**
     * Drains pass by pass, moving the clock to the next item's retry time between passes, until
     * nothing is pending (or `maxPasses`, so a stuck worker fails the test rather than hangs it).
     */
    async drainAll(w: OutboxWorker, maxPasses: number, afterPass?: () => Promise<void>) {
      for (let i = 0; i < maxPasses && (await store.repos.outbox.pending()).length; i++) {
        await w.drainOnce();
        await afterPass?.();
        const next = (await store.repos.outbox.pending())[0];
        if (next) time.clock.set(Math.max(time.clock.now(), next.notBefore));
      }
    },
  };
  return h;
}
