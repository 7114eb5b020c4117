import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTabServer, type TabServer } from './support/tab-server.js';

/** An agency records progress on its own action in the tab, through the same use case as its card. */
describe('tab API: agencies complete and update their actions', () => {
  let t: TabServer;
  let coordinator: string;
  let housing: string;
  beforeAll(async () => {
    t = await startTabServer();
    coordinator = await t.signIn('p-coordinator');
    housing = await t.signIn('p-housing');
  });
  afterAll(() => t?.close());

  /** The version the tracker shows now (what a form or card sends back). */
  const versionOf = async (id: string) => (await t.store.repos.actions.get(id))!.version;
  const refused = async (actor: string, action: string, subject: string) =>
    (await t.store.repos.audit.list(0, 5000)).some(
      (a) => a.actor === actor && a.action === action && a.subject === subject && a.outcome === 'refused',
    );

  it('lets the owning agency add an update, then complete it; the coordinator sees who wrote each', async () => {
    const upd = await t.call('POST', '/api/actions/a-demo-earlier-1/change', {
      token: housing,
      body: {
        kind: 'update',
        note: 'Sanctuary assessment booked for Friday',
        version: await versionOf('a-demo-earlier-1'),
      },
    });
    expect(upd.status).toBe(200);
    expect(upd.body.action.status).toBe('open');
    const done = await t.call('POST', '/api/actions/a-demo-earlier-1/change', {
      token: housing,
      body: {
        kind: 'complete',
        note: 'Address flagged; sanctuary scheme fitted',
        version: upd.body.action.version,
      },
    });
    expect(done.status).toBe(200);
    expect(done.body.action.status).toBe('complete');
    const seen = await t.call('GET', '/api/actions/a-demo-earlier-1', { token: coordinator });
    expect(
      seen.body.updates.map((u: { kind: string; byName: string }) => `${u.kind} by ${u.byName}`),
    ).toEqual(['update by Housing Rep', 'complete by Housing Rep']);
    const events = await t.store.repos.events.since(0, 5000);
    expect(
      events.filter((e) => e.type === 'ActionChanged' && e.actionId === 'a-demo-earlier-1'),
    ).toHaveLength(2);
    const row = (await t.call('GET', '/api/actions?agencyId=housing', { token: coordinator })).body[0];
    expect(row).toMatchObject({
      status: 'complete',
      ownerAgencyName: 'Housing',
      lastUpdate: { kind: 'complete' },
    });
  });

  it("records can't complete only with what was done instead", async () => {
    const csc = await t.signIn('p-csc');
    const without = await t.call('POST', '/api/actions/a-demo-earlier-2/change', {
      token: csc,
      body: { kind: 'cannot-complete', note: 'Family moved out of area', instead: '', version: 0 },
    });
    expect(without.status).toBe(400);
    expect((await t.store.repos.actions.get('a-demo-earlier-2'))!.status).toBe('open');
    const ok = await t.call('POST', '/api/actions/a-demo-earlier-2/change', {
      token: csc,
      body: {
        kind: 'cannot-complete',
        note: 'Family moved out of area',
        instead: 'Referred to the receiving authority',
        version: await versionOf('a-demo-earlier-2'),
      },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.updates.at(-1).note).toMatch(/What was done instead: Referred to the receiving authority/);
  });

  it('refuses a change made against an older version, keeping what is stored', async () => {
    const health = await t.signIn('p-health');
    const before = await versionOf('a-demo-earlier-3');
    await t.call('POST', '/api/actions/a-demo-earlier-3/change', {
      token: health,
      body: { kind: 'update', note: 'Alert added', version: before },
    });
    const stale = await t.call('POST', '/api/actions/a-demo-earlier-3/change', {
      token: health,
      body: { kind: 'complete', note: 'Done', version: before },
    });
    expect(stale.status).toBe(409);
    expect((await t.store.repos.actions.get('a-demo-earlier-3'))!.status).toBe('open');
  });

  it.each([
    ['a representative of another agency', 'p-police'],
    ['an observer', 'p-observer'],
  ])('refuses %s, explains why and audits it', async (_who, personId) => {
    const token = await t.signIn(personId);
    const change = await t.call('POST', '/api/actions/a-demo-earlier-3/change', {
      token,
      body: { kind: 'complete', note: 'Done', version: await versionOf('a-demo-earlier-3') },
    });
    expect(change.status).toBe(403);
    expect(change.body.error.message).toMatch(/Hospital \/ Health or a coordinator/);
    expect(await refused(personId, 'action.complete', 'action:a-demo-earlier-3')).toBe(true);
    const history = await t.call('GET', '/api/actions/a-demo-earlier-3', { token });
    expect(history.status).toBe(403);
    expect(await refused(personId, 'action.history', 'action:a-demo-earlier-3')).toBe(true);
  });

  it('exports the tracker as CSV, as filtered, with the protective marking; a rep gets only their own', async () => {
    const all = await t.call('GET', '/api/actions.csv', { token: coordinator });
    expect(all.status).toBe(200);
    expect(all.headers.get('content-disposition')).toMatch(/marac-actions\.csv/);
    const lines = (all.body as string).trim().split('\r\n');
    expect(lines[0]).toBe('OFFICIAL-SENSITIVE');
    expect(lines[1]).toMatch(/^Case,Agency,Action,For,Due,Status/);
    // Due dates in UK style, "Tue 1 Dec 2026".
    expect(
      lines.slice(2, -1).every((l) => /,(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} [A-Z][a-z]{2} \d{4},/.test(l)),
    ).toBe(true);
    expect(
      lines
        .slice(2, -1)
        .map((l) => l.split(',')[1])
        .sort(),
    ).toEqual(["Children's Social Care", 'Hospital / Health', 'Housing']);
    const mine = await t.call('GET', '/api/actions.csv', { token: housing });
    expect((mine.body as string).trim().split('\r\n').slice(2, -1)).toHaveLength(1);
    expect(mine.body).toContain('Complete');
    expect((await t.call('GET', '/api/actions.csv?agencyId=csc', { token: housing })).status).toBe(403);
  });
});
