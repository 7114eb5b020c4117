import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PersonalDataCipher } from '../../crypto/personal-data.js';
import type { ManualClock } from '../../ports/clock.js';
import type { Store } from '../../ports/repositories.js';
import type { Person } from '../../domain/person.js';
import { repeatFlagExpires, type Subject } from '../../domain/referral.js';
import { openDemoStore, type DemoStore } from '../../store/demo-fixture.js';
import { DEMO_AREA } from '../demo-area.js';
import { createMeeting } from './meetings.js';
import { checkReferralDraft } from './checks.js';
import { createReferral, type NewReferral } from './referrals.js';

const T0 = Date.parse('2026-11-24T09:25:00Z'); // m-demo today (Ava and Adam listed); they were heard 2026-11-10
const AVA = { name: 'Ava Example', dateOfBirth: '1980-01-10' };
const ADAM = { name: 'Adam Example', dateOfBirth: '1978-01-20' };
const dash = (yes: number) =>
  Array.from({ length: 24 }, (_, i) => (i < yes ? ('yes' as const) : ('no' as const)));
let demo: DemoStore;
let store: Store;
let clock: ManualClock;
let cipher: PersonalDataCipher;
let coordinator: Person;
const deps = () => ({ store, clock, cipher });

beforeEach(async () => {
  demo = await openDemoStore(T0);
  ({ store, clock, cipher, coordinator } = demo);
});
afterEach(() => demo.close());

const draft = (victim: Subject, perpetrator: Subject, meetingId?: string) => ({
  areaId: 'cambs-demo',
  meetingId,
  referringAgencyId: 'idva',
  victim,
  perpetrators: [perpetrator],
  dash: dash(18),
  criteria: ['visible-high-risk' as const],
});
const referral = (
  victim: Subject,
  perpetrator: Subject,
  meetingId?: string,
  over: Partial<NewReferral> = {},
) => ({
  ...draft(victim, perpetrator, meetingId),
  children: [],
  consent: 'given' as const,
  honourBasedAbuse: false,
  worksForCoreAgency: false,
  diversity: {},
  ...over,
});
const meetingOn = async (date: string) =>
  (
    await createMeeting(deps(), coordinator, {
      areaId: 'cambs-demo',
      kind: 'marac',
      date,
      startTime: '09:30',
    })
  ).id;
const check = (d: ReturnType<typeof draft> & { confirmedMatchIds?: string[] }) =>
  checkReferralDraft(deps(), coordinator, d);
const caseCount = async () => (await store.repos.cases.list({ areaId: 'cambs-demo' })).length;

describe('the two-week rule, before anything is stored', () => {
  it('is hit 13 days after the listed hearing and not 14; saving asks for a reason first', async () => {
    const day13 = await meetingOn('2026-12-07');
    const day14 = await meetingOn('2026-12-08');
    expect((await check(draft(AVA, ADAM, day13))).twoWeekConflict).toMatchObject({
      heardOn: '2026-11-24',
      caseReference: 'MC-2026-0001',
    });
    expect((await check(draft(AVA, ADAM, day14))).twoWeekConflict).toBeUndefined();

    const before = await caseCount();
    await expect(createReferral(deps(), coordinator, referral(AVA, ADAM, day13))).rejects.toMatchObject({
      code: 'conflict',
      details: { confirm: 'two-week' },
    });
    expect(await caseCount()).toBe(before);
    const saved = await createReferral(
      deps(),
      coordinator,
      referral(AVA, ADAM, day13, { twoWeekReason: 'Escalation since: new assault' }),
    );
    expect(saved.twoWeekConflict?.heardOn).toBe('2026-11-24');
    const audit = (await store.repos.audit.list(0, 10_000)).find(
      (a) => a.subject === `case:${saved.case.id}`,
    );
    expect(audit?.reason).toBe('Escalation since: new assault');
    // A different perpetrator is a new case: no conflict.
    expect(
      (await check(draft(AVA, { name: 'Other Person', dateOfBirth: '1970-01-01' }, day13))).twoWeekConflict,
    ).toBeUndefined();
  });
});

