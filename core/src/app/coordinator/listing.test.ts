import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PersonalDataCipher } from '../../crypto/personal-data.js';
import type { ManualClock } from '../../ports/clock.js';
import type { Store } from '../../ports/repositories.js';
import type { Person } from '../../domain/person.js';
import type { ChairCommand } from '../../domain/live-meeting.js';
import { openDemoStore, type DemoStore } from '../../store/demo-fixture.js';
import { demoAadObjectId } from '../demo-seed.js';
import { runChairCommand } from '../meeting-room/index.js';
import { createMeeting } from './meetings.js';
import { listCase, moveCase, relistQueue, removeFromAgenda } from './listing.js';
import { cancelMeeting, rescheduleMeeting } from './meeting-changes.js';
import { getAgenda, reorderAgenda } from './agenda.js';

const T0 = Date.parse('2026-11-24T09:25:00Z');
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

const chair = async () => {
  const person = (await store.repos.people.get('p-chair'))!;
  return { aadObjectId: demoAadObjectId('p-chair'), displayName: person.displayName, person };
};
const run = async (...cmds: ChairCommand[]) => {
  const who = await chair();
  for (const cmd of cmds) await runChairCommand(deps(), 'm-demo', who, cmd, { overrideReason: 'test' });
};
const meeting = (kind: 'marac' | 'marac-plus', date: string, startTime = '09:30') =>
  createMeeting(deps(), coordinator, { areaId: 'cambs-demo', kind, date, startTime, chairId: 'p-chair' });
const status = async (id: string) => (await store.repos.cases.get(id))?.status;
const audits = async (action: string) =>
  (await store.repos.audit.list(0, 100_000)).filter((a) => a.action === action);

/** Cases 1 deferred, 2 to MARAC Plus, 3 heard, 4 heard at `end`, 5 to 8 not reached. */
async function holdTheDemoMeeting() {
  await run(
    { type: 'start' },
    { type: 'next' },
    { type: 'defer', reason: 'referrer not present' },
    { type: 'plus' },
    { type: 'next-case' },
    { type: 'end' },
  );
}

describe('the "to be re-listed" queue', () => {
  it('deferred, MARAC Plus and unreached cases join it when the meeting ends, each audited', async () => {
    await holdTheDemoMeeting();
    const queue = await relistQueue(deps(), coordinator, 'cambs-demo');
    expect(queue.map((c) => [c.id, c.status]).sort()).toEqual([
      ['c-demo-1', 'deferred'],
      ['c-demo-2', 'referred-to-plus'],
      ['c-demo-5', 'not-reached'],
      ['c-demo-6', 'not-reached'],
      ['c-demo-7', 'not-reached'],
      ['c-demo-8', 'not-reached'],
    ]);
    expect([await status('c-demo-3'), await status('c-demo-4')]).toEqual(['heard', 'heard']);
    const queued = await audits('case.queued');
    expect(queued.map((a) => [a.subject, a.details?.why]).sort()).toEqual([
      ['case:c-demo-1', 'deferred'],
      ['case:c-demo-2', 'referred-to-plus'],
      ['case:c-demo-5', 'not-reached'],
      ['case:c-demo-6', 'not-reached'],
      ['case:c-demo-7', 'not-reached'],
      ['case:c-demo-8', 'not-reached'],
    ]);
  });

  it('lists them on the next MARAC or MARAC Plus, refuses the wrong kind, and audits each move', async () => {
    await holdTheDemoMeeting();
    const marac = await meeting('marac', '2026-12-01');
    const plus = await meeting('marac-plus', '2026-12-02');
    await expect(listCase(deps(), coordinator, 'c-demo-2', marac.id)).rejects.toThrow(
      /goes on a MARAC Plus meeting/,
    );
    await expect(listCase(deps(), coordinator, 'c-demo-1', plus.id)).rejects.toThrow(
      /goes on a MARAC meeting/,
    );
    await listCase(deps(), coordinator, 'c-demo-2', plus.id);
    await listCase(deps(), coordinator, 'c-demo-1', marac.id);
    await listCase(deps(), coordinator, 'c-demo-5', marac.id);
    expect((await store.repos.agenda.list(marac.id)).map((i) => i.caseId)).toEqual(['c-demo-1', 'c-demo-5']);
    expect((await store.repos.agenda.list(plus.id)).map((i) => i.caseId)).toEqual(['c-demo-2']);
    expect((await relistQueue(deps(), coordinator, 'cambs-demo')).map((c) => c.id)).toEqual([
      'c-demo-6',
      'c-demo-7',
      'c-demo-8',
    ]);
    const listed = await audits('case.listed');
    expect(listed.map((a) => [a.subject, a.details?.meetingId, a.details?.from])).toEqual([
      ['case:c-demo-2', plus.id, 'referred-to-plus'],
      ['case:c-demo-1', marac.id, 'deferred'],
      ['case:c-demo-5', marac.id, 'not-reached'],
    ]);
    // Moved on to a later MARAC: audited from and to; a case heard stays where it was heard.
    const later = await meeting('marac', '2026-12-08');
    await moveCase(deps(), coordinator, 'c-demo-5', later.id);
    expect((await audits('case.moved')).map((a) => [a.details?.from, a.details?.to])).toEqual([
      [marac.id, later.id],
    ]);
    await expect(moveCase(deps(), coordinator, 'c-demo-3', later.id)).rejects.toThrow(
      /has been heard; it cannot be moved/,
    );
    // The ended meeting's agenda is locked.
    await expect(removeFromAgenda(deps(), coordinator, 'm-demo', 'c-demo-3', 'tidy')).rejects.toThrow(
      /ended; its agenda is locked/,
    );
    const agenda = await getAgenda(deps(), coordinator, 'm-demo');
    expect(agenda.locked).toBe(true);
    await expect(
      reorderAgenda(deps(), coordinator, 'm-demo', [...agenda.rows.map((x) => x.caseId)].reverse()),
    ).rejects.toThrow(/ended; its agenda is locked/);
    expect((await getAgenda(deps(), coordinator, later.id)).locked).toBe(false);
  });
});

