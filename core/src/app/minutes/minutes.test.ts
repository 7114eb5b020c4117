import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { withPgClient } from '../../store/postgres-db.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../ports/clock.js';
import type { Store } from '../../ports/repositories.js';
import { PersonalDataCipher, newDataKey } from '../../crypto/personal-data.js';
import { seedDemo, demoAadObjectId } from '../demo-seed.js';
import { openStore } from '../../store/index.js';
import {
  type Actor,
  addAction,
  changeAction,
  confirmDeclaration,
  markPresent,
  openDeclaration,
  runChairCommand,
} from '../meeting-room/index.js';
import { getMinutes, markMinutesCirculated, minutesForExport, saveMinutes } from './minutes.js';
import { MEETING_NOT_FOUND } from './access.js';

const DATABASE_URL = process.env.DATABASE_URL;
const START = Date.parse('2026-11-24T09:25:00Z');

/** A store of each kind available here: SQLite always, PostgreSQL when DATABASE_URL is set. */
const dialects: [string, () => Promise<{ store: Store; dispose: () => Promise<void> }>][] = [
  [
    'SQLite',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'marac-minutes-'));
      const store = await openStore({
        sqlitePath: join(dir, 'm.sqlite'),
        cipher: new PersonalDataCipher(newDataKey()),
        onError: () => {},
      });
      return {
        store,
        dispose: async () => {
          await store.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  ],
];
if (DATABASE_URL)
  dialects.push([
    'PostgreSQL',
    async () => {
      const schema = `marac_minutes_${process.pid}_${randomBytes(3).toString('hex')}`;
      const store = await openStore({
        databaseUrl: DATABASE_URL,
        schema,
        cipher: new PersonalDataCipher(newDataKey()),
        onError: () => {},
      });
      return {
        store,
        dispose: async () => {
          await store.close();
          await withPgClient(DATABASE_URL, (c) => c.query(`DROP SCHEMA ${schema} CASCADE`));
        },
      };
    },
  ]);

