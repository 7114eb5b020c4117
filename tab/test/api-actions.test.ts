import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTabServer, type TabServer } from './support/tab-server.js';

describe('tab API: actions tracker', () => {
  let t: TabServer;
  let coordinator: string;
  let housing: string;
  beforeAll(async () => {
    t = await startTabServer();
    coordinator = await t.signIn('p-coordinator');
    housing = await t.signIn('p-housing');
  });
  afterAll(() => t?.close());

  it("shows every agency's actions to the coordinator, with filters", async () => {
    const all = await t.call('GET', '/api/actions', { token: coordinator });
    expect(all.body.map((a: { ownerAgencyId: string }) => a.ownerAgencyId).sort()).toEqual([
      'csc',
      'health',
      'housing',
    ]);
    expect(all.body.every((a: { overdue: boolean }) => a.overdue)).toBe(true);
    expect((await t.call('GET', '/api/actions?agencyId=csc', { token: coordinator })).body).toHaveLength(1);
    expect((await t.call('GET', '/api/actions?meetingId=m-demo', { token: coordinator })).body).toHaveLength(
      0,
    );
    expect((await t.call('GET', '/api/actions?status=complete', { token: coordinator })).body).toHaveLength(
      0,
    );
    expect((await t.call('GET', '/api/actions?overdue=true', { token: coordinator })).body).toHaveLength(3);
  });

  it("shows a representative only their own agency's actions, and refuses (and audits) asking for another's", async () => {
    const mine = await t.call('GET', '/api/actions', { token: housing });
    expect(mine.body.map((a: { ownerAgencyId: string }) => a.ownerAgencyId)).toEqual(['housing']);
    const other = await t.call('GET', '/api/actions?agencyId=csc', { token: housing });
    expect(other.status).toBe(403);
    expect(other.body.error.message).toMatch(/own agency/);
    const audit = await t.store.repos.audit.list(0, 1000);
    expect(
      audit.some(
        (a) =>
          a.actor === 'p-housing' &&
          a.action === 'actions.view' &&
          a.subject === 'agency:csc' &&
          a.outcome === 'refused',
      ),
    ).toBe(true);
    expect((await t.call('GET', '/api/actions', { token: await t.signIn('p-observer') })).status).toBe(403);
  });

  it('lets the coordinator mark an overdue action "No update from lead agency", once', async () => {
    const [a] = (await t.call('GET', '/api/actions?agencyId=housing', { token: coordinator })).body;
    expect(
      (
        await t.call('POST', `/api/actions/${a.id}/no-update`, {
          token: housing,
          body: { version: a.version },
        })
      ).status,
    ).toBe(403);
    const r = await t.call('POST', `/api/actions/${a.id}/no-update`, {
      token: coordinator,
      body: { version: a.version },
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      status: 'no-update',
      lastUpdate: { kind: 'no-update', note: 'No update from lead agency' },
    });
    expect(
      (await t.call('POST', `/api/actions/${a.id}/no-update`, { token: coordinator, body: {} })).status,
    ).toBe(409);
    const events = await t.store.repos.events.since(0, 1000);
    expect(
      events.some((e) => e.type === 'ActionChanged' && e.actionId === a.id && e.status === 'no-update'),
    ).toBe(true);
    expect((await t.call('GET', '/api/actions?status=no-update', { token: coordinator })).body).toHaveLength(
      1,
    );
  });
});
