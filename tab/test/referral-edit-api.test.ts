import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTabServer, type TabServer } from './support/tab-server.js';

const dash = (yes: number) => Array.from({ length: 24 }, (_, i) => (i < yes ? 'yes' : 'no'));
const victim = { name: 'Cleo Trial', dateOfBirth: '1985-02-03' };
const perpetrator = { name: 'Carl Trial', dateOfBirth: '1983-04-05' };

describe('tab API: editing a referral from the case page', () => {
  let t: TabServer;
  let coordinator: string;
  let caseId: string;
  const page = async () => (await t.call('GET', `/api/cases/${caseId}`, { token: coordinator })).body.case;
  const edit = async (over: Record<string, unknown>) => {
    const c = await page();
    return {
      referringAgencyId: c.referringAgencyId,
      victim: c.personal.victim,
      perpetrators: c.personal.perpetrators,
      children: c.personal.children,
      dash: c.dash,
      criteria: c.criteria,
      consent: c.consent,
      diversity: c.diversity,
      version: c.version,
      ...over,
    };
  };
  beforeAll(async () => {
    t = await startTabServer();
    coordinator = await t.signIn('p-coordinator');
    const r = await t.call('POST', '/api/referrals', {
      token: coordinator,
      body: {
        areaId: 'cambs-demo',
        referringAgencyId: 'police',
        victim,
        perpetrators: [perpetrator],
        children: [],
        dash: dash(18),
        criteria: ['visible-high-risk'],
        consent: 'given',
        honourBasedAbuse: false,
        worksForCoreAgency: false,
        diversity: {},
      },
    });
    expect(r.status).toBe(201);
    caseId = r.body.case.id;
  });
  afterAll(() => t?.close());

  it('saves an edit, and a search by the new name finds the case', async () => {
    const body = await edit({ victim: { ...victim, name: 'Cleo Renamed' }, consent: 'not-given' });
    const r = await t.call('PATCH', `/api/cases/${caseId}/referral`, { token: coordinator, body });
    expect(r.status).toBe(200);
    expect(r.body.version).toBe(body.version + 1);
    expect((await page()).consent).toBe('not-given');
    const found = await t.call('GET', '/api/referrals?areaId=cambs-demo&q=Cleo%20Renamed', {
      token: coordinator,
    });
    expect(found.body.rows.map((x: { id: string }) => x.id)).toEqual([caseId]);
  });

  it('refuses an edit against an older version with 409 "changed since you opened it"', async () => {
    const opened = await edit({});
    const first = await t.call('PATCH', `/api/cases/${caseId}/referral`, {
      token: coordinator,
      body: { ...opened, consent: 'not-sought' },
    });
    expect(first.status).toBe(200);
    const second = await t.call('PATCH', `/api/cases/${caseId}/referral`, {
      token: coordinator,
      body: { ...opened, consent: 'given' },
    });
    expect(second.status).toBe(409);
    expect(second.body.error).toMatchObject({ code: 'stale' });
    expect(second.body.error.message).toContain('changed since you opened it');
    expect((await page()).consent).toBe('not-sought');
  });

  it('names the fields that need attention', async () => {
    const r = await t.call('PATCH', `/api/cases/${caseId}/referral`, {
      token: coordinator,
      body: await edit({ victim: { name: 'C' }, consent: 'maybe' }),
    });
    expect(r.status).toBe(400);
    const fields = r.body.error.fields.map((f: { field: string }) => f.field);
    expect(fields).toEqual(expect.arrayContaining(['victim.name', 'consent']));
  });

  it('refuses a representative with 403, audited, and changes nothing', async () => {
    const housing = await t.signIn('p-housing');
    const before = await page();
    const r = await t.call('PATCH', `/api/cases/${caseId}/referral`, {
      token: housing,
      body: await edit({ consent: 'given' }),
    });
    expect(r.status).toBe(403);
    expect((await page()).version).toBe(before.version);
    const audit = await t.store.repos.audit.list();
    expect(audit.at(-1)).toMatchObject({
      action: 'referral.edit',
      outcome: 'refused',
      subject: `case:${caseId}`,
    });
  });

  it('keeps the inbox, the case page and its meeting picker from representatives (403), naming no one', async () => {
    const police = await t.signIn('p-police');
    for (const path of [
      '/api/referrals?areaId=cambs-demo',
      `/api/referrals?areaId=cambs-demo&q=${encodeURIComponent(victim.name)}`,
      `/api/cases/${caseId}`,
      `/api/cases/${caseId}/meetings`,
    ]) {
      const r = await t.call('GET', path, { token: police });
      expect(r.status, path).toBe(403);
      for (const name of ['Cleo', 'Carl Trial']) expect(JSON.stringify(r.body), path).not.toContain(name);
    }
  });
});