describe('listing rules', () => {
  it('a full meeting needs a confirmation naming the maximum; a closed-session case only a closed session', async () => {
    // m-demo has 8 of 8 (the area's maximum); a new referral goes there only when confirmed.
    const c1 = (await store.repos.cases.get('c-demo-1'))!;
    await store.repos.cases.put({
      ...c1,
      id: 'c-new',
      reference: 'MC-2026-0100',
      status: 'referred',
      meetingId: undefined,
      victimKey: 'another-victim',
      perpetratorKeys: ['another-perpetrator'],
      version: 0,
    });
    const e = await listCase(deps(), coordinator, 'c-new', 'm-demo').catch((x) => x);
    expect([e.code, e.details?.confirm, e.message]).toEqual([
      'conflict',
      'full',
      "That meeting is full: 8 of 8 cases, the area's maximum. Confirm to list it anyway.",
    ]);
    expect(await status('c-new')).toBe('referred');
    await listCase(deps(), coordinator, 'c-new', 'm-demo', { confirmFull: true });
    expect((await store.repos.agenda.list('m-demo')).length).toBe(9);
    expect((await audits('case.listed')).at(-1)?.details?.overCapacity).toBe(true);
    await expect(listCase(deps(), coordinator, 'c-new', 'm-demo')).rejects.toThrow(
      /already listed; move it instead/,
    );

    const next = await meeting('marac', '2026-12-01');
    await expect(moveCase(deps(), coordinator, 'c-demo-9', next.id, { confirmFull: true })).rejects.toThrow(
      /A closed-session case can only go on a closed session/,
    );
  });

  it('a case being heard cannot be moved or removed; one not yet reached can', async () => {
    await run({ type: 'start' }, { type: 'next' });
    const next = await meeting('marac', '2026-12-01');
    await expect(moveCase(deps(), coordinator, 'c-demo-1', next.id)).rejects.toThrow(/already been opened/);
    await moveCase(deps(), coordinator, 'c-demo-8', next.id);
    expect((await store.repos.agenda.list('m-demo')).map((i) => i.caseId)).not.toContain('c-demo-8');
  });
});

describe('meetings', () => {
  it('cancel sends the cases back to the queue, each audited; a cancelled meeting takes no cases', async () => {
    const next = await meeting('marac', '2026-12-01');
    await moveCase(deps(), coordinator, 'c-demo-8', next.id);
    await expect(cancelMeeting(deps(), coordinator, next.id, ' ')).rejects.toThrow(/Say why/);
    expect(await cancelMeeting(deps(), coordinator, next.id, 'Chair unwell')).toEqual({ requeued: 1 });
    expect(await status('c-demo-8')).toBe('not-reached');
    expect((await store.repos.meetings.get(next.id))?.status).toBe('cancelled');
    expect((await audits('case.queued')).map((a) => [a.subject, a.reason, a.details?.why])).toEqual([
      ['case:c-demo-8', 'Chair unwell', 'meeting-cancelled'],
    ]);
    await expect(listCase(deps(), coordinator, 'c-demo-8', next.id)).rejects.toThrow(/was cancelled/);
  });

  it('reschedule warns (never refuses) for a second meeting of the kind at that time, or outside office hours', async () => {
    const a = await meeting('marac', '2026-12-01');
    expect(a.warnings).toEqual([]);
    const b = await meeting('marac', '2026-12-01', '09:30');
    expect(b.warnings).toEqual(['Another MARAC is already planned at 09:30 that day.']);
    const plus = await meeting('marac-plus', '2026-12-01', '09:30');
    expect(plus.warnings).toEqual([]);
    const moved = await rescheduleMeeting(deps(), coordinator, b.id, {
      date: '2026-12-01',
      startTime: '18:30',
    });
    expect(moved.meeting.startTime).toBe('18:30');
    expect(moved.warnings).toEqual(['18:30 is outside office hours (09:00 to 17:00).']);
    const weekend = await rescheduleMeeting(deps(), coordinator, b.id, {
      date: '2026-12-05',
      startTime: '10:00',
    });
    expect(weekend.warnings).toEqual(['That day is a weekend, outside office hours.']);
    expect((await audits('meeting.rescheduled')).map((x) => x.details?.to)).toEqual([
      '2026-12-01 18:30',
      '2026-12-05 10:00',
    ]);
  });
});
