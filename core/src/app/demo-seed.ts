import type { Clock } from '../ports/clock.js';
import type { Store } from '../ports/repositories.js';
import type { PersonalDataCipher } from '../crypto/personal-data.js';
import type { Person, Role } from '../domain/person.js';
import type { Meeting } from '../domain/meeting.js';
import { addDays } from '../domain/meeting.js';
import { areaTimeZone, localDate } from '../domain/civil-time.js';
import type { DashAnswer, MaracCase } from '../domain/referral.js';
import type { MaracAction } from '../domain/actions.js';
import { DEMO_AGENCIES, DEMO_AREA, DEMO_AREA_ID } from './demo-area.js';
import { matchKeys } from './coordinator/checks.js';

/** Fictional names only: obviously invented, for demonstration. */
const VICTIMS = [
  'Ava Example',
  'Bea Sample',
  'Cleo Fictional',
  'Dana Madeup',
  'Eve Placeholder',
  'Fay Testcase',
  'Gail Notreal',
  'Hana Invented',
  'Iris Pretend',
];
const PERPETRATORS = [
  'Adam Example',
  'Ben Sample',
  'Carl Fictional',
  'Dev Madeup',
  'Ed Placeholder',
  'Finn Testcase',
  'Gus Notreal',
  'Hal Invented',
  'Ivo Pretend',
];
const REFERRERS = [
  'police',
  'idva',
  'police',
  'health',
  'housing',
  'police',
  'csc',
  'mental-health',
  'police',
];

export const DEMO_PEOPLE: { id: string; name: string; agencyId?: string; roles: Role[] }[] = [
  { id: 'p-coordinator', name: 'Cara Coordinator', agencyId: 'idva', roles: ['coordinator'] },
  { id: 'p-chair', name: 'Chris Chair', agencyId: 'police', roles: ['chair'] },
  { id: 'p-observer', name: 'Olly Observer', roles: ['observer'] },
  // The area's administrator (a DASV manager): reaches the area, agencies and people pages.
  { id: 'p-admin', name: 'Dana Admin', roles: ['admin'] },
  ...DEMO_AGENCIES.map((a) => ({
    id: `p-${a.id}`,
    name: `${a.short} Rep`,
    agencyId: a.id,
    roles: (a.id === 'idva' ? ['idva', 'agency-rep'] : ['agency-rep']) as Role[],
  })),
];

/** Demo person ids map to stable fake Entra object ids, so a test can speak as them. */
export const demoAadObjectId = (personId: string) =>
  `00000000-0000-4000-8000-${Buffer.from(personId).toString('hex').padEnd(12, '0').slice(0, 12)}`;

const dash = (yes: number): DashAnswer[] =>
  Array.from({ length: 24 }, (_, i) => (i < yes ? 'yes' : i % 3 ? 'no' : 'dont-know'));

/**
 * Seeds the demonstration data once: the fictional area, its agencies and people, today's
 * MARAC at 09:30 (link code DEMO) with eight cases, its closed session with one HBA case, and an
 * earlier meeting with outstanding actions for the opening review.
 */
