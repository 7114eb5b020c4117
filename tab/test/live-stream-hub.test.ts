import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock, PersonalDataCipher, newDataKey, type Store } from '@marac/core';
import { openStore } from '@marac/core/store';
import { EventStreamHub } from '../src/server/sse.js';
import { openSse } from './support/sse-client.js';

/** The event-stream hub on its own: heartbeats carry the server's time; old streams end and resume. */
describe('live event stream hub', () => {
  let dir: string;
  let store: Store;
  let server: Server;
  let url: string;
  let hub: EventStreamHub<{ n: number }>;
  const clock = new ManualClock(Date.parse('2026-11-24T09:25:00Z'));
  let builds = 0;
  const changed = (meetingId: string) =>
    store.tx((r) =>
      r.events.append({ type: 'MeetingChanged', meetingId }, new Date(clock.now()).toISOString()),
    );

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'marac-hub-'));
    store = await openStore({
      sqlitePath: join(dir, 'h.sqlite'),
      cipher: new PersonalDataCipher(newDataKey()),
      onError: () => {},
    });
    hub = new EventStreamHub({
      store,
      log: { info: () => {}, warn: () => {}, error: () => {} },
      serverNow: () => clock.now(),
      heartbeatMs: 300,
      maxStreamMs: 1500,
      snapshot: async () => ({ n: ++builds }),
    });
    const app = express();
    app.get('/events/:id', (req, res) =>
      hub.attach(
        req.params.id,
        req,
        res,
        req.get('Last-Event-ID') ? Number(req.get('Last-Event-ID')) : undefined,
      ),
    );
    server = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    hub.close();
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('pings with the server time, ends a stream at its maximum age, and the reconnect resumes from its id', async () => {
    const s = await openSse(`${url}/events/m1`);
    await s.waitFor((m) => m.event === 'snapshot');
    const ping = await s.waitFor((m) => m.event === 'ping', 2000);
    expect(ping.data).toEqual({ serverNow: clock.now() });
    await changed('m1');
    await changed('other');
    const c = await s.waitFor((m) => m.event === 'change', 1000);
    expect(c.data.event.type).toBe('MeetingChanged');
    await s.ended;
    expect(s.messages.filter((m) => m.event === 'change').map((m) => m.data.event.meetingId)).toEqual(['m1']);
    // Missed while away: two for this meeting, one for another.
    await changed('m1');
    await changed('other');
    await changed('m1');
    const again = await openSse(`${url}/events/m1`, { lastEventId: s.lastId() });
    const snap = await again.waitFor((m) => m.event === 'snapshot');
    const replayed = again.messages.filter((m) => m.event === 'change');
    expect(replayed.map((m) => m.id)).toEqual(
      (await store.repos.events.since(s.lastId()!))
        .filter((e) => 'meetingId' in e && e.meetingId === 'm1')
        .map((e) => e.seq),
    );
    expect(snap.id).toBe(await store.repos.events.lastSeq());
    again.close();
  });

  it("builds one snapshot per burst for all the meeting's viewers", async () => {
    const viewers = await Promise.all(Array.from({ length: 10 }, () => openSse(`${url}/events/m2`)));
    await Promise.all(viewers.map((v) => v.waitFor((m) => m.event === 'snapshot')));
    const before = builds;
    await store.tx(async (r) => {
      for (let i = 0; i < 3; i++)
        await r.events.append(
          { type: 'MeetingChanged', meetingId: 'm2' },
          new Date(clock.now()).toISOString(),
        );
    });
    await Promise.all(viewers.map((v) => v.waitFor((m) => m.event === 'change' && !!m.data.snapshot, 1000)));
    expect(builds - before).toBe(1);
    for (const v of viewers) {
      expect(v.messages.filter((m) => m.event === 'change')).toHaveLength(3);
      v.close();
    }
    expect(hub.viewers).toBeLessThanOrEqual(10);
  });
});
