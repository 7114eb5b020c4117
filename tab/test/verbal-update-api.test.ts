import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, confirmDeclaration, markPresent, openDeclaration, runChairCommand } from '@marac/core';
import { startTabServer, type TabServer } from './support/tab-server.js';

/** The opening review from the side panel: the chair records what an agency said, for the minutes. */
describe('tab API: verbal updates on outstanding actions at the opening review', () => {
  let t: TabServer;
  const actor = async (id: string): Promise<Actor> => {
    const p = (await t.store.repos.people.get(id))!;
    return { aadObjectId: p.aadObjectId, displayName: p.displayName, person: p };
  };
  const said = 'Sanctuary assessment done on 20 November; locks fitted';

  beforeAll(async () => {
    t = await startTabServer({ now: Date.parse('2026-11-24T09:25:00Z') });
    const deps = { store: t.store, clock: t.clock };
    const chair = await actor('p-chair');
    await markPresent(deps, 'm-demo', chair, 'joined');
    await openDeclaration(deps, 'm-demo', chair);
    await confirmDeclaration(deps, 'm-demo', chair, 'typed');
    await runChairCommand(deps, 'm-demo', chair, { type: 'start' });
  });
  afterAll(() => t?.close());

  it('lets the chair record it during the opening review; it goes to the history and the minutes, not the events', async () => {
    const chair = await t.signIn('p-chair');
    const list = await t.call('GET', '/api/meetings/m-demo/outstanding', { token: chair });
    expect(list.body.map((a: { actionId: string }) => a.actionId).sort()).toEqual([
      'a-demo-earlier-1',
      'a-demo-earlier-2',
      'a-demo-earlier-3',
    ]);
    const r = await t.call('POST', '/api/meetings/m-demo/verbal-update', {
      token: chair,
      body: { actionId: 'a-demo-earlier-1', note: said },
    });
    expect(r.status).toBe(200);
    const a = (await t.store.repos.actions.get('a-demo-earlier-1'))!;
    expect(a.updates.at(-1)).toMatchObject({
      kind: 'reviewed',
      review: 'updated',
      note: said,
      atMeeting: 'm-demo',
    });
    const minutes = await t.call('GET', '/api/meetings/m-demo/minutes', {
      token: await t.signIn('p-coordinator'),
    });
    const row = minutes.body.outstandingReviewed.find((x: { id: string }) => x.id === 'a-demo-earlier-1');
    expect(row).toMatchObject({ review: expect.stringMatching(/updated/i), note: said });
    expect(JSON.stringify(await t.store.repos.events.since(0, 10_000))).not.toContain(
      'Sanctuary assessment done',
    );
  });

  it.each([
    ['a representative', 'p-housing'],
    ['an observer', 'p-observer'],
  ])('refuses %s, explained and audited', async (_who, personId) => {
    const token = await t.signIn(personId);
    const r = await t.call('POST', '/api/meetings/m-demo/verbal-update', {
      token,
      body: { actionId: 'a-demo-earlier-2', note: 'We did it' },
    });
    expect(r.status).toBe(403);
    expect((await t.call('GET', '/api/meetings/m-demo/outstanding', { token })).status).toBe(403);
    const refused = (await t.store.repos.audit.list(0, 10_000)).filter(
      (x) => x.actor === personId && x.outcome === 'refused',
    );
    expect(refused.map((x) => x.action)).toEqual(['action.verbal-update', 'opening.view']);
  });

  it('refuses an action that is not outstanding for this meeting', async () => {
    const r = await t.call('POST', '/api/meetings/m-demo/verbal-update', {
      token: await t.signIn('p-chair'),
      body: { actionId: 'a-unknown', note: 'Done' },
    });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/not among the outstanding actions/);
  });
});
