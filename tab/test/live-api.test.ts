import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, confirmDeclaration, markPresent, readMeetingView, whereWeAre } from '@marac/core';
import { startTabServer, type TabServer } from './support/tab-server.js';
import { openSse } from './support/sse-client.js';

describe('live view API: snapshot, chair controls, event stream with resume', () => {
  let t: TabServer;
  let chair: string;
  let housing: string;
  let police: string;
  const actor = async (id: string): Promise<Actor> => {
    const p = (await t.store.repos.people.get(id))!;
    return { aadObjectId: p.aadObjectId, displayName: p.displayName, person: p };
  };
  const deps = () => ({ store: t.store, clock: t.clock });
  const live = () => t.store.repos.live.get('m-demo');
  const command = (token: string, command: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    t.call('POST', '/api/meetings/m-demo/chair', { token, body: { command, ...extra } });

  beforeAll(async () => {
    t = await startTabServer({ now: Date.parse('2026-11-24T09:25:00Z') });
    [chair, housing, police] = await Promise.all([
      t.signIn('p-chair'),
      t.signIn('p-housing'),
      t.signIn('p-police'),
    ]);
    for (const id of ['p-chair', 'p-police', 'p-housing'])
      await markPresent(deps(), 'm-demo', await actor(id), 'joined');
  });
  afterAll(() => t?.close());

  it('needs sign-in for the stream, and hides a closed session exactly like an unknown meeting', async () => {
    expect((await openSse(`${t.url}/api/meetings/m-demo/events`)).status).toBe(401);
    const unknown = await t.call('GET', '/api/meetings/no-such/live', { token: housing });
    for (const path of ['/api/meetings/m-demo-closed/live', '/api/meetings/m-demo-closed/minutes']) {
      const r = await t.call('GET', path, { token: housing });
      expect([r.status, r.body]).toEqual([404, unknown.body]);
    }
    expect((await openSse(`${t.url}/api/meetings/m-demo-closed/events`, { token: housing })).status).toBe(
      404,
    );
    expect((await command(housing, { type: 'next' })).status).toBe(403);
    const hidden = await t.call('POST', '/api/meetings/m-demo-closed/chair', {
      token: housing,
      body: { command: { type: 'next' } },
    });
    expect([hidden.status, hidden.body]).toEqual([404, unknown.body]);
    const refused = (await t.store.repos.audit.list(0, 10_000))
      .filter((a) => a.outcome === 'refused' && a.actor === 'p-housing')
      .map((a) => `${a.action} ${a.subject}`);
    expect(refused).toEqual(
      expect.arrayContaining([
        'live.view meeting:m-demo-closed',
        'live.stream meeting:m-demo-closed',
        'live.chair meeting:m-demo-closed',
        'chair.next meeting:m-demo',
      ]),
    );
    // An invited agency sees it.
    expect((await t.call('GET', '/api/meetings/m-demo-closed/live', { token: police })).status).toBe(200);
  });

  it('shows references only, the roll call, and who may chair', async () => {
    const r = await t.call('GET', '/api/meetings/m-demo/live', { token: housing });
    expect(r.status).toBe(200);
    expect(r.body.canChair).toBe(false);
    expect(r.body.snapshot.cases.map((c: { reference: string }) => c.reference)).toHaveLength(8);
    expect(r.body.snapshot.rollCall.unconfirmed.map((a: { name: string }) => a.name).sort()).toEqual([
      'Chris Chair',
      'Housing Rep',
      'Police Rep',
    ]);
    expect(JSON.stringify(r.body)).not.toMatch(/Ava Example|Adam Example|Kit Example/);
    expect((await t.call('GET', '/api/meetings/m-demo/live', { token: chair })).body.canChair).toBe(true);
  });

  it('runs the chair use case: refuses others (403, audited), the gate, stale versions and unknown cases', async () => {
    const no = await command(housing, { type: 'declaration' });
    expect([no.status, no.body.error.message]).toEqual([403, 'Only the chair can do that.']);
    expect((await command(chair, { type: 'declaration' })).status).toBe(200);
    const gate = await command(chair, { type: 'start' });
    expect(gate.status).toBe(409);
    expect(gate.body.error.message).toMatch(
      /Not everyone present has confirmed the declaration: .*Housing Rep/,
    );
    for (const id of ['p-chair', 'p-police', 'p-housing'])
      await confirmDeclaration(deps(), 'm-demo', await actor(id), 'typed');
    const started = await command(chair, { type: 'start' });
    expect(started.status).toBe(200);
    expect(started.body.snapshot.stage).toBe('opening');
    const version = (await live())!.version;
    expect((await command(chair, { type: 'next' }, { expectedVersion: version })).status).toBe(200);
    const stale = await command(chair, { type: 'next' }, { expectedVersion: version });
    expect([stale.status, stale.body.error.code]).toEqual([409, 'stale']);
    const bad = await command(chair, { type: 'case', position: 42 });
    expect([bad.status, bad.body.error.message]).toEqual([
      400,
      expect.stringMatching(/There is no case 42\. Valid: case 1, case 2/),
    ]);
    const badExtend = await command(chair, { type: 'extend', minutes: 600 });
    expect(badExtend.status).toBe(400);
    const s = (await live())!;
    expect(s.stage).toBe('hearing');
    expect(s.cases[0].phase).toEqual({ kind: 'referral' });
    const audit = (await t.store.repos.audit.list(0, 10_000)).map(
      (a) => `${a.actor} ${a.action} ${a.outcome}`,
    );
    expect(audit).toEqual(
      expect.arrayContaining([
        'p-housing chair.declaration refused',
        'p-chair chair.start refused',
        'p-chair chair.start done',
        'p-chair chair.next done',
        'p-chair chair.next refused',
      ]),
    );
  });

  it('streams each change, and a dropped stream resumes with every missed event', async () => {
    const first = await openSse(`${t.url}/api/meetings/m-demo/events`, { token: police });
    const snap = await first.waitFor((m) => m.event === 'snapshot');
    expect(snap.data.snapshot.current.reference).toBe('MC-2026-0001');
    await command(chair, { type: 'next' });
    const change = await first.waitFor(
      (m) => m.event === 'change' && m.data.snapshot?.current?.phase === 'information',
      10_000,
    );
    expect(change.data.event).toMatchObject({ type: 'SpeakerAdvanced', agencyId: 'idva' });
    expect(change.data.snapshot.current.now.label).toBe('IDVA Service');
    // The one "where we are" line of core: what the chair's card and the `status` reply say.
    expect(change.data.snapshot.where).toMatch(
      /^Case 1 of 8 · MC-2026-0001 · .+ · now: IDVA Service \(not present\) · next: .+ · \d+:\d\d left at \d\d:\d\d · ends \d\d:\d\d$/,
    );
    expect(change.data.snapshot.where).toBe(
      whereWeAre(await readMeetingView(t.store.repos, 'm-demo'), change.data.snapshot.serverNow),
    );
    const seen = first.lastId()!;
    first.close();
    await first.ended;

    // While the viewer is away, the meeting moves on.
    await command(chair, { type: 'pause' });
    await command(chair, { type: 'resume' });
    await command(chair, { type: 'extend', minutes: 5 });
    await command(chair, { type: 'next' });
    await confirmDeclaration(deps(), 'm-demo', await actor('p-csc'), 'card');
    const missed = (await t.store.repos.events.since(seen)).filter(
      (e) => 'meetingId' in e && e.meetingId === 'm-demo',
    );
    expect(missed.map((e) => e.type)).toEqual([
      'TimerChanged',
      'TimerChanged',
      'TimerChanged',
      'SpeakerAdvanced',
      'AttendeeJoined',
      'DeclarationConfirmed',
    ]);

    const again = await openSse(`${t.url}/api/meetings/m-demo/events`, { token: police, lastEventId: seen });
    const snapshot = await again.waitFor((m) => m.event === 'snapshot');
    const replayed = again.messages.filter((m) => m.event === 'change');
    expect(replayed.map((m) => m.id)).toEqual(missed.map((e) => e.seq));
    expect(snapshot.id).toBeGreaterThanOrEqual(missed.at(-1)!.seq);
    expect(snapshot.data.snapshot.current.now.label).toBe("CSC Rep (Children's Social Care)");
    expect(snapshot.data.snapshot.rollCall.confirmed.map((a: { name: string }) => a.name)).toContain(
      'CSC Rep',
    );
    expect(snapshot.data.snapshot.current.timer.extensions).toBe(1);

    // And carries on live, without repeating anything.
    const from = again.messages.length;
    await command(chair, { type: 'back' });
    const live1 = await again.waitFor((m) => m.event === 'change', 1000, from);
    expect(live1.id).toBeGreaterThan(snapshot.id!);
    expect(live1.data.snapshot.current.now.label).toBe('IDVA Service');
    again.close();
  });
});
