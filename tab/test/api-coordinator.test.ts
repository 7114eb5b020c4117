import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import { startTabServer, type TabServer } from './support/tab-server.js';

const dash = (yes: number) => Array.from({ length: 24 }, (_, i) => (i < yes ? 'yes' : 'no'));
const addDays = (iso: string, n: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

function referral(meetingId: string, over: Record<string, unknown> = {}) {
  return {
    areaId: 'cambs-demo',
    meetingId,
    referringAgencyId: 'police',
    victim: { name: 'Ava Example', dateOfBirth: '1980-01-10' },
    perpetrators: [{ name: 'Adam Example', dateOfBirth: '1978-01-20' }],
    children: [{ name: 'Kit Example', dateOfBirth: '2018-05-01' }],
    dash: dash(18),
    criteria: ['visible-high-risk'],
    consent: 'given',
    honourBasedAbuse: false,
    worksForCoreAgency: false,
    diversity: { ethnicity: 'white', gender: 'female', age: 45 },
    ...over,
  };
}

describe('tab API: meetings, referrals, agenda and export', () => {
  let t: TabServer;
  let coordinator: string;
  let housing: string;
  let today: string;
  let meetingId: string;
  beforeAll(async () => {
    t = await startTabServer();
    coordinator = await t.signIn('p-coordinator');
    housing = await t.signIn('p-housing');
    today = new Date(t.clock.now()).toISOString().slice(0, 10);
  });
  afterAll(() => t?.close());

  it('creates a meeting with a link code for the bot, and validates the form', async () => {
    const created = await t.call('POST', '/api/meetings', {
      token: coordinator,
      body: {
        areaId: 'cambs-demo',
        kind: 'marac',
        date: addDays(today, 7),
        startTime: '09:30',
        chairId: 'p-chair',
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.linkCode).toMatch(/^[A-Z2-9]{6}$/);
    expect(created.body.chairName).toBe('Chris Chair');
    meetingId = created.body.id;
    const bad = await t.call('POST', '/api/meetings', {
      token: coordinator,
      body: { areaId: 'cambs-demo', kind: 'weekly', date: 'tomorrow', startTime: '9am' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { field: string }) => f.field).sort()).toEqual([
      'date',
      'kind',
      'startTime',
    ]);
    const past = await t.call('POST', '/api/meetings', {
      token: coordinator,
      body: { areaId: 'cambs-demo', kind: 'marac', date: addDays(today, -1), startTime: '09:30' },
    });
    expect(past.body.error.fields).toEqual([{ field: 'date', message: 'The date is in the past.' }]);
  });

  it('refuses a representative who tries to create a meeting, and audits it', async () => {
    const r = await t.call('POST', '/api/meetings', {
      token: housing,
      body: { areaId: 'cambs-demo', kind: 'marac', date: addDays(today, 7), startTime: '09:30' },
    });
    expect(r.status).toBe(403);
    expect(r.body.error.message).toMatch(/coordinator/);
    const audit = await t.store.repos.audit.list(0, 1000);
    expect(
      audit.some((a) => a.actor === 'p-housing' && a.action === 'meeting.create' && a.outcome === 'refused'),
    ).toBe(true);
  });

  it('saves a referral with a case reference, finds the repeat, and asks for a reason for the two-week conflict first', async () => {
    const asked = await t.call('POST', '/api/referrals', { token: coordinator, body: referral(meetingId) });
    expect([asked.status, asked.body.error.code]).toEqual([409, 'confirm-two-week']);
    expect(asked.body.error.message).toMatch(/within two weeks of this meeting\. Give a reason/);
    const none = await t.call('GET', `/api/meetings/${meetingId}/agenda`, { token: coordinator });
    expect(none.body.rows).toEqual([]);
    const r = await t.call('POST', '/api/referrals', {
      token: coordinator,
      body: { ...referral(meetingId), twoWeekReason: 'New incident: serious assault yesterday' },
    });
    expect(r.status).toBe(201);
    const created = (await t.store.repos.audit.list(0, 10_000)).find(
      (a) => a.action === 'referral.created' && a.subject === `case:${r.body.case.id}`,
    );
    expect([created?.reason, created?.details?.twoWeekConflict]).toEqual([
      'New incident: serious assault yesterday',
      true,
    ]);
    expect(r.body.case.reference).toMatch(new RegExp(`^MC-${today.slice(0, 4)}-\\d{4}$`));
    expect(r.body.case.criteria).toEqual(['visible-high-risk', 'repeat']);
    expect(r.body.repeat.repeat).toBe(true);
    expect(r.body.repeat.earlier[0]).toMatchObject({ heardOn: addDays(today, -14), outcome: 'heard' });
    expect(r.body.twoWeekConflict).toMatchObject({
      heardOn: today,
      caseReference: expect.stringMatching(/^MC-/),
    });
    const agenda = await t.call('GET', `/api/meetings/${meetingId}/agenda`, { token: coordinator });
    expect(agenda.body.rows.map((x: { reference: string }) => x.reference)).toEqual([r.body.case.reference]);
    const events = await t.store.repos.events.since(0, 1000);
    expect(events.some((e) => e.type === 'AgendaChanged' && e.meetingId === meetingId)).toBe(true);
  });

  it('refuses a referral below the threshold without another criterion, naming the field', async () => {
    const r = await t.call('POST', '/api/referrals', {
      token: coordinator,
      body: referral(meetingId, { victim: { name: 'Zoe Other' }, dash: dash(5), criteria: [] }),
    });
    expect(r.status).toBe(400);
    expect(r.body.error.fields[0].field).toBe('criteria');
    const pj = await t.call('POST', '/api/referrals', {
      token: coordinator,
      body: referral(meetingId, {
        victim: { name: 'Zoe Other' },
        dash: dash(5),
        criteria: ['professional-judgement'],
      }),
    });
    expect(pj.body.error.fields).toEqual([
      {
        field: 'professionalJudgementRationale',
        message: 'Professional judgement needs a recorded rationale.',
      },
    ]);
    const shortDash = await t.call('POST', '/api/referrals', {
      token: coordinator,
      body: referral(meetingId, { dash: dash(18).slice(0, 20) }),
    });
    expect(shortDash.body.error.fields[0].field).toBe('dash');
  });

  it('sends an honour-based abuse case to a closed session it creates after the meeting', async () => {
    const r = await t.call('POST', '/api/referrals', {
      token: coordinator,
      body: referral(meetingId, {
        victim: { name: 'Hba Victim' },
        perpetrators: [{ name: 'Hba Perp' }],
        honourBasedAbuse: true,
        referringAgencyId: 'mental-health',
      }),
    });
    expect(r.status).toBe(201);
    expect(r.body.placedIn).toMatchObject({ kind: 'closed', createdClosedSession: true });
    const closed = await t.store.repos.meetings.get(r.body.placedIn.meetingId);
    expect(closed).toMatchObject({ kind: 'closed', parentMeetingId: meetingId, startTime: '12:10' });
    expect(closed!.invitedAgencyIds).toEqual(['mental-health', 'police', 'idva']);
    const main = await t.call('GET', `/api/meetings/${meetingId}/agenda`, { token: coordinator });
    expect(main.body.rows).toHaveLength(1);
    expect(main.body.closedSession.rows).toHaveLength(1);
    // Housing is not invited: no closed session in its view, and a refusal when asking for it.
    const asHousing = await t.call('GET', `/api/meetings/${meetingId}/agenda`, { token: housing });
    expect(asHousing.body.closedSession).toBeUndefined();
    // ...answered exactly as a meeting that does not exist (its existence is not confirmed), and audited.
    const hidden = await t.call('GET', `/api/meetings/${closed!.id}/agenda`, { token: housing });
    const unknown = await t.call('GET', '/api/meetings/m-no-such-meeting/agenda', { token: housing });
    expect([hidden.status, hidden.body]).toEqual([404, unknown.body]);
    expect(unknown.status).toBe(404);
    const refused = (await t.store.repos.audit.list(0, 10_000)).filter(
      (a) => a.outcome === 'refused' && a.subject === `meeting:${closed!.id}`,
    );
    expect(refused.length).toBeGreaterThan(0);
  });

  it("omits personal details from a representative's agenda", async () => {
    const asHousing = await t.call('GET', '/api/meetings/m-demo/agenda', { token: housing });
    expect(asHousing.status).toBe(200);
    expect(asHousing.body.rows).toHaveLength(8);
    expect(JSON.stringify(asHousing.body)).not.toMatch(/Example|Sample|dateOfBirth/);
    expect(asHousing.body.rows[0].personal).toBeUndefined();
    const asCoordinator = await t.call('GET', '/api/meetings/m-demo/agenda', { token: coordinator });
    expect(asCoordinator.body.rows[0].personal.victim.name).toBe('Ava Example');
  });

  it('reorders the agenda, recomputing slots, and refuses a stale or partial order', async () => {
    const before = (await t.call('GET', '/api/meetings/m-demo/agenda', { token: coordinator })).body;
    const ids: string[] = before.rows.map((r: { caseId: string }) => r.caseId);
    const order = [ids[2], ...ids.filter((_, i) => i !== 2)];
    const r = await t.call('PUT', '/api/meetings/m-demo/agenda', {
      token: coordinator,
      body: { caseIds: order, expectedOrder: ids },
    });
    expect(r.status).toBe(200);
    expect(r.body.rows[0]).toMatchObject({ caseId: ids[2], start: '09:30', end: '09:50' });
    const stale = await t.call('PUT', '/api/meetings/m-demo/agenda', {
      token: coordinator,
      body: { caseIds: ids, expectedOrder: ids },
    });
    expect(stale.status).toBe(409);
    const partial = await t.call('PUT', '/api/meetings/m-demo/agenda', {
      token: coordinator,
      body: { caseIds: ids.slice(1) },
    });
    expect(partial.status).toBe(400);
    expect(
      (await t.call('PUT', '/api/meetings/m-demo/agenda', { token: housing, body: { caseIds: ids } })).status,
    ).toBe(403);
    const suggested = await t.call('POST', '/api/meetings/m-demo/agenda/suggest', {
      token: coordinator,
      body: { ordering: 'children-first' },
    });
    expect(
      suggested.body.rows
        .slice(0, 4)
        .every((x: { childrenInHousehold: number }) => x.childrenInHousehold > 0),
    ).toBe(true);
  });

  it('exports the agenda as CSV and DOCX marked OFFICIAL-SENSITIVE, for coordinators only', async () => {
    const csv = await t.call('GET', '/api/meetings/m-demo/agenda.csv', { token: coordinator });
    expect(csv.status).toBe(200);
    const lines = (csv.body as string).split('\r\n');
    expect(lines[0]).toBe('OFFICIAL-SENSITIVE');
    expect(lines[2]).toContain('Case reference');
    expect(csv.body).toContain('Ava Example');
    expect(csv.body).toContain('Thu 10 Jan 1980'); // dates of birth in UK style
    expect(lines[1]).toMatch(/, (Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} [A-Z][a-z]{2} \d{4} 09:30"$/);
    expect(csv.body).toMatch(/09:30–09:50/);
    const docx = await t.call('GET', '/api/meetings/m-demo/agenda.docx', { token: coordinator });
    expect(docx.headers.get('content-disposition')).toMatch(/attachment; filename="marac-agenda-.*\.docx"/);
    const zip = await JSZip.loadAsync(docx.body as Buffer);
    const files = Object.keys(zip.files);
    const header = await zip.file(files.find((f) => /word\/header\d*\.xml/.test(f))!)!.async('string');
    const footer = await zip.file(files.find((f) => /word\/footer\d*\.xml/.test(f))!)!.async('string');
    const body = await zip.file('word/document.xml')!.async('string');
    expect(header).toContain('OFFICIAL-SENSITIVE');
    expect(footer).toContain('OFFICIAL-SENSITIVE');
    expect(body).toContain('Ava Example');
    expect(body).toContain('Police');
    expect((await t.call('GET', '/api/meetings/m-demo/agenda.csv', { token: housing })).status).toBe(403);
    const audit = await t.store.repos.audit.list(0, 1000);
    expect(audit.filter((a) => a.action === 'agenda.exported').map((a) => a.details?.format)).toEqual([
      'csv',
      'docx',
    ]);
  });

  it('shows planning figures to the coordinator: forecast and expiring flags', async () => {
    const p = await t.call('GET', '/api/areas/cambs-demo/planning', { token: coordinator });
    expect(p.status).toBe(200);
    expect(p.body.forecast).toHaveLength(6);
    expect(p.body.forecast[0].waitingCases).toBeGreaterThanOrEqual(9);
    expect((await t.call('GET', '/api/areas/cambs-demo/planning', { token: housing })).status).toBe(403);
  });

  it('links a Teams meeting chat from the configuration page once, and audits it', async () => {
    const r = await t.call('POST', `/api/meetings/${meetingId}/teams-link`, {
      token: coordinator,
      body: { chatId: '19:meeting_abc@thread.v2' },
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ alreadyLinked: false, meeting: { linkedToTeams: true } });
    const stored = await t.store.repos.meetings.get(meetingId);
    expect(stored!.teams).toMatchObject({
      conversationId: '19:meeting_abc@thread.v2',
      chatId: '19:meeting_abc@thread.v2',
      serviceUrl: '',
    });
    expect(
      (
        await t.call('POST', `/api/meetings/${meetingId}/teams-link`, {
          token: coordinator,
          body: { chatId: '19:meeting_abc@thread.v2' },
        })
      ).body.alreadyLinked,
    ).toBe(true);
    expect(
      (
        await t.call('POST', `/api/meetings/${meetingId}/teams-link`, {
          token: coordinator,
          body: { chatId: '19:other@thread.v2' },
        })
      ).status,
    ).toBe(409);
    expect(
      (
        await t.call('POST', `/api/meetings/${meetingId}/teams-link`, {
          token: housing,
          body: { chatId: '19:x@thread.v2' },
        })
      ).status,
    ).toBe(403);
    const audit = await t.store.repos.audit.list(0, 1000);
    expect(
      audit.some((a) => a.action === 'meeting.linked-teams' && a.subject === `meeting:${meetingId}`),
    ).toBe(true);
  });

  it('never writes names into the audit trail or the logs', async () => {
    const audit = JSON.stringify(await t.store.repos.audit.list(0, 1000));
    expect(audit).not.toMatch(/Ava Example|Adam Example|Hba Victim|Kit Example/);
    expect(JSON.stringify(t.logs)).not.toMatch(/Example|Hba/);
  });
});
