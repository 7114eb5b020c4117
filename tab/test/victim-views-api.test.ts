import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTabServer, type TabServer } from './support/tab-server.js';

const NOW = Date.parse('2026-11-23T08:00:00Z');
const VIEWS = 'She would like the police to tell her before he is released.';

/** The victim's views over HTTP: who records, who reads, closed sessions, audit. */
describe("tab API: the victim's views", () => {
  let t: TabServer;
  const at = (meeting: string, caseId: string) => `/api/meetings/${meeting}/cases/${caseId}/victim-views`;
  const audits = async (actor: string, action: string, outcome = 'refused') =>
    (await t.store.repos.audit.list(0, 10_000)).filter(
      (a) => a.actor === actor && a.action === action && a.outcome === outcome,
    );

  beforeAll(async () => {
    t = await startTabServer({ now: NOW });
  });
  afterAll(() => t?.close());

  it("only the area's IDVA or a coordinator records them; others get 403, audited", async () => {
    for (const who of ['p-housing', 'p-chair', 'p-observer']) {
      const r = await t.call('PUT', at('m-demo', 'c-demo-1'), {
        token: await t.signIn(who),
        body: { text: VIEWS },
      });
      expect(r.status).toBe(403);
      expect(JSON.stringify(r.body)).not.toContain('released');
      expect(await audits(who, 'victim-views.record')).toHaveLength(1);
    }
    const r = await t.call('PUT', at('m-demo', 'c-demo-1'), {
      token: await t.signIn('p-idva'),
      body: { text: VIEWS },
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ text: VIEWS, version: 1 });
    const stale = await t.call('PUT', at('m-demo', 'c-demo-1'), {
      token: await t.signIn('p-coordinator'),
      body: { text: 'An older draft', version: 0 },
    });
    expect(stale.status).toBe(409);
  });

  it('the chair and invited representatives read them, each read audited; an observer may not', async () => {
    for (const who of ['p-chair', 'p-housing']) {
      const r = await t.call('GET', at('m-demo', 'c-demo-1'), { token: await t.signIn(who) });
      expect(r.status).toBe(200);
      expect(r.body.text).toBe(VIEWS);
      expect(await audits(who, 'victim-views.viewed', 'done')).toHaveLength(1);
    }
    const none = await t.call('GET', at('m-demo', 'c-demo-2'), { token: await t.signIn('p-chair') });
    expect(none.body).toEqual({ version: 0 });
    const observer = await t.call('GET', at('m-demo', 'c-demo-1'), { token: await t.signIn('p-observer') });
    expect(observer.status).toBe(403);
    expect(JSON.stringify(await t.store.repos.audit.list(0, 10_000))).not.toContain('released');
  });

  it('a closed session stays "not found" to someone not invited, for reading and recording', async () => {
    const idva = await t.signIn('p-idva');
    expect(
      (await t.call('PUT', at('m-demo-closed', 'c-demo-9'), { token: idva, body: { text: VIEWS } })).status,
    ).toBe(200);
    const housing = await t.signIn('p-housing');
    const read = await t.call('GET', at('m-demo-closed', 'c-demo-9'), { token: housing });
    expect(read.status).toBe(404);
    expect(read.body.error.message).toBe('That meeting was not found.');
    expect(
      (await t.call('PUT', at('m-demo-closed', 'c-demo-9'), { token: housing, body: { text: 'x' } })).status,
    ).toBe(404);
    expect((await audits('p-housing', 'victim-views.view')).map((a) => a.subject)).toEqual([
      'meeting:m-demo-closed',
    ]);
    const police = await t.signIn('p-police'); // invited to the closed session
    expect((await t.call('GET', at('m-demo-closed', 'c-demo-9'), { token: police })).body.text).toBe(VIEWS);
  });
});
