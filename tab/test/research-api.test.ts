import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, localInstant } from '@marac/core';
import { startTabServer, type TabServer } from './support/tab-server.js';

const NOW = Date.parse('2026-11-16T10:00:00Z');
const MEETING = '2026-11-23';

/** The agenda goes to the agencies, each researches its cases and returns what it holds. */
describe('tab API: publishing the agenda and research returns', () => {
  let t: TabServer;
  let coordinator: string;
  let housing: string;
  let police: string;
  const path = '/api/meetings/m-demo';
  const audits = async (actor: string, action: string, outcome = 'refused') =>
    (await t.store.repos.audit.list(0, 10_000)).filter(
      (a) => a.actor === actor && a.action === action && a.outcome === outcome,
    );
  const events = async (type: string) =>
    (await t.store.repos.events.since(0, 10_000)).filter((e) => e.type === type);
  const summary = { involvement: 'Tenant since 2021; two reports of damage to the front door in October' };

  beforeAll(async () => {
    t = await startTabServer({ now: NOW });
    // The demonstration meeting is seeded for "today": hold it a week ahead, as an agenda goes out.
    const m = (await t.store.repos.meetings.get('m-demo'))!;
    await t.store.repos.meetings.put({ ...m, date: MEETING }, m.version);
    coordinator = await t.signIn('p-coordinator');
    housing = await t.signIn('p-housing');
    police = await t.signIn('p-police');
  });
  afterAll(() => t?.close());

  it('shows representatives nothing before the agenda is published, and says why', async () => {
    const r = await t.call('GET', `${path}/research`, { token: housing });
    expect(r.status).toBe(403);
    expect(r.body.error.message).toBe('The agenda for this meeting has not been published yet.');
    expect(await audits('p-housing', 'research.view')).toHaveLength(1);
  });

  it("only a coordinator publishes; publishing sets the area's deadline, 2pm local the working day before", async () => {
    expect((await t.call('POST', `${path}/publish`, { token: housing })).status).toBe(403);
    expect(await audits('p-housing', 'agenda.publish')).toHaveLength(1);
    const r = await t.call('POST', `${path}/publish`, { token: coordinator });
    expect(r.status).toBe(200);
    expect(r.body.changed).toHaveLength(8);
    // The meeting is on a Monday: research is due on the Friday before.
    expect(r.body.publication.researchDeadline).toBe(
      localInstant(addDays(MEETING, -3), '14:00', 'Europe/London'),
    );
    expect(new Date(r.body.publication.researchDeadline).toISOString()).toBe('2026-11-20T14:00:00.000Z');
    const matrix = await t.call('GET', `${path}/research-returns`, { token: coordinator });
    expect(matrix.body.timetable).toMatchObject({ agendaDue: '2026-11-16', publishedLate: false });
    const [published] = await events('AgendaPublished');
    expect(published).toMatchObject({ number: 1, removedReferences: [] });
    expect(published.type === 'AgendaPublished' && published.newAgencyIds).toHaveLength(10);
  });

  it("shows an invited agency what to research for each open case, audited; never the closed session's case", async () => {
    const r = await t.call('GET', `${path}/research`, { token: housing });
    expect(r.status).toBe(200);
    expect(r.body.cases).toHaveLength(8);
    const c1 = r.body.cases[0];
    expect(c1.details.victim).toMatchObject({ name: expect.any(String), dateOfBirth: expect.any(String) });
    expect(c1.details.perpetrators).toHaveLength(1);
    expect(c1.details.children).toHaveLength(1);
    const hba = (await t.store.repos.cases.get('c-demo-9'))!;
    expect(JSON.stringify(r.body)).not.toContain(hba.personal.victim.name);
    expect(await audits('p-housing', 'research.viewed', 'done')).toHaveLength(1);
    const closed = await t.call('GET', '/api/meetings/m-demo-closed/research', { token: housing });
    expect(closed.status).toBe(404);
    expect((await audits('p-housing', 'research.view')).map((a) => a.subject)).toContain(
      'meeting:m-demo-closed',
    );
    const observer = await t.call('GET', `${path}/research`, { token: await t.signIn('p-observer') });
    expect(observer.status).toBe(403);
  });

  it('takes "information held" with a summary and "no information held"; sealed, never in events or audit', async () => {
    const held = await t.call('POST', `${path}/research/c-demo-1`, {
      token: housing,
      body: { held: true, summary },
    });
    expect(held.body).toMatchObject({ held: true, late: false });
    const none = await t.call('POST', `${path}/research/c-demo-1`, { token: police, body: { held: false } });
    expect(none.body).toMatchObject({ held: false, late: false });
    const empty = await t.call('POST', `${path}/research/c-demo-2`, {
      token: housing,
      body: { held: true, summary: {} },
    });
    expect(empty.status).toBe(400);
    const trail = JSON.stringify([
      await t.store.repos.events.since(0, 10_000),
      await t.store.repos.audit.list(0, 10_000),
    ]);
    expect(trail).not.toContain('front door');
    const mine = await t.call('GET', `${path}/research`, { token: housing });
    expect(mine.body.cases[0].mine).toMatchObject({ held: true, summary });
    // Another agency's summary is not shown to this one.
    expect(JSON.stringify((await t.call('GET', `${path}/research`, { token: police })).body)).not.toContain(
      'front door',
    );
  });

  it('refuses research on a case not on this agenda, or a closed case, and audits it', async () => {
    const other = await t.call('POST', `${path}/research/c-demo-9`, { token: police, body: { held: false } });
    expect(other.status).toBe(403);
    expect(other.body.error.message).toBe("That case is not on this meeting's agenda.");
    const c8 = (await t.store.repos.cases.get('c-demo-8'))!;
    await t.store.repos.cases.put({ ...c8, status: 'closed' }, c8.version);
    const closed = await t.call('POST', `${path}/research/c-demo-8`, {
      token: police,
      body: { held: false },
    });
    expect(closed.status).toBe(403);
    expect(closed.body.error.message).toMatch(/closed/);
    expect((await audits('p-police', 'research.return')).map((a) => a.subject)).toEqual([
      'case:c-demo-9',
      'case:c-demo-8',
    ]);
    await t.store.repos.cases.put({ ...c8, status: 'scheduled', version: c8.version + 1 }, c8.version + 1);
  });

  it('accepts a return after the deadline and marks it late; the matrix shows returned, none held, not yet, late', async () => {
    t.clock.set(Date.parse('2026-11-22T15:00:00Z'));
    // Sign-ins from a week ago have expired.
    [coordinator, housing, police] = await Promise.all(
      ['p-coordinator', 'p-housing', 'p-police'].map((p) => t.signIn(p)),
    );
    const late = await t.call('POST', `${path}/research/c-demo-2`, { token: housing, body: { held: false } });
    expect(late.body).toMatchObject({ held: false, late: true });
    const matrix = await t.call('GET', `${path}/research-returns`, { token: coordinator });
    expect(matrix.body.agencies).toHaveLength(10);
    const [r1, r2, r3] = matrix.body.rows;
    expect(r1.cells.housing).toEqual({ state: 'returned', late: false });
    expect(r1.cells.police).toEqual({ state: 'none-held', late: false });
    expect(r2.cells.housing).toEqual({ state: 'none-held', late: true });
    expect(r3.cells.housing).toEqual({ state: 'not-yet', late: false });
    expect((await t.call('GET', `${path}/research-returns`, { token: housing })).status).toBe(403);
    expect(
      (await t.call('GET', `${path}/research-returns`, { token: await t.signIn('p-chair') })).status,
    ).toBe(200);
  });

  it('chases an agency with one action: its missing cases; only coordinators chase', async () => {
    expect(
      (await t.call('POST', `${path}/research-chase`, { token: housing, body: { agencyId: 'health' } }))
        .status,
    ).toBe(403);
    const r = await t.call('POST', `${path}/research-chase`, {
      token: coordinator,
      body: { agencyId: 'health' },
    });
    expect(r.body).toEqual({ agencyId: 'health', cases: 8 });
    const [chased] = await events('ResearchChased');
    expect(chased).toMatchObject({ agencyId: 'health' });
  });

  it('re-publishing sends only what changed: nothing when nothing did, one case when its details changed', async () => {
    const again = await t.call('POST', `${path}/publish`, { token: coordinator });
    expect(again.body.unchanged).toBe(true);
    expect(await events('AgendaPublished')).toHaveLength(1);
    const c3 = (await t.store.repos.cases.get('c-demo-3'))!;
    await t.store.repos.cases.put(
      {
        ...c3,
        personal: { ...c3.personal, victim: { ...c3.personal.victim, address: '1 New Road, Fenshire' } },
      },
      c3.version,
    );
    const changed = await t.call('POST', `${path}/publish`, { token: coordinator });
    expect(changed.body).toMatchObject({ changed: ['c-demo-3'], unchanged: false });
    expect((await events('AgendaPublished')).at(-1)).toMatchObject({
      number: 2,
      caseIds: ['c-demo-3'],
      newAgencyIds: [],
    });
  });
});
