import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PersonalDataCipher, newDataKey } from '../crypto/personal-data.js';
import { ManualClock } from '../ports/clock.js';
import type { AttendanceReports, OnlineMeetingLocator } from '../ports/attendance-reports.js';
import type { Store } from '../ports/repositories.js';
import { openStore } from '../store/index.js';
import { demoAadObjectId, seedDemo } from './demo-seed.js';
import {
  confirmDeclaration,
  markLeft,
  markPresent,
  openDeclaration,
  resolveActor,
} from './meeting-room/index.js';
import { reconcileMeetingAttendance } from './attendance.js';

const T0 = Date.parse('2026-11-24T09:25:00Z');
const at = (min: number) => new Date(T0 + min * 60_000).toISOString();
const aad = demoAadObjectId;

let dir: string;
let store: Store;
let clock: ManualClock;
const deps = () => ({ store, clock });

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'marac-attendance-'));
  const cipher = new PersonalDataCipher(newDataKey());
  store = await openStore({ sqlitePath: join(dir, 'marac.sqlite'), cipher });
  clock = new ManualClock(T0);
  await seedDemo(store, cipher, clock);
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The demo meeting as if the tab had created its Teams meeting through Graph. */
async function withTeamsMeeting() {
  const m = (await store.repos.meetings.get('m-demo'))!;
  await store.repos.meetings.put(
    {
      ...m,
      teams: {
        conversationId: '19:meeting_x@thread.v2',
        chatId: '19:meeting_x@thread.v2',
        serviceUrl: '',
        reference: {},
        eventId: 'AAMk1',
        onlineMeetingId: 'om-1',
        organiser: 'coord-aad',
      },
    },
    m.version,
  );
}

/** Chair and police confirm in the chat; housing is present but never confirms, and leaves. */
async function runTheMeeting() {
  const chair = await resolveActor(store.repos, aad('p-chair'), 'Chris Chair');
  const police = await resolveActor(store.repos, aad('p-police'), 'Police Rep');
  await markPresent(
    deps(),
    'm-demo',
    { aadObjectId: aad('p-housing'), displayName: 'Housing Rep' },
    'joined',
  );
  await openDeclaration(deps(), 'm-demo', chair);
  clock.advance(60_000);
  await confirmDeclaration(deps(), 'm-demo', chair, 'typed', 'msg-1');
  clock.advance(60_000);
  await confirmDeclaration(deps(), 'm-demo', police, 'card', 'msg-2');
  clock.advance(30 * 60_000);
  await markLeft(deps(), 'm-demo', aad('p-housing'));
}

const fakeReports = (
  impl: (m: OnlineMeetingLocator) => Promise<Awaited<ReturnType<AttendanceReports['attendanceRecords']>>>,
) => {
  const asked: OnlineMeetingLocator[] = [];
  return {
    asked,
    reports: {
      attendanceRecords: (m: OnlineMeetingLocator) => {
        asked.push(m);
        return impl(m);
      },
    } satisfies AttendanceReports,
  };
};

