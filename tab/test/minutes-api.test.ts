import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Actor,
  addAction,
  changeAction,
  confirmDeclaration,
  markPresent,
  openDeclaration,
  runChairCommand,
} from '@marac/core';
import { startTabServer, type TabServer } from './support/tab-server.js';

/** The paragraphs of a Word part, as text. */
function paragraphs(xml: string): string[] {
  return xml
    .split('</w:p>')
    .map((p) => [...p.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''))
    .map((t) =>
      t
        .replace(/&amp;/g, '&')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&apos;/g, "'"),
    )
    .filter(Boolean);
}

describe('minutes: generated from the record, edited, exported as DOCX', () => {
  let t: TabServer;
  let coordinator: string;
  const actor = async (id: string): Promise<Actor> => {
    const p = (await t.store.repos.people.get(id))!;
    return { aadObjectId: p.aadObjectId, displayName: p.displayName, person: p };
  };
  const deps = () => ({ store: t.store, clock: t.clock });

  beforeAll(async () => {
    t = await startTabServer({ now: Date.parse('2026-11-24T09:25:00Z') });
    coordinator = await t.signIn('p-coordinator');
    for (const id of ['p-chair', 'p-police', 'p-housing', 'p-idva'])
      await markPresent(deps(), 'm-demo', await actor(id), 'joined');
    const chair = await actor('p-chair');
    await openDeclaration(deps(), 'm-demo', chair);
    for (const id of ['p-chair', 'p-police', 'p-housing', 'p-idva']) {
      t.clock.advance(20_000);
      await confirmDeclaration(deps(), 'm-demo', await actor(id), 'typed');
    }
    await runChairCommand(deps(), 'm-demo', chair, { type: 'start' });
    await changeAction(deps(), 'a-demo-earlier-2', chair, { kind: 'review', review: 'not-acted' });
    await runChairCommand(deps(), 'm-demo', chair, { type: 'next' });
    await addAction(deps(), 'm-demo', chair, {
      caseId: 'c-demo-1',
      ownerAgencyId: 'housing',
      description: 'Fit a sanctuary scheme lock at the address',
      forWhom: 'victim',
      dueDate: '2026-12-01',
    });
    await addAction(deps(), 'm-demo', chair, {
      caseId: 'c-demo-1',
      ownerAgencyId: 'police',
      description: 'Place a marker on the address for urgent response',
      forWhom: 'household',
      dueDate: '2026-11-27',
    });
    t.clock.advance(19 * 60_000);
    await runChairCommand(deps(), 'm-demo', chair, { type: 'next-case' });
    await runChairCommand(deps(), 'm-demo', chair, { type: 'defer', reason: 'referrer not briefed' });
  });
  afterAll(() => t?.close());

  it('says clearly that a meeting which has not ended cannot be exported yet', async () => {
    const r = await t.call('GET', '/api/meetings/m-demo/minutes.docx', { token: coordinator });
    expect(r.status).toBe(409);
    expect(r.body.error.message).toMatch(
      /^This meeting has not ended, so its minutes cannot be exported yet\./,
    );
  });

  it('shows the record to its keepers only, and hides the closed session from the uninvited', async () => {
    const rep = await t.signIn('p-housing');
    const r = await t.call('GET', '/api/meetings/m-demo/minutes', { token: rep });
    expect([r.status, r.body.error.message]).toEqual([
      403,
      "Only the MARAC coordinators and the meeting's chair keep the minutes.",
    ]);
    expect((await t.call('GET', '/api/meetings/m-demo-closed/minutes.docx', { token: rep })).status).toBe(
      404,
    );
    const m = (await t.call('GET', '/api/meetings/m-demo/minutes', { token: await t.signIn('p-chair') }))
      .body;
    expect(m.cases[0].actions.map((a: { agency: string }) => a.agency)).toEqual(['Police', 'Housing']);
    expect(m.outstandingReviewed.find((a: { id: string }) => a.id === 'a-demo-earlier-2').review).toBe(
      'Agency has not acted',
    );
  });

  it('saves the editable parts as a versioned draft, refusing a stale save', async () => {
    const get = await t.call('GET', '/api/meetings/m-demo/minutes', { token: coordinator });
    const body = {
      expectedVersion: get.body.draft.version,
      apologies: [{ name: 'Pat Probation', agencyId: 'probation', note: 'Information sent by email' }],
      writtenSubmissions: [
        {
          agencyId: 'education',
          caseId: 'c-demo-1',
          summary: 'Attendance has fallen to 60% since September.',
        },
      ],
      cases: {
        'c-demo-1': {
          risks: "Escalating threats to kill.\nVictim fearful of the perpetrator's release.",
          crimesDisclosed: 'Breach of a non-molestation order on 20 November.',
        },
      },
      otherBusiness: 'Next meeting 1 December.',
    };
    const saved = await t.call('PUT', '/api/meetings/m-demo/minutes', { token: coordinator, body });
    expect(saved.status).toBe(200);
    expect(saved.body.draft.version).toBe(1);
    const stale = await t.call('PUT', '/api/meetings/m-demo/minutes', { token: coordinator, body });
    expect([stale.status, stale.body.error.code]).toEqual([409, 'stale']);
    const invalid = await t.call('PUT', '/api/meetings/m-demo/minutes', {
      token: coordinator,
      body: { ...body, expectedVersion: 1, writtenSubmissions: [{ agencyId: 'nobody', summary: 'x' }] },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.fields).toEqual([
      { field: 'writtenSubmissions.0.agencyId', message: "Choose one of the area's agencies." },
    ]);
  });

  it('exports the ended meeting as DOCX with the expected sections, marked OFFICIAL-SENSITIVE', async () => {
    await runChairCommand(deps(), 'm-demo', await actor('p-chair'), { type: 'end' });
    const r = await t.call('GET', '/api/meetings/m-demo/minutes.docx', { token: coordinator });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-disposition')).toBe(
      'attachment; filename="marac-minutes-2026-11-24-0930-marac.docx"',
    );
    const zip = await JSZip.loadAsync(r.body as Buffer);
    const body = paragraphs(await zip.file('word/document.xml')!.async('string'));
    const headers = await Promise.all(
      Object.keys(zip.files)
        .filter((f) => /^word\/(header|footer)\d*\.xml$/.test(f))
        .map((f) => zip.file(f)!.async('string')),
    );
    expect(headers.length).toBeGreaterThanOrEqual(2);
    for (const h of headers) expect(paragraphs(h)).toEqual(['OFFICIAL-SENSITIVE']);
    expect(body[0]).toBe('OFFICIAL-SENSITIVE');
    expect(body.at(-1)).toBe('OFFICIAL-SENSITIVE');
    expect(body[1]).toBe('MARAC minutes, Fenshire Demonstration MARAC (fictional), Tue 24 Nov 2026 09:30');
    const at = (s: string) => body.indexOf(s);
    const sections = [
      'Attendees',
      'Apologies',
      'Written submissions',
      'Declaration confirmations',
      'Outstanding actions reviewed',
      'Cases',
      'Deferrals',
      'Other business',
    ];
    for (const s of sections) expect(at(s), s).toBeGreaterThan(0);
    expect(sections.map(at)).toEqual([...sections.map(at)].sort((a, b) => a - b));
    const text = body.join('\n');
    expect(text).toMatch(/Chris Chair\nPolice\n09:2\d/);
    expect(text).toContain('Pat Probation\nProbation\nInformation sent by email');
    expect(text).toContain('Education\nMC-2026-0001\nAttendance has fallen to 60% since September.');
    expect(text).toMatch(/Housing Rep\nHousing\nTue 24 Nov 2026, 09:2\d\nTyped in the meeting chat/);
    expect(text).toContain(
      "MC-2025-0999\nChildren's Social Care\nComplete a child and family assessment and share the outcome with the IDVA\nTue 17 Nov 2026\nNo update from lead agency\nAgency has not acted",
    );
    expect(text).toContain('Agency has not acted');
    expect(text).toContain('Case 1: MC-2026-0001\nReferred by Police. Outcome: Heard.');
    expect(text).toContain(
      "Risks summary\nEscalating threats to kill.\nVictim fearful of the perpetrator's release.\nCrimes disclosed at the MARAC\nBreach of a non-molestation order on 20 November.",
    );
    expect(text).toContain(
      'Police\nPlace a marker on the address for urgent response\nhousehold\nFri 27 Nov 2026\nOpen\nHousing\nFit a sanctuary scheme lock at the address\nvictim\nTue 1 Dec 2026\nOpen',
    );
    expect(text).toContain(
      'Case 2: MC-2026-0002\nReferred by IDVA Service. Outcome: Deferred (referrer not briefed).',
    );
    expect(text).toContain('2\nMC-2026-0002\nreferrer not briefed');
    expect(text).toContain('Other business\nNext meeting 1 December.');
    for (const name of ['Ava Example', 'Adam Example', 'Bea Sample']) expect(text).not.toContain(name);
    const audit = (await t.store.repos.audit.list(0, 10_000)).filter((a) => a.action === 'minutes.exported');
    expect(audit.map((a) => [a.actor, a.details])).toEqual([
      ['p-coordinator', { format: 'docx', version: 1 }],
    ]);
  });

  it('records that the minutes were circulated within 24 hours', async () => {
    const m = (await t.call('GET', '/api/meetings/m-demo/minutes', { token: coordinator })).body;
    expect(m.circulateBy).toBe(new Date(t.clock.now() + 24 * 3_600_000).toISOString());
    t.clock.advance(3 * 3_600_000);
    const r = await t.call('POST', '/api/meetings/m-demo/minutes/circulated', {
      token: await t.signIn('p-coordinator'),
      body: { expectedVersion: m.draft.version },
    });
    expect(r.status).toBe(200);
    expect(r.body.draft.circulatedBy).toBe('Cara Coordinator');
    const audit = (await t.store.repos.audit.list(0, 10_000)).find((a) => a.action === 'minutes.circulated');
    expect(audit?.details).toEqual({ withinStandard: true });
  });
});
