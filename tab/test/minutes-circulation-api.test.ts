import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, confirmDeclaration, markPresent, openDeclaration, runChairCommand } from '@marac/core';
import { startTabServer, type TabServer } from './support/tab-server.js';

/** Minutes go out through the tab: circulated once, read by the agencies that attended or were invited. */
describe('tab API: minutes circulated to the agencies and read in the tab', () => {
  let t: TabServer;
  const tokens: Record<string, string> = {};
  const as = (id: string) => tokens[id];
  const actor = async (id: string): Promise<Actor> => {
    const p = (await t.store.repos.people.get(id))!;
    return { aadObjectId: p.aadObjectId, displayName: p.displayName, person: p };
  };
  const audits = async (action: string, outcome = 'done') =>
    (await t.store.repos.audit.list(0, 10_000)).filter((a) => a.action === action && a.outcome === outcome);

  beforeAll(async () => {
    t = await startTabServer({ now: Date.parse('2026-11-24T09:25:00Z') });
    const deps = { store: t.store, clock: t.clock };
    // Invited: four agencies; Education neither invited nor present.
    const m = (await t.store.repos.meetings.get('m-demo'))!;
    await t.store.repos.meetings.put(
      { ...m, invitedAgencyIds: ['police', 'idva', 'csc', 'housing'] },
      m.version,
    );
    for (const id of ['p-chair', 'p-police', 'p-housing', 'p-health']) {
      await markPresent(deps, 'm-demo', await actor(id), 'joined');
    }
    const chair = await actor('p-chair');
    await openDeclaration(deps, 'm-demo', chair);
    for (const id of ['p-chair', 'p-police', 'p-housing', 'p-health'])
      await confirmDeclaration(deps, 'm-demo', await actor(id), 'typed');
    await runChairCommand(deps, 'm-demo', chair, { type: 'start' });
    await runChairCommand(deps, 'm-demo', chair, { type: 'end' });
    for (const id of ['p-coordinator', 'p-housing', 'p-health', 'p-education', 'p-observer', 'p-csc'])
      tokens[id] = await t.signIn(id);
  });
  afterAll(() => t?.close());

  it('refuses to show minutes before they are circulated, explained and audited', async () => {
    const r = await t.call('GET', '/api/meetings/m-demo/minutes/circulated', { token: as('p-housing') });
    expect(r.status).toBe(403);
    expect(r.body.error.message).toBe('These minutes have not been circulated yet.');
    expect(await audits('minutes.read', 'refused')).toHaveLength(1);
  });

  it('circulates once: a second circulation changes nothing', async () => {
    const m = (await t.call('GET', '/api/meetings/m-demo/minutes', { token: as('p-coordinator') })).body;
    expect(m.circulateBy).toBe('2026-11-25T09:25:00.000Z');
    expect(
      (
        await t.call('POST', '/api/meetings/m-demo/minutes/circulated', {
          token: as('p-housing'),
          body: { expectedVersion: 0 },
        })
      ).status,
    ).toBe(403);
    const first = await t.call('POST', '/api/meetings/m-demo/minutes/circulated', {
      token: as('p-coordinator'),
      body: { expectedVersion: m.draft.version },
    });
    expect(first.status).toBe(200);
    t.clock.advance(60_000);
    const again = await t.call('POST', '/api/meetings/m-demo/minutes/circulated', {
      token: as('p-coordinator'),
      body: { expectedVersion: first.body.draft.version },
    });
    expect(again.status).toBe(200);
    expect(again.body.draft.circulatedAt).toBe(first.body.draft.circulatedAt);
    expect(await audits('minutes.circulated')).toHaveLength(1);
    const events = (await t.store.repos.events.since(0, 10_000)).filter(
      (e) => e.type === 'MinutesCirculated',
    );
    expect(events).toHaveLength(1);
  });

  it('lets an invited agency and an attending one read and download them, each read audited', async () => {
    for (const id of ['p-housing', 'p-health', 'p-csc']) {
      const r = await t.call('GET', '/api/meetings/m-demo/minutes/circulated', { token: as(id) });
      expect(r.status, id).toBe(200);
      expect(r.body.cases.map((c: { reference: string }) => c.reference)).toHaveLength(8);
    }
    const docx = await t.call('GET', '/api/meetings/m-demo/minutes/circulated.docx', {
      token: as('p-housing'),
    });
    expect(docx.status).toBe(200);
    expect(docx.headers.get('content-type')).toContain('wordprocessingml');
    expect((await audits('minutes.read')).map((a) => a.actor)).toEqual(['p-housing', 'p-health', 'p-csc']);
    expect((await audits('minutes.downloaded')).map((a) => a.actor)).toEqual(['p-housing']);
  });

  it('refuses an agency neither invited nor present, an observer, and the uninvited for a closed session', async () => {
    for (const id of ['p-education', 'p-observer']) {
      const r = await t.call('GET', '/api/meetings/m-demo/minutes/circulated', { token: as(id) });
      expect(r.status, id).toBe(403);
      expect(r.body.error.message).toBe(
        'Only the agencies that attended or were invited read these minutes.',
      );
    }
    const closed = await t.call('GET', '/api/meetings/m-demo-closed/minutes/circulated', {
      token: as('p-housing'),
    });
    expect(closed.status).toBe(404);
    const refused = (await audits('minutes.read', 'refused')).map((a) => `${a.actor} ${a.subject}`);
    expect(refused).toEqual(
      expect.arrayContaining([
        'p-education meeting:m-demo',
        'p-observer meeting:m-demo',
        'p-housing meeting:m-demo-closed',
      ]),
    );
  });
});
