import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../ports/clock.js';
import type { Store } from '../../ports/repositories.js';
import { PersonalDataCipher, newDataKey } from '../../crypto/personal-data.js';
import type { MaracCase, Hearing } from '../../domain/referral.js';
import type { Meeting } from '../../domain/meeting.js';
import type { Person } from '../../domain/person.js';
import { DEMO_AGENCIES, DEMO_AREA } from '../demo-area.js';
import { openStore } from '../../store/index.js';
import { computeFigures, figuresForExport, financialQuarter, getFigures } from './figures.js';

/**
 * A quarter seeded by hand (Q3 2026/27, 1 October to 31 December 2026) and counted by hand:
 *
 * | case | referrer      | heard (meeting)       | notes                                                      |
 * |------|---------------|-----------------------|------------------------------------------------------------|
 * | F1   | police        | 2026-10-06            | BME, 2 children                                            |
 * | F2   | idva          | 2026-10-06            | male, disabled                                             |
 * | F3   | police        | 2026-10-20            | LGBT+, aged 17, 1 child; same pair heard 2026-03-10: repeat |
 * | F4   | health        | 2026-11-03            | referred as a repeat; BME, disabled, aged 16, 3 children    |
 * | F5   | housing       | deferred 11-03, heard 11-17 | 1 child; its own deferral is not a repeat            |
 * | F6   | police        | 2026-12-01            | F1's victim, another perpetrator: not a repeat             |
 * | F7   | mental-health | 2026-12-15            | same pair heard 2025-09-01, more than 12 months: not repeat |
 * | F10  | csc           | 2026-12-08 (to Plus)  | 2 children                                                 |
 * | F8   | police        | 2027-01-05            | outside the quarter                                        |
 * | F9   | police        | 2026-12-20 elsewhere  | another area's meeting                                     |
 *
 * Heard 8; deferred 1; repeats 2 (25%); by agency police 3, idva 1, csc 1, mental-health 1,
 * housing 1, health 1; children 9; BME 2, LGBT+ 1, disabled 2, male 1, aged 16–17 2; meetings 7.
 */
