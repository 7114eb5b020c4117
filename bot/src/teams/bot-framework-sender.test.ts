/**
 * Fault runs of the production sender (botbuilder's ConnectorClient, bot/src/teams) under the
 * outbox worker, against the Bot Connector stand-in on a manual clock: an outage, throttling
 * with Retry-After, and a Connector that posts the message but never answers. A failed send
 * must never count as sent, and nothing may be lost or reordered.
 */
import { describe, expect, it } from 'vitest';
import { useOutboxHarness } from '../../../testing/connector-harness.js';
import { postToChat } from '../outbox/outbox.js';
import { createAdapter } from './adapter.js';
import { BotFrameworkSender } from './bot-framework-sender.js';

const h = useOutboxHarness();
const conv = '19:meeting_faults@thread.v2';

/** The real sender: no app id, so no token is fetched (as in local development). */
function worker(sendTimeoutMs = 10_000) {
  const { auth } = createAdapter(
    { appType: 'MultiTenant' },
    { onTurn: async () => undefined, onError: () => {} },
  );
  return h.worker({
    sender: new BotFrameworkSender(auth, '', sendTimeoutMs),
    limits: { sendTimeoutMs, maxAttempts: 12 },
    seed: 3,
  });
}
const post = (text: string) => h.post(conv, text);
const texts = () => h.texts(conv);

