import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, confirmDeclaration, markPresent } from '@marac/core';
import { startTabServer, type TabServer } from './support/tab-server.js';

/**
 * A quarter seeded by running the demonstration meeting through the side panel's controls, on
 * top of the demonstration data's earlier meeting (heard 2026-11-10). Counted by hand:
 *
 * | case          | referrer | outcome (date)                | victim / household              |
 * |---------------|----------|-------------------------------|---------------------------------|
 * | c-demo-earlier | police  | heard (2026-11-10)            | BME, 1 child                    |
 * | c-demo-1      | police   | heard (2026-11-24); repeat of c-demo-earlier (same pair) | BME, 1 child |
 * | c-demo-2      | idva     | deferred                      | —                               |
 * | c-demo-3      | police   | referred to MARAC Plus        | disabled, 1 child               |
 * | c-demo-4      | health   | heard (closed by `end`)       | —                               |
 *
 * Q3 2026/27: heard 4, deferred 1, repeats 1 (25%), police 3, health 1, children 3, BME 2,
 * disabled 1, LGBT+ 0, male 0, aged 16–17 0, meetings 2.
 */
describe('performance figures over HTTP for a seeded quarter', () => {
  let t: TabServer;
  let coordinator: string;
  const actor = async (id: string): Promise<Actor> => {
    const p = (await t.store.repos.people.get(id))!;
    return { aadObjectId: p.aadObjectId, displayName: p.displayName, person: p };
  };
  const Q3 = 'from=2026-10-01&to=2026-12-31&areaId=cambs-demo';

  beforeAll(async () => {
    t = await startTabServer({ now: Date.parse('2026-11-24T09:25:00Z') });
    coordinator = await t.signIn('p-coordinator');
    const chair = await t.signIn('p-chair');
    const deps = { store: t.store, clock: t.clock };
    for (const id of ['p-chair', 'p-police', 'p-idva']) {
      await markPresent(deps, 'm-demo', await actor(id), 'joined');
      await confirmDeclaration(deps, 'm-demo', await actor(id), 'typed');
    }
    for (const command of [
      { type: 'start' },
      { type: 'next' },
      { type: 'next-case' },
      { type: 'defer', reason: 'referrer absent' },
      { type: 'plus' },
      { type: 'end' },
    ]) {
      const r = await t.call('POST', '/api/meetings/m-demo/chair', { token: chair, body: { command } });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }
  });
  afterAll(() => t?.close());

  it('matches the hand count', async () => {
    const r = await t.call('GET', `/api/figures?${Q3}`, { token: coordinator });
    expect(r.status).toBe(200);
    const f = r.body;
    expect([
      f.casesHeard,
      f.deferred,
      f.repeatCases,
      f.repeatRate,
      f.childrenInHouseholds,
      f.meetings,
    ]).toEqual([4, 1, 1, 25, 3, 2]);
    expect(
      f.referralsByAgency
        .filter((a: { count: number }) => a.count)
        .map((a: { agency: string; count: number }) => [a.agency, a.count]),
    ).toEqual([
      ['Police', 3],
      ['Hospital / Health', 1],
    ]);
    expect(
      Object.fromEntries(f.victims.map((v: { measure: string; count: number }) => [v.measure, v.count])),
    ).toEqual({ bme: 2, lgbt: 0, disabled: 1, male: 0, 'aged-16-17': 0 });
    const empty = (
      await t.call('GET', '/api/figures?from=2026-07-01&to=2026-09-30&areaId=cambs-demo', {
        token: coordinator,
      })
    ).body;
    expect(empty.casesHeard).toBe(0);
  });

  it('exports CSV marked OFFICIAL-SENSITIVE, audited', async () => {
    const r = await t.call('GET', `/api/figures.csv?${Q3}`, { token: coordinator });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-disposition')).toBe(
      'attachment; filename="marac-figures-cambs-demo-2026-10-01-to-2026-12-31.csv"',
    );
    const rows = (r.body as string).trim().split('\r\n');
    expect(rows[0]).toBe('OFFICIAL-SENSITIVE');
    expect(rows[1]).toContain('Thu 1 Oct 2026 to Thu 31 Dec 2026');
    expect(rows.at(-1)).toBe('OFFICIAL-SENSITIVE');
    expect(rows).toEqual(
      expect.arrayContaining([
        'Cases heard,4,',
        'Repeat cases,1,25',
        'Children in households,3,',
        'Victims who are BME,2,50',
        'Police,3,',
        'Hospital / Health,1,',
      ]),
    );
    const audit = (await t.store.repos.audit.list(0, 10_000)).filter((a) => a.action === 'figures.exported');
    expect(audit.map((a) => a.details)).toEqual([{ format: 'csv', from: '2026-10-01', to: '2026-12-31' }]);
  });

  it('refuses agency representatives (audited) and explains a bad period', async () => {
    const rep = await t.call('GET', `/api/figures?${Q3}`, { token: await t.signIn('p-housing') });
    expect([rep.status, rep.body.error.message]).toEqual([
      403,
      'The performance figures are for the MARAC coordinators and chairs.',
    ]);
    const bad = await t.call('GET', '/api/figures?from=2026-12-31&to=2026-10-01', { token: coordinator });
    expect([bad.status, bad.body.error.fields]).toEqual([
      400,
      [{ field: 'to', message: 'The period ends before it starts.' }],
    ]);
    const nodate = await t.call('GET', '/api/figures?from=soon&to=2026-10-01', { token: coordinator });
    expect(nodate.status).toBe(400);
  });
});
