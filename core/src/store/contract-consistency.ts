import { expect, it } from 'vitest';
import type { DomainEvent, StoredEvent } from '../domain/events.js';
import { verifyAuditChain } from './audit-chain.js';
import type { SqlStore } from './store.js';
import * as f from './contract-fixtures.js';
import type { ContractContext } from './store.contract.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(done: () => boolean, what: string, ms = 4000) {
  const until = Date.now() + ms;
  while (!done()) {
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
    await sleep(10);
  }
}

const changed = (meetingId: string): DomainEvent => ({ type: 'MeetingChanged', meetingId });
const audit = (n: number) => ({
  at: `2026-03-10T10:00:${String(n % 60).padStart(2, '0')}.000Z`,
  actor: 'p1',
  action: 'meeting.edit',
  subject: `meeting:m${n}`,
  outcome: 'done' as const,
  details: { n, nested: { b: 1, a: [1, 'x'] } },
});

/** Storage contract, part 2: transactions, once-only writes, events, outbox order, audit, schema. */
export function consistencyCases(t: ContractContext) {
  it('grants a claim to exactly one caller across two instances', async () => {
    const { db, store } = t;
    const other = await db.open();
    const tries = Array.from({ length: 10 }, (_, i) =>
      (i % 2 ? other : store).repos.claims.claim('timer:m1:c1:5', `i${i}`, '2026-03-10T10:00:00.000Z'),
    );
    expect((await Promise.all(tries)).filter(Boolean)).toHaveLength(1);
    expect(await other.repos.claims.claim('timer:m1:c1:5', 'late', '2026-03-10T10:01:00.000Z')).toBe(false);
    expect(await store.repos.claims.claim('timer:m1:c1:1', 'late', '2026-03-10T10:01:00.000Z')).toBe(true);
  });

  it('claims many keys at once: each key goes to exactly one of two instances claiming together', async () => {
    const { db, store } = t;
    const other = await db.open();
    const keys = Array.from({ length: 450 }, (_, i) => `project:${i}`);
    const at = '2026-03-10T10:00:00.000Z';
    expect(await store.repos.claims.claim('project:7', 'earlier', at)).toBe(true);
    const [a, b] = await Promise.all([
      store.repos.claims.claimMany(keys, 'a', at),
      other.repos.claims.claimMany([...keys].reverse(), 'b', at),
    ]);
    expect(a.size + b.size).toBe(449);
    expect([...a].filter((k) => b.has(k))).toEqual([]);
    expect(a.has('project:7') || b.has('project:7')).toBe(false);
    expect(await store.repos.claims.claimMany([], 'a', at)).toEqual(new Set());
  });

  it('prunes claims by key prefix and age only, after which the key can be claimed again', async () => {
    const { claims } = t.store.repos;
    expect(await claims.claim('activity:c_1:old', 'i1', '2026-03-01T10:00:00.000Z')).toBe(true);
    expect(await claims.claim('activity:c_1:new', 'i1', '2026-03-10T10:00:00.000Z')).toBe(true);
    expect(await claims.claim('activityX:old', 'i1', '2026-03-01T10:00:00.000Z')).toBe(true);
    expect(await claims.claim('retention:c1', 'i1', '2026-03-01T10:00:00.000Z')).toBe(true);
    expect(await claims.prune('activity:', '2026-03-07T00:00:00.000Z')).toBe(1);
    expect(await claims.claim('activity:c_1:old', 'i2', '2026-03-10T11:00:00.000Z')).toBe(true);
    expect(await claims.claim('activity:c_1:new', 'i2', '2026-03-10T11:00:00.000Z')).toBe(false);
    expect(await claims.claim('activityX:old', 'i2', '2026-03-10T11:00:00.000Z')).toBe(false);
    expect(await claims.claim('retention:c1', 'i2', '2026-03-10T11:00:00.000Z')).toBe(false);
  });

  it('rolls back everything when a transaction fails, and publishes none of its events', async () => {
    const { store } = t;
    const seen: StoredEvent[] = [];
    store.onEvent((e) => seen.push(e));
    await store.repos.cases.nextNumber('cambs', 2026);
    const boom = new Error('boom');
    await expect(
      store.tx(async (r) => {
        await r.meetings.put(f.meeting('m1'));
        await r.cases.put(f.maracCase('c1'));
        await r.cases.nextNumber('cambs', 2026);
        await r.hearings.add(f.hearing('c1', 'm1'));
        await r.agenda.set('m1', ['c1']);
        await r.confirmations.add(f.confirmation('m1', 'u1'));
        await r.claims.claim('k1', 'me', 'now');
        await r.audit.append(audit(1));
        await r.events.append(changed('rolled-back'), '2026-03-10T10:00:00.000Z');
        await r.outbox.enqueue({ conversationId: 'c', kind: 'send', payload: {} }, 1);
        await store.tx((inner) => inner.live.put(f.live('m1', 1)));
        throw boom;
      }),
    ).rejects.toBe(boom);
    const r = store.repos;
    expect(await r.meetings.list()).toEqual([]);
    expect(await r.cases.list()).toEqual([]);
    expect(await r.hearings.list()).toEqual([]);
    expect(await r.agenda.list('m1')).toEqual([]);
    expect(await r.confirmations.list('m1')).toEqual([]);
    expect(await r.live.get('m1')).toBeUndefined();
    expect(await r.audit.list()).toEqual([]);
    expect(await r.events.lastSeq()).toBe(0);
    expect(await r.outbox.pending()).toEqual([]);
    expect(await r.claims.claim('k1', 'me', 'now')).toBe(true);
    expect(await r.cases.nextNumber('cambs', 2026)).toBe(2);
    // A later committed event arrives; the rolled-back one never did.
    await r.events.append(changed('committed'), '2026-03-10T10:01:00.000Z');
    await waitFor(() => seen.length > 0, 'the committed event');
    expect(seen.map((e) => (e as { meetingId: string }).meetingId)).toEqual(['committed']);
  });

  it('joins nested tx and store.repos calls to the running transaction', async () => {
    const { store } = t;
    await store.tx(async (r) => {
      await r.meetings.put(f.meeting('m1'));
      await store.tx(async (inner) => expect(await inner.meetings.get('m1')).toBeDefined());
      // Inside a transaction, store.repos sees (and joins) it rather than waiting for it.
      expect(await store.repos.meetings.get('m1')).toBeDefined();
    });
    expect((await store.repos.meetings.get('m1'))?.version).toBe(1);
  });

  it('runs afterCommit work once the transaction committed, in transactions of its own; never after a rollback', async () => {
    const { store } = t;
    const ran: string[] = [];
    const started: Promise<void>[] = [];
    // What the outbox worker does when kicked inside a projection: it must not join (and claim or
    // mark rows in) a transaction that may yet roll back.
    // What a transaction found is recorded once it has committed: its function may run twice.
    const work = (tag: string) => () =>
      void started.push(
        store
          .tx(async (r) => {
            const seen = (await r.meetings.get('m1')) ? 'sees m1' : 'no m1';
            await r.claims.claim(`after:${tag}`, 'me', 'now');
            return `${tag}:${seen}`;
          })
          .then((done) => void ran.push(done)),
      );
    await store.tx(async (r) => {
      await r.meetings.put(f.meeting('m1'));
      store.afterCommit(work('committed'));
      await r.claims.claim('k-after', 'me', 'now');
      expect(ran).toEqual([]);
    });
    await expect(
      store.tx(async () => {
        store.afterCommit(work('rolled-back'));
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    store.afterCommit(work('outside'));
    await Promise.all(started);
    expect(ran).toEqual(['committed:sees m1', 'outside:sees m1']);
    expect(await store.repos.claims.claim('after:committed', 'again', 'now')).toBe(false);
  });

  it('runs the listed reads beside an open transaction; other methods are writes in their own', async () => {
    const { store } = t;
    await store.repos.meetings.put(f.meeting('m1'));
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const open = store.tx(async (r) => {
      await r.meetings.put({ ...f.meeting('m1'), version: 1 }, 1);
      await gate;
    });
    try {
      await sleep(20);
      // A read (READ_METHODS) answers now, from committed data, without waiting for the open one.
      expect((await store.repos.meetings.get('m1'))?.version).toBe(1);
      let claimed = false;
      const write = store.repos.claims.claim('k-after', 'p', '2026-12-01').then(() => (claimed = true));
      // One writer (on PostgreSQL too): the write waits in the queue until the open one commits.
      await sleep(50);
      expect(claimed).toBe(false);
      release();
      await Promise.all([open, write]);
      expect(claimed).toBe(true);
    } finally {
      release();
      await open.catch(() => undefined);
    }
    expect((await store.repos.meetings.get('m1'))?.version).toBe(2);
  });

  it('delivers events only after commit, once each, in seq order', async () => {
    const { store } = t;
    const seen: StoredEvent[] = [];
    store.onEvent((e) => seen.push(e));
    const committed = store.tx(async (r) => {
      const a = await r.events.append(changed('m1'), '2026-03-10T10:00:00.000Z');
      const b = await r.events.append(changed('m2'), '2026-03-10T10:00:01.000Z');
      expect(b.seq).toBeGreaterThan(a.seq);
      await sleep(300);
      expect(seen).toEqual([]);
    });
    await committed;
    await store.repos.events.append(changed('m3'), '2026-03-10T10:00:02.000Z');
    await waitFor(() => seen.length >= 3, 'three events');
    await sleep(300);
    expect(seen.map((e) => [e.seq, e.type, (e as { meetingId: string }).meetingId])).toEqual([
      [1, 'MeetingChanged', 'm1'],
      [2, 'MeetingChanged', 'm2'],
      [3, 'MeetingChanged', 'm3'],
    ]);
    expect(await store.repos.events.since(1)).toEqual(seen.slice(1));
    expect(await store.repos.events.since(0, 1)).toEqual(seen.slice(0, 1));
    expect(await store.repos.events.lastSeq()).toBe(3);
  });

  it('delivers events committed by another instance, and stops after unsubscribe', async () => {
    const { db, store } = t;
    const other = await db.open();
    const here: StoredEvent[] = [];
    const there: StoredEvent[] = [];
    store.onEvent((e) => here.push(e));
    const stop = other.onEvent((e) => there.push(e));
    for (let i = 0; i < 5; i++) await store.repos.events.append(changed(`m${i}`), '2026-03-10T10:00:00.000Z');
    await other.tx((r) => r.events.append(changed('from-other'), '2026-03-10T10:00:00.000Z'));
    await waitFor(() => here.length === 6 && there.length === 6, 'six events on both instances');
    expect(there).toEqual(here);
    expect(here.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    stop();
    await store.repos.events.append(changed('after'), '2026-03-10T10:00:00.000Z');
    await waitFor(() => here.length === 7, 'the seventh event here');
    await sleep(300);
    expect(there).toHaveLength(6);
  });

  it('hands out one outbox item per conversation, in order, under a lease', async () => {
    const { store } = t;
    const o = store.repos.outbox;
    const a1 = await o.enqueue({ conversationId: 'A', kind: 'send', payload: { n: 1 } }, 1000);
    const a2 = await o.enqueue(
      { conversationId: 'A', kind: 'update', cardKey: 'card:1', payload: { n: 2 } },
      1000,
    );
    const b1 = await o.enqueue({ conversationId: 'B', kind: 'send', payload: { n: 3 } }, 1000);
    // Conversations the worker is delivering to already are left out (and count against no limit).
    expect((await o.claimReady('w1', 1000, 5000, 1, ['A'])).map((i) => i.id)).toEqual([b1]);
    const first = await o.claimReady('w1', 1000, 5000, 10);
    expect(first.map((i) => i.id)).toEqual([a1, b1]);
    expect(first[0]).toEqual({
      id: a1,
      conversationId: 'A',
      kind: 'send',
      payload: { n: 1 },
      attempts: 0,
      notBefore: 1000,
      fence: 1,
      leaseUntil: 6000,
    });
    // Leased to w1: another worker gets nothing until the lease runs out; never the later A item.
    expect(await o.claimReady('w2', 2000, 5000, 10)).toEqual([]);
    const taken = await o.claimReady('w2', 6000, 5000, 1);
    expect(taken.map((i) => [i.id, i.fence])).toEqual([[a1, 2]]);
    // w1's lease ran out and w2 holds it now: w1 can no longer mark it, w2 can.
    expect(await o.markSent(a1, 1, 'activity-w1')).toBe(false);
    expect(await o.markSent(a1, 2, 'activity-w2')).toBe(true);
    expect(await o.get(a1)).toEqual({ id: a1, status: 'sent', attempts: 0, activityId: 'activity-w2' });
    expect(await o.retryLater(b1, first[1].fence, 9000, 'SendError 502')).toBe(true);
    const next = await o.claimReady('w1', 7000, 5000, 10);
    expect(next).toEqual([
      {
        id: a2,
        conversationId: 'A',
        kind: 'update',
        cardKey: 'card:1',
        payload: { n: 2 },
        attempts: 0,
        notBefore: 1000,
        fence: 1,
        leaseUntil: 12000,
      },
    ]);
    expect(await o.markFailed(a2, 1, 'HTTP 403')).toBe(true);
    expect(await o.claimReady('w1', 8000, 5000, 10)).toEqual([]);
    const b = await o.claimReady('w1', 9000, 5000, 10);
    expect(b.map((i) => [i.id, i.attempts])).toEqual([[b1, 1]]);
    expect((await o.pending()).map((i) => i.id)).toEqual([b1]);
    expect(await o.pending('A')).toEqual([]);
    expect(await o.markSent(b1, b[0].fence, 'x')).toBe(true);
    expect(await o.pending()).toEqual([]);
  });

  it('drops sent payloads, lists failed items for the coordinator, resends one at the end of its conversation', async () => {
    const { db, store } = t;
    const o = store.repos.outbox;
    const sent = await o.enqueue({ conversationId: 'A', kind: 'send', payload: { text: 'quote' } }, 1000);
    const [s1] = await o.claimReady('w1', 1000, 5000, 10);
    await o.markSent(sent, s1.fence, 'a-1');
    // Behind the store's back: a row still quoting the text would be deleted here.
    await db.raw(`DELETE FROM outbox WHERE id = ${sent} AND payload LIKE '%quote%'`);
    expect(await o.get(sent)).toMatchObject({ status: 'sent', activityId: 'a-1' });
    const f = await o.enqueue({ conversationId: 'A', kind: 'send', payload: { text: 'lost' } }, 2000);
    const later = await o.enqueue({ conversationId: 'A', kind: 'send', payload: { text: 'later' } }, 2000);
    const [c] = await o.claimReady('w1', 2000, 5000, 10);
    await o.markFailed(f, c.fence, 'SendError 403 after 1 attempt(s)');
    expect(await o.listFailed()).toEqual([
      {
        id: f,
        conversationId: 'A',
        kind: 'send',
        error: 'SendError 403 after 1 attempt(s)',
        attempts: 1,
        enqueuedAt: 2000,
        payload: { text: 'lost' },
      },
    ]);
    expect(await o.listFailed(['B'])).toEqual([]);
    const again = await o.resend(f, 3000);
    expect(again).toBeGreaterThan(later);
    expect(await o.resend(f, 3000)).toBeUndefined();
    expect(await o.listFailed()).toEqual([]);
    expect((await o.pending('A')).map((i) => [i.id, i.payload])).toEqual([
      [later, { text: 'later' }],
      [again, { text: 'lost' }],
    ]);
  });

  it('a restarted instance takes back the leases its earlier run held, and only those', async () => {
    const { store } = t;
    const o = store.repos.outbox;
    const a = await o.enqueue({ conversationId: 'A', kind: 'send', payload: {} }, 1000);
    const b = await o.enqueue({ conversationId: 'B', kind: 'send', payload: {} }, 1000);
    await o.claimReady('host-1:101', 1000, 60_000, 1);
    await o.claimReady('host-10:102', 1000, 60_000, 1);
    expect(await o.claimReady('host-1:200', 2000, 60_000, 10)).toEqual([]);
    expect(await o.releaseLeases('host-1:', 'host-1:200')).toBe(1);
    expect((await o.claimReady('host-1:200', 2000, 60_000, 10)).map((i) => i.id)).toEqual([a]);
    expect(b).toBeGreaterThan(a);
  });

  it('keeps a verifiable audit chain; concurrent appends from two instances never fork it', async () => {
    const { db, store } = t;
    const other = await db.open();
    const entries = await Promise.all(
      Array.from({ length: 16 }, (_, i) => (i % 2 ? other : store).repos.audit.append(audit(i))),
    );
    expect(entries.map((e) => e.seq).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 16 }, (_, i) => i + 1),
    );
    const list = await store.repos.audit.list();
    expect(list[0].prevHash).toBe('0'.repeat(64));
    for (let i = 1; i < list.length; i++) expect(list[i].prevHash).toBe(list[i - 1].hash);
    const key = (store as SqlStore).auditKey;
    expect(await verifyAuditChain(store, key)).toMatchObject({ ok: true, count: 16 });
    expect(await verifyAuditChain(other, key, { pageSize: 5 })).toMatchObject({ ok: true, count: 16 });
    expect((await store.repos.audit.list(15, 10)).map((e) => e.seq)).toEqual([15, 16]);
  });

  it('keeps the audit chain whole when a transaction that appended rolls back beside others', async () => {
    const { store } = t;
    const results = await Promise.allSettled(
      Array.from({ length: 9 }, (_, i) =>
        store.tx(async (r) => {
          await r.audit.append(audit(i));
          await r.audit.append(audit(i + 100));
          if (i % 3 === 1) throw new Error('refused after appending');
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(
      Array.from({ length: 9 }, (_, i) => (i % 3 === 1 ? 'rejected' : 'fulfilled')),
    );
    expect((await store.repos.audit.list()).map((e) => e.subject)).toEqual(
      [0, 2, 3, 5, 6, 8].flatMap((i) => [`meeting:m${i}`, `meeting:m${i + 100}`]),
    );
    expect(await verifyAuditChain(store, (store as SqlStore).auditKey)).toMatchObject({
      ok: true,
      count: 12,
    });
  });

  it('refuses audit edits in SQL, and verification names the first tampered entry', async () => {
    const { db, store } = t;
    for (let i = 1; i <= 4; i++) await store.repos.audit.append(audit(i));
    await expect(db.raw("UPDATE audit SET actor = 'mallory' WHERE seq = 2")).rejects.toThrow(/append-only/);
    await expect(db.raw('DELETE FROM audit WHERE seq = 4')).rejects.toThrow(/append-only/);
    await db.raw(
      db.dialect === 'postgres'
        ? 'ALTER TABLE audit DISABLE TRIGGER audit_append_only'
        : 'DROP TRIGGER audit_no_update',
    );
    await db.raw("UPDATE audit SET actor = 'mallory' WHERE seq = 2");
    const result = await verifyAuditChain(store, (store as SqlStore).auditKey);
    expect(result).toMatchObject({ ok: false, firstBrokenSeq: 2, count: 1 });
    expect(result.ok === false && result.reason).toMatch(/entry 2/);
  });

  it('refuses a database whose schema is newer than this code, and leaves it untouched', async () => {
    const { db, store } = t;
    await store.repos.meetings.put(f.meeting('m1'));
    await db.raw(
      "INSERT INTO schema_version (version, name, applied_at) VALUES (999, 'from the future', '2030-01-01')",
    );
    await expect(db.open()).rejects.toMatchObject({
      name: 'DomainError',
      code: 'schema',
      message: expect.stringMatching(/999/),
    });
    expect((await store.repos.meetings.get('m1'))?.id).toBe('m1');
  });
}