describe('BotFrameworkSender under the outbox, through Connector faults', () => {
  it('a 30 s outage (502): nothing counts as sent until Teams has it; then all three replies, in order', async () => {
    h.standIn.failFor(30_000, 502);
    const ids = [await post('reply 1'), await post('reply 2'), await post('reply 3')];
    const w = worker();
    // Each pass either fails (and backs off) or delivers; none may mark a message it could not send.
    for (let i = 0; i < 40 && (await h.store.repos.outbox.pending()).length; i++) {
      await w.drainOnce();
      for (const id of ids) {
        const row = await h.store.repos.outbox.get(id);
        if (row?.status === 'sent') expect(texts()).toContain(`reply ${ids.indexOf(id) + 1}`);
      }
      const next = (await h.store.repos.outbox.pending())[0];
      if (next) h.time.clock.set(Math.max(h.time.clock.now(), next.notBefore));
    }
    expect(texts()).toEqual(['reply 1', 'reply 2', 'reply 3']);
    const failed = h.standIn.requests.filter((r) => r.status === 502);
    expect(failed.length).toBeGreaterThanOrEqual(4);
    expect(Math.max(...failed.map((r) => r.at)) - Math.min(...failed.map((r) => r.at))).toBeLessThan(30_000);
    // No hidden retries inside botbuilder: every 502 is a separate outbox attempt, logged by status.
    const retries = h.log.lines.filter((l) => l.includes('will retry'));
    expect(retries).toHaveLength(failed.length);
    expect(retries.every((l) => l.includes('"status":502'))).toBe(true);
    // Teams' activity ids are kept with each row.
    const msgs = h.standIn.messages(conv);
    for (const [i, id] of ids.entries())
      expect(await h.store.repos.outbox.get(id)).toMatchObject({ status: 'sent', activityId: msgs[i].id });
  });

  it('429 bursts with Retry-After: each retry waits what Teams asked, nothing lost or reordered', async () => {
    const w = worker();
    for (let n = 1; n <= 6; n++) {
      if (n % 2) h.standIn.failNext(3, 429, n);
      await post(`m${n}`);
    }
    for (let i = 0; i < 60 && (await h.store.repos.outbox.pending()).length; i++) {
      await w.drainOnce();
      const next = (await h.store.repos.outbox.pending())[0];
      if (next) h.time.clock.set(Math.max(h.time.clock.now(), next.notBefore));
    }
    expect(texts()).toEqual(['m1', 'm2', 'm3', 'm4', 'm5', 'm6']);
    // After every 429 the next request came no sooner than its Retry-After (1, 3 and 5 s).
    const reqs = h.standIn.requests;
    const gaps = reqs.slice(1).flatMap((r, i) => (reqs[i].status === 429 ? [r.at - reqs[i].at] : []));
    expect(gaps).toHaveLength(9);
    expect(gaps.slice(0, 3).every((g) => g >= 1000)).toBe(true);
    expect(gaps.slice(3, 6).every((g) => g >= 3000)).toBe(true);
    expect(gaps.slice(6).every((g) => g >= 5000)).toBe(true);
  });

  it('accepted then timed out: sent again, so Teams shows it twice, and the stored activity id tells the copies apart', async () => {
    const w = worker(1_500);
    const id = await post('before');
    await w.drainOnce();
    h.standIn.acceptThenHang(1);
    const hung = await post('uncertain');
    const after = await post('after');
    for (let i = 0; i < 10 && (await h.store.repos.outbox.pending()).length; i++) {
      await w.drainOnce();
      const next = (await h.store.repos.outbox.pending())[0];
      if (next) h.time.clock.set(Math.max(h.time.clock.now(), next.notBefore));
    }
    // Order holds; the one uncertain message appears twice; nothing else does.
    expect(texts()).toEqual(['before', 'uncertain', 'uncertain', 'after']);
    const msgs = h.standIn.messages(conv);
    const row = await h.store.repos.outbox.get(hung);
    expect(row).toMatchObject({ status: 'sent', attempts: 1, activityId: msgs[2].id });
    expect(row?.error).toMatch(/timeout/);
    const stored = new Set(
      (await Promise.all([id, hung, after].map((x) => h.store.repos.outbox.get(x)))).map(
        (r) => r?.activityId,
      ),
    );
    // The copy whose id no row holds is the duplicate.
    expect(msgs.filter((m) => !stored.has(m.id)).map((m) => m.text)).toEqual(['uncertain']);
    expect(h.log.lines.some((l) => l.includes('"status":"timeout"'))).toBe(true);
  });

  it('the whole fault run in one conversation: outage, then 429 bursts, then an answer that never comes — all delivered in order, the one duplicate detectable', async () => {
    // A send timeout that a loaded machine's ordinary sends never reach: only the hung one times out.
    const w = worker(5_000);
    const ids: number[] = [];
    const drain = () => h.drainAll(w, 80);
    // 1. The Connector answers 502 for 30 s while the chair types three commands.
    h.standIn.failFor(30_000, 502);
    for (const t of ['start', 'next', 'pause']) ids.push(await post(t));
    await drain();
    // 2. Then throttling: bursts of 429 with Retry-After of 1, 3 and 5 s.
    for (const n of [1, 3, 5]) {
      h.standIn.failNext(3, 429, n);
      ids.push(await post(`throttled ${n}`));
    }
    ids.push(await post('after the throttling'));
    await drain();
    // 3. Then a Connector that posts the message but never answers.
    h.standIn.acceptThenHang(1);
    const hung = await post('uncertain');
    ids.push(hung, await post('last'));
    await drain();

    expect(texts()).toEqual([
      'start',
      'next',
      'pause',
      'throttled 1',
      'throttled 3',
      'throttled 5',
      'after the throttling',
      'uncertain',
      'uncertain',
      'last',
    ]);
    expect(await h.store.repos.outbox.pending()).toEqual([]);
    expect(await h.store.repos.outbox.listFailed([conv])).toEqual([]);
    const statuses = h.standIn.requests.map((r) => r.status);
    expect(statuses.filter((x) => x === 502).length).toBeGreaterThan(0);
    expect(statuses.filter((x) => x === 429)).toHaveLength(9);
    // Every row holds the activity id of the copy it was marked for; the one copy no row holds
    // is the duplicate, and it is the uncertain message.
    const rows = await Promise.all(ids.map((id) => h.store.repos.outbox.get(id)));
    expect(rows.map((r) => r?.status)).toEqual(ids.map(() => 'sent'));
    const stored = new Set(rows.map((r) => r?.activityId));
    expect(stored.size).toBe(ids.length);
    const copies = h.standIn.messages(conv).filter((m) => !stored.has(m.id));
    expect(copies.map((m) => m.text)).toEqual(['uncertain']);
  });

  it('a refusal Teams will not change its mind on (403) is kept as failed for the coordinator, and logged', async () => {
    const w = worker();
    h.standIn.failNext(1, 403);
    const lost = await post('bot was removed');
    const next = await post('next');
    await w.drainOnce();
    await w.drainOnce();
    expect(texts()).toEqual(['next']);
    expect(await h.store.repos.outbox.listFailed([conv])).toMatchObject([
      {
        id: lost,
        error: expect.stringMatching(/403 after 1 attempt/),
        payload: { activity: { text: 'bot was removed' } },
      },
    ]);
    expect(await h.store.repos.outbox.get(next)).toMatchObject({ status: 'sent' });
    expect(h.log.lines.filter((l) => l.startsWith('ERROR'))).toEqual([
      expect.stringMatching(/gave up on a message.*"status":403/),
    ]);
  });

  it('opening a 1:1 chat is a send like any other: a failure is retried, then the chat is remembered', async () => {
    const w = worker();
    const open = { aadObjectId: 'aad-rep', teamsUserId: '29:rep', serviceUrl: h.standIn.url, tenantId: 't' };
    const to = {
      conversationId: 'personal:aad-rep',
      serviceUrl: h.standIn.url,
      reference: {},
      openPersonal: open,
    };
    h.standIn.failNext(1, 502);
    const id = await h.store.tx((r) =>
      postToChat(
        r,
        to,
        { type: 'message', text: 'your actions' },
        { cardKey: 'action:a1:aad-rep' },
        h.time.clock.now(),
      ),
    );
    await w.drainOnce();
    expect(await h.store.repos.outbox.get(id)).toMatchObject({ status: 'pending', attempts: 1 });
    h.time.clock.set((await h.store.repos.outbox.pending())[0].notBefore);
    await w.drainOnce();
    const personal = (await h.store.repos.conversations.getPersonal('user:aad-rep'))?.personal as {
      conversationId: string;
    };
    expect(h.standIn.messages(personal.conversationId).map((m) => m.text)).toEqual(['your actions']);
    expect(await h.store.repos.cards.get('action:a1:aad-rep')).toMatchObject({
      conversationId: personal.conversationId,
    });
    expect(h.standIn.requests.map((r) => [r.method, r.status])).toEqual([
      ['POST', 502],
      ['POST', 201],
      ['POST', 200],
    ]);
  });
});