describe('the repeat rule over the area window', () => {
  const at = (date: string) => clock.set(Date.parse(`${date}T10:00:00Z`));

  it('is a repeat up to 12 months after the last hearing and not a day after (last hearing)', async () => {
    at(repeatFlagExpires('2026-11-10'));
    expect((await check(draft(AVA, ADAM))).repeat.repeat).toBe(true);
    expect((await check(draft(AVA, ADAM))).criteria).toEqual(['visible-high-risk', 'repeat']);
    at('2027-11-11');
    expect((await check(draft(AVA, ADAM))).repeat.repeat).toBe(false);
  });

  it('runs from the last referral when the area says so', async () => {
    await store.repos.areas.put({ ...DEMO_AREA, repeatWindowStart: 'last-referral' });
    const received = (await store.repos.cases.get('c-demo-1'))!.receivedAt.slice(0, 10);
    at(repeatFlagExpires(received));
    expect((await check(draft(AVA, ADAM))).repeat.repeat).toBe(true);
    clock.advance(86_400_000);
    expect((await check(draft(AVA, ADAM))).repeat.repeat).toBe(false);
  });

  it('a hearing in another area is not a repeat here', async () => {
    const NORA = { name: 'Nora Away', dateOfBirth: '1991-02-03' };
    const NED = { name: 'Ned Away', dateOfBirth: '1989-04-05' };
    await store.repos.areas.put({ ...DEMO_AREA, id: 'elsewhere', name: 'Elsewhere MARAC' });
    const m = (await store.repos.meetings.get('m-demo-earlier'))!;
    await store.repos.meetings.put({
      ...m,
      id: 'm-elsewhere',
      areaId: 'elsewhere',
      linkCode: 'ELSEW',
      version: 0,
    });
    await store.repos.hearings.add({
      caseId: 'c-demo-earlier',
      meetingId: 'm-elsewhere',
      heardOn: '2026-11-10',
      victimKey: cipher.matchKey(NORA.name, NORA.dateOfBirth),
      perpetratorKeys: [cipher.matchKey(NED.name, NED.dateOfBirth)],
      outcome: 'heard',
    });
    expect((await check(draft(NORA, NED))).repeat.repeat).toBe(false);
    expect((await check({ ...draft(NORA, NED), areaId: 'elsewhere' })).repeat.repeat).toBe(true);
  });
});

describe('without a date of birth: possible matches by name, to confirm or dismiss', () => {
  it('suggests the cases with the same names, finds nothing until one is confirmed, then the repeat and the two-week rule', async () => {
    const noDob = { name: 'ava  example' };
    const day13 = await meetingOn('2026-12-07');
    const first = await check(draft(noDob, ADAM, day13));
    expect(first.possibleMatches.map((m) => m.reference).sort()).toEqual(['MC-2025-0999', 'MC-2026-0001']);
    expect([first.repeat.repeat, first.twoWeekConflict]).toEqual([false, undefined]);
    const confirmed = await check({
      ...draft(noDob, ADAM, day13),
      confirmedMatchIds: ['c-demo-earlier', 'c-demo-1'],
    });
    expect(confirmed.repeat.repeat).toBe(true);
    expect(confirmed.repeat.earlier[0]).toMatchObject({
      heardOn: '2026-11-10',
      caseReference: 'MC-2025-0999',
    });
    expect(confirmed.twoWeekConflict?.heardOn).toBe('2026-11-24');
    // With both dates of birth the exact key decides; no suggestion.
    expect((await check(draft(AVA, ADAM))).possibleMatches).toEqual([]);
    // A different perpetrator's name: nothing to suggest.
    expect((await check(draft(noDob, { name: 'Someone Else' }))).possibleMatches).toEqual([]);
  });

  it('saving waits for a decision on each; a dismissed match is not a repeat, a confirmed one is linked', async () => {
    const noDob = { name: 'Ava Example' };
    const before = await caseCount();
    const e = await createReferral(deps(), coordinator, referral(noDob, ADAM)).catch((x) => x);
    expect([e.code, e.details.confirm, e.message]).toEqual([
      'conflict',
      'matches',
      'A date of birth is missing and 2 cases have the same names (MC-2025-0999, MC-2026-0001): confirm or dismiss each before saving.',
    ]);
    expect(JSON.stringify(e.details)).not.toMatch(/Ava|Adam/);
    expect(await caseCount()).toBe(before);
    const dismissed = await createReferral(
      deps(),
      coordinator,
      referral(noDob, ADAM, undefined, { dismissedMatchIds: ['c-demo-earlier', 'c-demo-1'] }),
    );
    expect(dismissed.repeat.repeat).toBe(false);
    const linked = await createReferral(
      deps(),
      coordinator,
      referral(noDob, ADAM, undefined, {
        confirmedMatchIds: ['c-demo-earlier'],
        dismissedMatchIds: ['c-demo-1', dismissed.case.id],
      }),
    );
    expect(linked.repeat.repeat).toBe(true);
    expect(linked.case.criteria).toContain('repeat');
    expect((await store.repos.cases.get(linked.case.id))?.repeatOf).toEqual(['c-demo-earlier']);
  });
});