describe.each(dialects)('minutes from the record (%s)', (_name, open) => {
  let store: Store;
  let dispose: () => Promise<void>;
  const clock = new ManualClock(START);
  const deps = () => ({ store, clock });
  const person = async (id: string) => (await store.repos.people.get(id))!;
  const actor = async (id: string): Promise<Actor> => {
    const p = await person(id);
    return { aadObjectId: p.aadObjectId, displayName: p.displayName, person: p };
  };

  beforeAll(async () => {
    ({ store, dispose } = await open());
    await seedDemo(store, new PersonalDataCipher(newDataKey()), clock);
  });
  afterAll(() => dispose());

  it('refuses to export before the meeting has ended, and says why', async () => {
    await expect(
      minutesForExport(deps(), await person('p-coordinator'), 'm-demo', 'docx'),
    ).rejects.toMatchObject({ code: 'conflict', message: /has not ended/ });
  });

  it('builds attendees, confirmations, cases, actions, deferrals and reviews from a meeting as it ran', async () => {
    const chair = await actor('p-chair');
    for (const id of ['p-chair', 'p-police', 'p-housing'])
      await markPresent(deps(), 'm-demo', await actor(id), 'joined');
    await openDeclaration(deps(), 'm-demo', chair);
    for (const id of ['p-chair', 'p-police', 'p-housing']) {
      const a = await actor(id);
      clock.advance(30_000);
      await confirmDeclaration(deps(), 'm-demo', a, id === 'p-housing' ? 'card' : 'typed');
    }
    await runChairCommand(deps(), 'm-demo', chair, { type: 'start' });
    // The opening review of an earlier meeting's outstanding action.
    await changeAction(deps(), 'a-demo-earlier-1', chair, {
      kind: 'review',
      review: 'change-in-circumstance',
      note: 'Moved address',
    });
    await runChairCommand(deps(), 'm-demo', chair, { type: 'next' });
    // A late joiner who never confirms.
    await markPresent(
      deps(),
      'm-demo',
      { aadObjectId: demoAadObjectId('p-csc'), displayName: 'CSC Rep' },
      'joined',
    );
    const added = await addAction(deps(), 'm-demo', chair, {
      caseId: 'c-demo-1',
      ownerAgencyId: 'housing',
      description: 'Flag the address on the housing system today',
      forWhom: 'victim',
      dueDate: '2026-12-01',
    });
    expect('added' in added).toBe(true);
    clock.advance(18 * 60_000);
    // The gate holds for case 2 too: the chair overrides it for that case, recorded with the name.
    await expect(runChairCommand(deps(), 'm-demo', chair, { type: 'next-case' })).rejects.toThrow(/CSC Rep/);
    await runChairCommand(
      deps(),
      'm-demo',
      chair,
      { type: 'next-case' },
      { overrideReason: 'CSC confirming by phone' },
    );
    expect((await store.repos.live.get('m-demo'))?.cases[1].gateOverride).toMatchObject({
      reason: 'CSC confirming by phone',
      unconfirmed: ['CSC Rep'],
    });
    // An override covers its case only: the gate holds again for case 3.
    await expect(
      runChairCommand(deps(), 'm-demo', chair, { type: 'defer', reason: 'referrer not present' }),
    ).rejects.toThrow(/CSC Rep/);
    await runChairCommand(
      deps(),
      'm-demo',
      chair,
      { type: 'defer', reason: 'referrer not present' },
      { overrideReason: 'as before' },
    );
    await runChairCommand(deps(), 'm-demo', chair, { type: 'end' });

    const m = await getMinutes(deps(), await person('p-coordinator'), 'm-demo');
    expect(m.marking).toBe('OFFICIAL-SENSITIVE');
    expect(m.ended).toBe(true);
    expect(m.circulateBy).toBe(new Date(clock.now() + 24 * 3_600_000).toISOString());
    expect(m.attendees.map((a) => [a.name, a.agency, a.late])).toEqual([
      ['Chris Chair', 'Police', false],
      ['Police Rep', 'Police', false],
      ['CSC Rep', "Children's Social Care", true],
      ['Housing Rep', 'Housing', false],
    ]);
    expect(m.declaration.confirmations.map((c) => [c.name, c.how])).toEqual([
      ['Chris Chair', 'Typed in the meeting chat'],
      ['Police Rep', 'Typed in the meeting chat'],
      ['Housing Rep', 'Card in the meeting chat'],
    ]);
    expect(m.declaration.unconfirmed).toEqual([{ name: 'CSC Rep', agency: "Children's Social Care" }]);
    // Not "each attendee confirmed": the statement names who had not, when, and the overrides.
    expect(m.declaration.statement).toEqual([
      'Not everyone present had confirmed the confidentiality declaration (version cambs-2020-1) before a case was heard:',
      "CSC Rep (Children's Social Care) joined during case 1 (MC-2026-0001) at 09:26 before confirming.",
      "Case 2 (MC-2026-0002) opened at 09:44 before CSC Rep (Children's Social Care) had confirmed; the chair (Chris Chair) opened it over the declaration gate. Reason: CSC confirming by phone",
      "Case 3 (MC-2026-0003) opened at 09:44 before CSC Rep (Children's Social Care) had confirmed; the chair (Chris Chair) opened it over the declaration gate. Reason: as before",
    ]);
    expect(m.cases).toHaveLength(8);
    expect(m.cases[0]).toMatchObject({
      reference: 'MC-2026-0001',
      status: 'heard',
      referringAgency: 'Police',
    });
    expect(m.cases[0].actions).toEqual([
      expect.objectContaining({ agency: 'Housing', dueDate: '2026-12-01', status: 'Open' }),
    ]);
    expect(m.cases[1]).toMatchObject({ status: 'deferred', deferReason: 'referrer not present' });
    expect(m.deferrals).toEqual([{ position: 2, reference: 'MC-2026-0002', reason: 'referrer not present' }]);
    expect(m.outstandingReviewed.find((a) => a.id === 'a-demo-earlier-1')).toMatchObject({
      review: 'Change in circumstance',
      note: 'Moved address',
      agency: 'Housing',
    });
    expect(m.outstandingReviewed.find((a) => a.id === 'a-demo-earlier-2')).toMatchObject({
      review: 'Not reviewed',
    });
    const text = JSON.stringify(m);
    for (const name of ['Ava Example', 'Adam Example', 'Kit Example']) expect(text).not.toContain(name);
  });

  it('keeps edits as a versioned draft, refuses a stale save, and seals it at rest', async () => {
    const coordinator = await person('p-coordinator');
    const saved = await saveMinutes(
      deps(),
      coordinator,
      'm-demo',
      {
        apologies: [{ name: 'Pat Probation', agencyId: 'probation', note: 'Information sent by email' }],
        writtenSubmissions: [
          { agencyId: 'education', caseId: 'c-demo-1', summary: 'School reports attendance has dropped.' },
        ],
        cases: {
          'c-demo-1': {
            risks: 'Escalating threats; strangulation disclosed.',
            crimesDisclosed: 'Assault by strangulation (not reported before).',
          },
        },
        otherBusiness: 'None.',
      },
      0,
    );
    expect(saved.draft.version).toBe(1);
    expect(saved.apologies).toEqual([
      {
        name: 'Pat Probation',
        agencyId: 'probation',
        note: 'Information sent by email',
        agency: 'Probation',
      },
    ]);
    expect(saved.writtenSubmissions[0]).toMatchObject({ agency: 'Education', caseReference: 'MC-2026-0001' });
    expect(saved.cases[0]).toMatchObject({
      risks: 'Escalating threats; strangulation disclosed.',
      crimesDisclosed: 'Assault by strangulation (not reported before).',
    });
    expect(saved.draft.updatedBy).toBe('Cara Coordinator');
    await expect(
      saveMinutes(
        deps(),
        coordinator,
        'm-demo',
        { apologies: [], writtenSubmissions: [], cases: {}, otherBusiness: '' },
        0,
      ),
    ).rejects.toMatchObject({ code: 'stale' });
    await expect(
      saveMinutes(
        deps(),
        coordinator,
        'm-demo',
        { apologies: [], writtenSubmissions: [], cases: { 'c-demo-9': { risks: 'x' } }, otherBusiness: '' },
        1,
      ),
    ).rejects.toMatchObject({ code: 'invalid' });
    const audit = (await store.repos.audit.list(0, 10_000)).filter((a) => a.action === 'minutes.edited');
    expect(audit.at(-1)?.details).toMatchObject({
      changed: expect.arrayContaining([
        'apologies',
        'written submissions',
        'case c-demo-1',
        'other business',
      ]),
    });
    expect(JSON.stringify(audit)).not.toContain('strangulation');
    const circulated = await markMinutesCirculated(deps(), coordinator, 'm-demo', 1);
    expect(circulated.draft.circulatedBy).toBe('Cara Coordinator');
    const exported = await minutesForExport(deps(), coordinator, 'm-demo', 'docx');
    expect(exported.cases[0].risks).toMatch(/Escalating/);
  });

  it('shows a closed session to nobody uninvited (not found, as for an unknown id) and minutes only to their keepers', async () => {
    const housing = await person('p-housing');
    await expect(getMinutes(deps(), housing, 'm-demo-closed')).rejects.toMatchObject({
      code: 'not-found',
      message: MEETING_NOT_FOUND,
    });
    await expect(getMinutes(deps(), housing, 'no-such-meeting')).rejects.toMatchObject({
      code: 'not-found',
      message: MEETING_NOT_FOUND,
    });
    await expect(getMinutes(deps(), housing, 'm-demo')).rejects.toMatchObject({ code: 'forbidden' });
    await expect(getMinutes(deps(), await person('p-police'), 'm-demo-closed')).rejects.toMatchObject({
      code: 'forbidden',
    });
    const refused = (await store.repos.audit.list(0, 10_000))
      .filter((a) => a.outcome === 'refused' && a.actor === 'p-housing')
      .map((a) => `${a.action} ${a.subject}`);
    expect(refused).toEqual(
      expect.arrayContaining(['minutes.view meeting:m-demo-closed', 'minutes.view meeting:m-demo']),
    );
    const chairView = await getMinutes(deps(), await person('p-chair'), 'm-demo-closed');
    expect(chairView.meeting.kind).toBe('closed');
    expect(chairView.outstandingReviewed).toEqual([]);
  });
});
