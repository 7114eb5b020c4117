import { describe, expect, it } from 'vitest';
import { targetFor, useOutboxHarness } from '../../../testing/connector-harness.js';
import { connectorSender } from '../../../testing/connector-sender.js';
import { type ChatSender, SendError } from './chat-sender.js';
import { postToChat } from './outbox.js';
import type { OutboxLimits } from './outbox-worker.js';

const h = useOutboxHarness();
const worker = (limits: Partial<OutboxLimits> = {}, sender?: ChatSender) => h.worker({ limits, sender });
const post = (conv: string, text: string, opts?: Parameters<typeof postToChat>[3]) =>
  postToChat(
    h.store.repos,
    targetFor(h.standIn.url, conv),
    { type: 'message', text },
    opts,
    h.time.clock.now(),
  );
const texts = h.texts;

describe('OutboxWorker against the Bot Connector stand-in', () => {
  it('delivers 200 messages over 5 conversations exactly once, in order, through random 429s and 502s', async () => {
    const convs = Array.from({ length: 5 }, (_, i) => `19:meeting_${i}@thread.v2`);
    const expected = new Map(convs.map((c) => [c, [] as string[]]));
    // One transaction: 200 separate commits would spend most of this test in fsync.
    await h.store.tx(async (r) => {
      for (let i = 0; i < 200; i++) {
        const conv = convs[(i * 7) % 5];
        expected.get(conv)!.push(`msg ${i}`);
        await postToChat(
          r,
          targetFor(h.standIn.url, conv),
          { type: 'message', text: `msg ${i}` },
          {},
          h.time.clock.now(),
        );
      }
    });
    h.standIn.failRandomly({ rate: 0.25, statuses: [429, 502], seed: 42, retryAfterSeconds: 2 });
    h.standIn.enforceRateLimits();
    // 20 attempts: the point here is order and once-only delivery, not giving up.
    await worker({ maxAttempts: 20 }).idle();

    for (const conv of convs) expect(texts(conv)).toEqual(expected.get(conv));
    const statuses = h.standIn.requests.map((r) => r.status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(5);
    expect(statuses.filter((s) => s === 502).length).toBeGreaterThan(5);
    expect(await h.store.repos.outbox.pending()).toEqual([]);
    expect(h.log.lines.filter((l) => l.startsWith('ERROR'))).toEqual([]);
  });

  it('honours Retry-After to the millisecond, and otherwise backs off exponentially with jitter', async () => {
    const w = worker();
    const conv = '19:a@thread.v2';
    const wait = async () => (await h.store.repos.outbox.pending(conv))[0].notBefore - h.time.clock.now();
    h.standIn.failNext(1, 429, 7);
    await post(conv, 'one');
    await w.drainOnce();
    expect(await wait()).toBe(7000);
    h.time.clock.advance(6999);
    expect(await w.drainOnce()).toBe(0);
    h.time.clock.advance(1);
    expect(await w.drainOnce()).toBe(1);

    h.standIn.failNext(3, 502);
    await post(conv, 'two');
    // base 1 s, equal jitter: retry n waits between half and all of 2^(n-1) s.
    for (const [lo, hi] of [
      [500, 1000],
      [1000, 2000],
      [2000, 4000],
    ]) {
      h.time.clock.advance(5000); // clear of the rate limiter, so only the backoff is measured
      await w.drainOnce();
      const ms = await wait();
      expect(ms).toBeGreaterThanOrEqual(lo);
      expect(ms).toBeLessThanOrEqual(hi);
      h.time.clock.advance(ms);
    }
    await w.drainOnce();
    expect(h.standIn.requests.map((r) => r.status)).toEqual([429, 200, 502, 502, 502, 200]);
    expect(texts(conv)).toEqual(['one', 'two']);
  });

  it('upserts a card in place: one message, and changes queued before it went out become one message with the newest content', async () => {
    const conv = '19:meeting_roll@thread.v2';
    for (let k = 0; k <= 5; k++) await post(conv, `roll call v${k}`, { cardKey: 'rollcall:m1' });
    await post(conv, 'unrelated');
    await worker().idle();
    for (let k = 6; k <= 9; k++)
      await post(conv, `roll call v${k}`, { cardKey: 'rollcall:m1', mode: 'update' });
    await worker().idle();

    const msgs = h.standIn.messages(conv);
    // v0..v5 queued before the first post: posted once with v5; v6..v9 queued while idle: one update with v9.
    expect(msgs.map((m) => [m.text, m.updated])).toEqual([
      ['roll call v9', 1],
      ['unrelated', 0],
    ]);
    expect(await h.store.repos.cards.get('rollcall:m1')).toEqual({
      conversationId: conv,
      activityId: msgs[0].id,
    });
    expect(h.standIn.requests.filter((r) => r.method === 'PUT').length).toBe(1);
    expect(h.standIn.requests.filter((r) => r.method === 'POST').length).toBe(2);
  });

  it('holds back a conversation behind its failing item without holding up the others', async () => {
    const inner = connectorSender();
    let aFailures = 3;
    const flaky: ChatSender = {
      send: async (t, a) => {
        if (t.conversationId === 'A' && aFailures-- > 0) throw new SendError('bad gateway', 502);
        return inner.send(t, a);
      },
      update: (t, id, a) => inner.update(t, id, a),
      openPersonalChat: (u) => inner.openPersonalChat(u),
    };
    const w = worker({}, flaky);
    for (const text of ['A1', 'A2']) await post('A', text);
    for (const text of ['B1', 'B2', 'B3']) await post('B', text);
    for (let i = 0; i < 3; i++) await w.drainOnce();
    expect(texts('B')).toEqual(['B1', 'B2', 'B3']);
    expect(texts('A')).toEqual([]);
    expect(
      (await h.store.repos.outbox.pending('A')).map((i) => [
        i.attempts,
        (i.payload.activity as { text: string }).text,
      ]),
    ).toEqual([
      [1, 'A1'],
      [0, 'A2'],
    ]);
    await w.idle();
    expect(texts('A')).toEqual(['A1', 'A2']);
  });

  it('marks a permanent 403 failed at once, logs ids not text, and lets the conversation carry on', async () => {
    h.standIn.failNext(1, 403);
    await post('C', 'confidential: victim address');
    await post('C', 'next');
    await worker().idle();
    expect(h.standIn.requests.map((r) => r.status)).toEqual([403, 200]);
    expect(texts('C')).toEqual(['next']);
    expect(await h.store.repos.outbox.pending()).toEqual([]);
    expect(h.log.lines).toHaveLength(1);
    expect(h.log.lines[0]).toMatch(/^ERROR outbox: gave up.*"status":403/);
    expect(h.log.lines.join('\n')).not.toMatch(/confidential|victim/);
  });

  it('gives up on a transient failure after maxAttempts', async () => {
    h.standIn.failNext(10, 502);
    await post('D', 'never arrives');
    await worker({ maxAttempts: 4 }).idle();
    expect(h.standIn.requests.map((r) => r.status)).toEqual([502, 502, 502, 502]);
    expect(h.log.lines.filter((l) => l.startsWith('WARN'))).toHaveLength(3);
    expect(h.log.lines.at(-1)).toMatch(/gave up.*"attempts":4/);
  });
});