describe('reconcileMeetingAttendance (for the minutes)', () => {
  it('without a Teams meeting the app created: rows from the declaration record and the roll call alone', async () => {
    await runTheMeeting();
    const { reports, asked } = fakeReports(async () => []);
    const res = await reconcileMeetingAttendance({ store }, 'm-demo', { reports });
    expect(asked).toEqual([]); // nothing to ask Teams about
    expect(res.report).toEqual({ status: 'not-available' });
    expect(res.rows.map((r) => [r.name, r.status, r.agency])).toEqual([
      ['Housing Rep', 'attended-unconfirmed', 'housing'],
      ['Chris Chair', 'confirmed-not-in-report', 'police'],
      ['Police Rep', 'confirmed-not-in-report', 'police'],
    ]);
    const housing = res.rows.find((r) => r.name === 'Housing Rep')!;
    expect(housing.joined).toBe(at(0));
    expect(housing.left).toBe(at(32));
    const police = res.rows.find((r) => r.name === 'Police Rep')!;
    expect(police).toMatchObject({ method: 'card', confirmedAt: at(2) });
    expect(res.counts).toEqual({
      attendedConfirmed: 0,
      attendedUnconfirmed: 1,
      confirmedNotInReport: 2,
      apologies: 0,
    });
  });

  it("with Teams' report: joined/left from the report, matched by Entra id, email or name; apologies; someone only in the report", async () => {
    await withTeamsMeeting();
    await runTheMeeting();
    const { reports, asked } = fakeReports(async () => [
      {
        aadObjectId: aad('p-chair'),
        displayName: 'Chris Chair',
        intervals: [
          { joinedAt: at(-5), leftAt: at(40) },
          { joinedAt: at(45), leftAt: at(120) },
        ],
      },
      {
        aadObjectId: aad('p-housing'),
        displayName: 'Housing Rep',
        intervals: [{ joinedAt: at(-1), leftAt: at(32) }],
      },
      // Police confirmed on the phone bridge: no Entra id, matched by name.
      { displayName: 'police rep', intervals: [{ joinedAt: at(1), leftAt: at(90) }] },
      {
        aadObjectId: 'guest-aad',
        displayName: 'Gale Guest',
        email: 'gale@housing.example.org',
        intervals: [{ joinedAt: at(10) }],
      },
    ]);
    const res = await reconcileMeetingAttendance({ store }, 'm-demo', {
      reports,
      apologies: [{ displayName: 'CSC Rep', agencyId: 'csc', aadObjectId: aad('p-csc') }],
    });
    expect(asked).toEqual([{ organiser: 'coord-aad', onlineMeetingId: 'om-1' }]);
    expect(res.report).toEqual({ status: 'included', records: 4 });
    const row = (name: string) => res.rows.find((r) => r.name === name)!;
    expect(row('Chris Chair')).toMatchObject({
      status: 'attended-confirmed',
      joined: at(-5),
      left: at(120),
      method: 'typed',
      agency: 'police',
    });
    expect(row('Police Rep')).toMatchObject({
      status: 'attended-confirmed',
      joined: at(1),
      left: at(90),
      method: 'card',
    });
    expect(row('Housing Rep')).toMatchObject({
      status: 'attended-unconfirmed',
      joined: at(-1),
      left: at(32),
    });
    expect(row('Gale Guest')).toMatchObject({ status: 'attended-unconfirmed', joined: at(10) });
    expect(row('Gale Guest').left).toBeUndefined(); // still in the meeting when the report was made
    expect(row('CSC Rep')).toMatchObject({ status: 'apologies', agency: 'csc' });
    expect(res.counts).toEqual({
      attendedConfirmed: 2,
      attendedUnconfirmed: 2,
      confirmedNotInReport: 0,
      apologies: 1,
    });
  });

  it('no report yet: none-yet, and the rows are still there', async () => {
    await withTeamsMeeting();
    await runTheMeeting();
    const { reports } = fakeReports(async () => []);
    const res = await reconcileMeetingAttendance({ store }, 'm-demo', { reports });
    expect(res.report).toEqual({ status: 'none-yet', records: 0 });
    expect(res.rows).toHaveLength(3);
  });

  it('a failing report (missing permission) never fails the minutes: it names the permission', async () => {
    await withTeamsMeeting();
    await runTheMeeting();
    const denied = Object.assign(new Error('Microsoft Graph refused attendanceReports.list'), {
      permission: 'OnlineMeetingArtifact.Read.All',
    });
    const res = await reconcileMeetingAttendance({ store }, 'm-demo', {
      reports: fakeReports(async () => Promise.reject(denied)).reports,
    });
    expect(res.report.status).toBe('failed');
    expect(res.report.permission).toBe('OnlineMeetingArtifact.Read.All');
    expect(res.report.message).toContain('OnlineMeetingArtifact.Read.All');
    expect(res.rows).toHaveLength(3);

    const down = await reconcileMeetingAttendance({ store }, 'm-demo', {
      reports: fakeReports(async () => Promise.reject(new Error('socket hang up'))).reports,
    });
    expect(down.report).toMatchObject({ status: 'failed' });
    expect(down.report.permission).toBeUndefined();
    expect(down.report.message).not.toContain('socket'); // nothing technical or personal leaks into the minutes
  });

  it('records the minutes already hold are used as they are; an unknown meeting is not-found', async () => {
    await runTheMeeting();
    const res = await reconcileMeetingAttendance({ store }, 'm-demo', {
      records: [
        {
          aadObjectId: aad('p-chair'),
          displayName: 'Chris Chair',
          intervals: [{ joinedAt: at(0), leftAt: at(60) }],
        },
      ],
    });
    expect(res.report).toEqual({ status: 'included', records: 1 });
    expect(res.rows.find((r) => r.name === 'Chris Chair')?.status).toBe('attended-confirmed');
    await expect(reconcileMeetingAttendance({ store }, 'nope')).rejects.toMatchObject({ code: 'not-found' });
  });
});