describe('quarterly MARAC figures from a hand-counted quarter', () => {
  let store: Store;
  let dir: string;
  const clock = new ManualClock(Date.parse('2027-01-10T09:00:00Z'));
  const coordinator: Person = {
    id: 'p-co',
    aadObjectId: 'aad-co',
    displayName: 'Cara',
    email: 'c@x.example',
    roles: ['coordinator'],
    agencyId: 'idva',
  };
  const rep: Person = {
    id: 'p-rep',
    aadObjectId: 'aad-rep',
    displayName: 'Rep',
    email: 'r@x.example',
    roles: ['agency-rep'],
    agencyId: 'housing',
  };

  const meeting = (id: string, date: string, areaId = DEMO_AREA.id): Meeting => ({
    id,
    areaId,
    kind: 'marac',
    date,
    startTime: '09:30',
    chairId: 'p-chair',
    delegateIds: [],
    status: 'ended',
    linkCode: id.toUpperCase(),
    invitedAgencyIds: [],
    invitedPersonIds: [],
    version: 0,
  });
  const kase = (
    id: string,
    o: Partial<MaracCase> & { victimKey: string; perpetratorKeys: string[] },
  ): MaracCase => ({
    id,
    areaId: DEMO_AREA.id,
    reference: `FIG-${id}`,
    receivedAt: '2026-09-20T10:00:00.000Z',
    referringAgencyId: 'police',
    criteria: ['visible-high-risk'],
    dash: [],
    consent: 'given',
    honourBasedAbuse: false,
    closedSession: false,
    diversity: { ethnicity: 'white', gender: 'female', age: 30 },
    childrenInHousehold: 0,
    status: 'heard',
    personal: {
      victim: { name: `Victim ${id}` },
      perpetrators: [{ name: `Perpetrator ${id}` }],
      children: [],
    },
    version: 0,
    ...o,
  });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'marac-figures-'));
    store = await openStore({
      sqlitePath: join(dir, 'f.sqlite'),
      cipher: new PersonalDataCipher(newDataKey()),
      onError: () => {},
    });
    const cases: [MaracCase, [string, Hearing['outcome']][]][] = [
      [
        kase('F0', { victimKey: 'v3', perpetratorKeys: ['p3'], receivedAt: '2026-03-01T10:00:00.000Z' }),
        [['mt-0310', 'heard']],
      ],
      [
        kase('F7a', { victimKey: 'v7', perpetratorKeys: ['p7'], receivedAt: '2025-08-20T10:00:00.000Z' }),
        [['mt-0901', 'heard']],
      ],
      [
        kase('F1', {
          victimKey: 'v1',
          perpetratorKeys: ['p1'],
          diversity: { ethnicity: 'bme', gender: 'female', age: 30 },
          childrenInHousehold: 2,
        }),
        [['mt-1006', 'heard']],
      ],
      [
        kase('F2', {
          victimKey: 'v2',
          perpetratorKeys: ['p2'],
          referringAgencyId: 'idva',
          diversity: { ethnicity: 'white', gender: 'male', age: 40, disability: true },
        }),
        [['mt-1006', 'heard']],
      ],
      [
        kase('F3', {
          victimKey: 'v3',
          perpetratorKeys: ['p3', 'p3b'],
          receivedAt: '2026-10-10T10:00:00.000Z',
          diversity: { lgbt: true, age: 17, gender: 'female' },
          childrenInHousehold: 1,
        }),
        [['mt-1020', 'heard']],
      ],
      [
        kase('F4', {
          victimKey: 'v4',
          perpetratorKeys: ['p4'],
          referringAgencyId: 'health',
          criteria: ['repeat'],
          diversity: { ethnicity: 'bme', disability: true, age: 16 },
          childrenInHousehold: 3,
        }),
        [['mt-1103', 'heard']],
      ],
      [
        kase('F5', {
          victimKey: 'v5',
          perpetratorKeys: ['p5'],
          referringAgencyId: 'housing',
          childrenInHousehold: 1,
        }),
        [
          ['mt-1103', 'deferred'],
          ['mt-1117', 'heard'],
        ],
      ],
      [
        kase('F6', { victimKey: 'v1', perpetratorKeys: ['p6'], receivedAt: '2026-11-20T10:00:00.000Z' }),
        [['mt-1201', 'heard']],
      ],
      [
        kase('F7', {
          victimKey: 'v7',
          perpetratorKeys: ['p7'],
          referringAgencyId: 'mental-health',
          receivedAt: '2026-11-20T10:00:00.000Z',
        }),
        [['mt-1215', 'heard']],
      ],
      [
        kase('F10', {
          victimKey: 'v10',
          perpetratorKeys: ['p10'],
          referringAgencyId: 'csc',
          childrenInHousehold: 2,
          diversity: { ethnicity: 'white', gender: 'female', age: 19 },
        }),
        [['mt-1208', 'referred-to-plus']],
      ],
      [
        kase('F8', { victimKey: 'v8', perpetratorKeys: ['p8'], childrenInHousehold: 4 }),
        [['mt-0105', 'heard']],
      ],
      [
        kase('F9', { victimKey: 'v9', perpetratorKeys: ['p9'], areaId: 'elsewhere', childrenInHousehold: 5 }),
        [['mt-other', 'heard']],
      ],
    ];
    const dates: Record<string, string> = {
      'mt-0310': '2026-03-10',
      'mt-0901': '2025-09-01',
      'mt-1006': '2026-10-06',
      'mt-1020': '2026-10-20',
      'mt-1103': '2026-11-03',
      'mt-1117': '2026-11-17',
      'mt-1201': '2026-12-01',
      'mt-1208': '2026-12-08',
      'mt-1215': '2026-12-15',
      'mt-0105': '2027-01-05',
      'mt-other': '2026-12-20',
    };
    await store.tx(async (r) => {
      await r.areas.put(DEMO_AREA);
      await r.areas.put({ ...DEMO_AREA, id: 'elsewhere', name: 'Elsewhere MARAC' });
      for (const a of DEMO_AGENCIES) await r.agencies.put({ ...a, areaId: DEMO_AREA.id });
      for (const p of [coordinator, rep]) await r.people.put(p);
      for (const [id, date] of Object.entries(dates))
        await r.meetings.put(meeting(id, date, id === 'mt-other' ? 'elsewhere' : DEMO_AREA.id));
      for (const [c, hearings] of cases) {
        await r.cases.put(c);
        for (const [meetingId, outcome] of hearings)
          await r.hearings.add({
            caseId: c.id,
            meetingId,
            heardOn: dates[meetingId],
            victimKey: c.victimKey,
            perpetratorKeys: c.perpetratorKeys,
            outcome,
          });
      }
    });
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('names financial quarters as SafeLives reports them', () => {
    expect(financialQuarter(2026, 3)).toEqual({
      from: '2026-10-01',
      to: '2026-12-31',
      label: 'Q3 2026/27 (October–December 2026)',
    });
    expect(financialQuarter(2026, 4)).toMatchObject({ from: '2027-01-01', to: '2027-03-31' });
    expect(financialQuarter(2027, 1)).toMatchObject({ from: '2027-04-01', to: '2027-06-30' });
  });

  it('matches the hand count for the quarter', async () => {
    const q = financialQuarter(2026, 3);
    const f = await computeFigures(store.repos, { areaId: DEMO_AREA.id, from: q.from, to: q.to });
    expect(f.casesHeard).toBe(8);
    expect(f.deferred).toBe(1);
    expect(f.meetings).toBe(7);
    expect(f.repeatCases).toBe(2);
    expect(f.repeatRate).toBe(25);
    expect(Object.fromEntries(f.referralsByAgency.map((a) => [a.agencyId, a.count]))).toEqual({
      police: 3,
      idva: 1,
      csc: 1,
      asc: 0,
      education: 0,
      probation: 0,
      'drugs-alcohol': 0,
      housing: 1,
      'mental-health': 1,
      health: 1,
    });
    expect(f.childrenInHouseholds).toBe(9);
    expect(Object.fromEntries(f.victims.map((v) => [v.measure, v.count]))).toEqual({
      bme: 2,
      lgbt: 1,
      disabled: 2,
      male: 1,
      'aged-16-17': 2,
    });
    expect(f.victims.find((v) => v.measure === 'bme')?.percent).toBe(25);
    expect(f.victims.find((v) => v.measure === 'male')?.percent).toBe(12.5);
  });

  it('counts a case heard in a period once its hearing falls in it, and an empty period as none', async () => {
    const jan = await computeFigures(store.repos, {
      areaId: DEMO_AREA.id,
      from: '2027-01-01',
      to: '2027-01-31',
    });
    expect([jan.casesHeard, jan.childrenInHouseholds, jan.repeatCases]).toEqual([1, 4, 0]);
    const none = await computeFigures(store.repos, {
      areaId: DEMO_AREA.id,
      from: '2024-01-01',
      to: '2024-03-31',
    });
    expect([none.casesHeard, none.repeatRate, none.victims[0].percent]).toEqual([0, null, null]);
  });

  it('is for coordinators and chairs; refusals and exports are audited; a bad period is explained', async () => {
    const deps = { store, clock };
    await expect(getFigures(deps, rep, { from: '2026-10-01', to: '2026-12-31' })).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(
      getFigures(deps, coordinator, { from: '2026-12-31', to: '2026-10-01' }),
    ).rejects.toMatchObject({ code: 'invalid' });
    await figuresForExport(
      deps,
      coordinator,
      { areaId: DEMO_AREA.id, from: '2026-10-01', to: '2026-12-31' },
      'csv',
    );
    const audit = await store.repos.audit.list(0, 1000);
    expect(audit.map((a) => `${a.actor} ${a.action} ${a.outcome}`)).toEqual([
      'p-rep figures.view refused',
      'p-co figures.exported done',
    ]);
  });
});
