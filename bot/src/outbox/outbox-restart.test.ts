import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Store } from '@marac/core';
import { type ConnectorStandIn, startConnectorStandIn } from '../../../testing/connector-standin.js';
import { connectorSender } from '../../../testing/connector-sender.js';
import {
  captureLog,
  targetFor,
  tempDb,
  type TempDb,
  virtualTime,
} from '../../../testing/connector-harness.js';
import type { ChatSender } from './chat-sender.js';
import { postToChat } from './outbox.js';
import { type OutboxLimits, OutboxWorker } from './outbox-worker.js';

let db: TempDb;
let standIn: ConnectorStandIn;
let time: ReturnType<typeof virtualTime>;

beforeEach(async () => {
  db = tempDb();
  time = virtualTime();
  standIn = await startConnectorStandIn({ now: () => time.clock.now() });
});
afterEach(async () => {
  await standIn.close();
  await db.dispose();
});

const worker = (
  store: Store,
  owner: string,
  limits: Partial<OutboxLimits> = {},
  sender: ChatSender = connectorSender(),
) =>
  new OutboxWorker({ store, sender, clock: time.clock, owner, limits, sleep: time.sleep, log: captureLog() });
const enqueue = (store: Store, conv: string, texts: string[]) =>
  store.tx(async (r) => {
    for (const text of texts)
      await postToChat(r, targetFor(standIn.url, conv), { text }, {}, time.clock.now());
  });
const texts = (conv: string) => standIn.messages(conv).map((m) => m.text);
const numbered = (p: string, n: number) => Array.from({ length: n }, (_, i) => `${p}${i + 1}`);

describe('OutboxWorker across restarts', () => {
  it('a crashed instance holding a lease: a new Store on the same file delivers the rest once, in order', async () => {
    const store1 = await db.open();
    const inner = connectorSender();
    let xSends = 0;
    // X's third send never returns and never reaches Teams: the process "dies" holding its lease.
    const dying: ChatSender = {
      send: (t, a) =>
        t.conversationId === 'X' && ++xSends === 3 ? new Promise(() => undefined) : inner.send(t, a),
      update: (t, id, a) => inner.update(t, id, a),
      openPersonalChat: (u) => inner.openPersonalChat(u),
    };
    await enqueue(store1, 'X', numbered('X', 10));
    await enqueue(store1, 'Y', numbered('Y', 10));
    const w1 = worker(store1, 'instance-1', { leaseMs: 10_000, sendTimeoutMs: 4_000 }, dying);
    w1.start();
    // Wait on the store, not the stand-in: Y10 may have arrived but not yet been marked sent.
    const pendingTexts = async () =>
      (await store1.repos.outbox.pending()).map((i) => (i.payload.activity as { text: string }).text);
    await vi.waitFor(async () => expect(await pendingTexts()).toEqual(numbered('X', 10).slice(2)), {
      timeout: 5000,
      interval: 5,
    });
    void w1.stop(); // never settles: X3 is stuck in flight
    await store1.close();

    const store2 = await db.open();
    const w2 = worker(store2, 'instance-2');
    expect(await w2.drainOnce()).toBe(0); // X3 is still leased by the dead instance
    time.clock.advance(10_001);
    await w2.idle();
    expect(texts('X')).toEqual(numbered('X', 10));
    expect(texts('Y')).toEqual(numbered('Y', 10));
    expect(await store2.repos.outbox.pending()).toEqual([]);
  });

  it('a clean stop mid-way finishes what is in flight; the next instance carries on', async () => {
    const store1 = await db.open();
    await enqueue(store1, 'Z', numbered('Z', 30));
    const w1 = worker(store1, 'instance-1');
    w1.start();
    await vi.waitFor(() => expect(texts('Z').length).toBeGreaterThanOrEqual(5), {
      timeout: 5000,
      interval: 2,
    });
    await w1.stop();
    const delivered = texts('Z').length;
    expect(delivered).toBeLessThan(30);
    expect((await store1.repos.outbox.pending()).length).toBe(30 - delivered);
    await store1.close();

    const store2 = await db.open();
    await worker(store2, 'instance-2').idle();
    expect(texts('Z')).toEqual(numbered('Z', 30));
  });
});

describe('OutboxWorker within Teams rate limits', () => {
  it('never trips the per-conversation limits (70 messages: past the 60-per-30-s window)', async () => {
    const store = await db.open();
    standIn.enforceRateLimits();
    await enqueue(store, 'R', numbered('R', 70));
    await worker(store, 'w').idle();
    expect(texts('R')).toEqual(numbered('R', 70));
    expect(standIn.requests.filter((r) => r.status === 429)).toEqual([]);
  });

  it('without the limiter the stand-in answers 429, and Retry-After still gets everything through', async () => {
    const store = await db.open();
    standIn.enforceRateLimits();
    await enqueue(store, 'R', numbered('R', 70));
    await worker(store, 'w', { windows: [{ ms: 1, max: 1_000_000 }], maxAttempts: 50 }).idle();
    expect(texts('R')).toEqual(numbered('R', 70));
    expect(standIn.requests.filter((r) => r.status === 429).length).toBeGreaterThan(0);
  });
});

describe('OutboxWorker polling and kick', () => {
  it('delivers right after kick() without waiting for the next poll, and idle() waits for it', async () => {
    const store = await db.open();
    const w = worker(store, 'w', { pollMs: 60_000 });
    w.start();
    await enqueue(store, 'K', ['hello']);
    w.kick();
    await w.idle();
    expect(texts('K')).toEqual(['hello']);
    await w.stop();
  });

  it('a kick inside a transaction waits for its commit: nothing is claimed or sent from a rolled-back one', async () => {
    const store = await db.open();
    const w = worker(store, 'w', { pollMs: 60_000 });
    // As the projector does: enqueue and kick inside its claim transaction, which then fails. stop()
    // waits for any pass the kick started, so the transaction is still open while it would run.
    const boom = new Error('projection failed');
    await expect(
      store.tx(async (r) => {
        await postToChat(r, targetFor(standIn.url, 'T'), { text: 'rolled back' }, {}, time.clock.now());
        w.start();
        w.kick();
        await w.stop();
        expect(standIn.requests).toHaveLength(0);
        throw boom;
      }),
    ).rejects.toBe(boom);
    w.start();
    await enqueue(store, 'T', ['committed']);
    w.kick();
    await w.idle();
    expect(texts('T')).toEqual(['committed']);
    await w.stop();
  });
});