export async function seedDemo(store: Store, cipher: PersonalDataCipher, clock: Clock): Promise<boolean> {
  if (await store.repos.areas.get(DEMO_AREA_ID)) return false;
  const today = localDate(clock.now(), areaTimeZone(DEMO_AREA));
  await store.tx(async (r) => {
    await r.areas.put(DEMO_AREA);
    for (const a of DEMO_AGENCIES) await r.agencies.put({ ...a, areaId: DEMO_AREA_ID });
    for (const p of DEMO_PEOPLE) await r.people.put(person(p));
    const earlier = await r.meetings.put(
      meeting('m-demo-earlier', addDays(today, -14), 'EARLIER', { status: 'ended' }),
    );
    const main = await r.meetings.put(meeting('m-demo', today, 'DEMO'));
    const closed = await r.meetings.put(
      meeting('m-demo-closed', today, 'DEMOCS', {
        kind: 'closed',
        startTime: '12:30',
        parentMeetingId: main.id,
        invitedAgencyIds: ['police', 'idva', 'csc'],
      }),
    );
    const year = +today.slice(0, 4);
    const mainIds: string[] = [];
    for (let i = 0; i < 9; i++) {
      const c = await r.cases.put(
        demoCase(
          cipher,
          i,
          `MC-${year}-${String(await r.cases.nextNumber(DEMO_AREA_ID, year)).padStart(4, '0')}`,
          today,
          i === 8 ? closed.id : main.id,
        ),
      );
      if (i < 8) mainIds.push(c.id);
      else await r.agenda.set(closed.id, [c.id]);
    }
    await r.agenda.set(main.id, mainIds);
    const old = await r.cases.put({
      ...demoCase(cipher, 0, `MC-${year - 1}-0999`, addDays(today, -20), earlier.id),
      id: 'c-demo-earlier',
      status: 'heard',
    });
    await r.hearings.add({
      caseId: old.id,
      meetingId: earlier.id,
      heardOn: earlier.date,
      victimKey: old.victimKey,
      perpetratorKeys: old.perpetratorKeys,
      outcome: 'heard',
    });
    for (const [n, agency] of [
      ['1', 'housing'],
      ['2', 'csc'],
      ['3', 'health'],
    ] as const)
      await r.actions.put(action(`a-demo-earlier-${n}`, old, earlier, agency, addDays(earlier.date, 7)));
    await r.audit.append({
      at: new Date(clock.now()).toISOString(),
      actor: 'system',
      action: 'demo.seeded',
      subject: `area:${DEMO_AREA_ID}`,
      outcome: 'done',
    });
  });
  return true;

  function person(p: (typeof DEMO_PEOPLE)[number]): Person {
    const email = `${p.name.toLowerCase().replace(/[^a-z]+/g, '.')}@fenshire.example`;
    return {
      id: p.id,
      aadObjectId: demoAadObjectId(p.id),
      displayName: p.name,
      email,
      agencyId: p.agencyId,
      roles: p.roles,
    };
  }
  function meeting(id: string, date: string, linkCode: string, over: Partial<Meeting> = {}): Meeting {
    return {
      id,
      areaId: DEMO_AREA_ID,
      kind: 'marac',
      date,
      startTime: '09:30',
      chairId: 'p-chair',
      delegateIds: [],
      status: 'planned',
      linkCode,
      invitedAgencyIds: [],
      invitedPersonIds: [],
      version: 0,
      ...over,
    };
  }
}

function demoCase(
  cipher: PersonalDataCipher,
  i: number,
  reference: string,
  today: string,
  meetingId: string,
): MaracCase {
  const victim = { name: VICTIMS[i], dateOfBirth: `19${80 + i}-0${(i % 9) + 1}-1${i}` };
  const perpetrator = { name: PERPETRATORS[i], dateOfBirth: `19${78 + i}-0${(i % 9) + 1}-2${i}` };
  const children =
    i % 2 === 0 ? [{ name: `Kit ${VICTIMS[i].split(' ')[1]}`, dateOfBirth: '2018-05-01' }] : [];
  return {
    id: `c-demo-${i + 1}`,
    areaId: DEMO_AREA_ID,
    reference,
    receivedAt: `${addDays(today, -10 + i)}T10:00:00.000Z`,
    referringAgencyId: REFERRERS[i],
    criteria: i === 3 ? ['professional-judgement'] : ['visible-high-risk'],
    professionalJudgementRationale:
      i === 3 ? 'Escalating controlling behaviour reported by the GP; victim fearful.' : undefined,
    dash: dash(i === 3 ? 12 : 17 + (i % 5)),
    consent: i % 3 === 0 ? 'not-sought' : 'given',
    honourBasedAbuse: i === 8,
    closedSession: i === 8,
    diversity: {
      ethnicity: i % 4 === 0 ? 'bme' : 'white',
      lgbt: i === 5,
      disability: i === 2,
      gender: i === 7 ? 'male' : 'female',
      age: i === 6 ? 17 : 30 + i,
    },
    childrenInHousehold: children.length,
    status: 'scheduled',
    meetingId,
    personal: { victim, perpetrators: [perpetrator], children },
    ...matchKeys(cipher, victim, [perpetrator]),
    version: 0,
  };
}

function action(id: string, c: MaracCase, m: Meeting, ownerAgencyId: string, dueDate: string): MaracAction {
  const descriptions: Record<string, string> = {
    housing: 'Flag the address on the housing system and offer a sanctuary scheme assessment',
    csc: 'Complete a child and family assessment and share the outcome with the IDVA',
    health: 'Add a safeguarding alert to the GP record and inform the health visitor',
  };
  return {
    id,
    caseId: c.id,
    caseReference: c.reference,
    meetingId: m.id,
    ownerAgencyId,
    description: descriptions[ownerAgencyId],
    forWhom: ownerAgencyId === 'csc' ? 'child' : 'victim',
    dueDate,
    status: 'open',
    createdAt: `${m.date}T10:00:00.000Z`,
    createdById: 'p-chair',
    smartAccepted: false,
    updates: [],
    version: 0,
  };
}
