import { describe, expect, it } from 'vitest';
import type { Attendee, Confirmation } from './confidentiality.js';
import { reconcileAttendance, type AttendanceRecordInput } from './attendance-reconcile.js';

const M = 'mtg-1';
const conf = (
  aadObjectId: string,
  displayName: string,
  confirmedAt: string,
  extra: Partial<Confirmation> = {},
): Confirmation => ({
  meetingId: M,
  aadObjectId,
  displayName,
  confirmedAt,
  method: 'typed',
  declarationVersion: 'v1',
  ...extra,
});
const att = (
  aadObjectId: string,
  displayName: string,
  firstSeenAt: string,
  extra: Partial<Attendee> = {},
): Attendee => ({
  meetingId: M,
  aadObjectId,
  displayName,
  present: true,
  source: 'joined',
  firstSeenAt,
  lateJoiner: false,
  ...extra,
});
const rec = (
  aadObjectId: string | undefined,
  displayName: string,
  intervals: [string, string?][],
  email?: string,
): AttendanceRecordInput => ({
  ...(aadObjectId ? { aadObjectId } : {}),
  displayName,
  ...(email ? { email } : {}),
  intervals: intervals.map(([joinedAt, leftAt]) => ({ joinedAt, ...(leftAt ? { leftAt } : {}) })),
});

describe('reconcileAttendance', () => {
  it('classifies every person once, in minutes order', () => {
    const rows = reconcileAttendance({
      records: [
        rec('p1', 'Pat Police (Example Constabulary)', [['2026-11-24T09:28:00Z', '2026-11-24T12:31:00Z']]),
        rec('i1', 'Ira IDVA', [
          ['2026-11-24T09:25:00Z', '2026-11-24T10:00:00Z'],
          ['2026-11-24T10:05:00Z', '2026-11-24T12:30:00Z'],
        ]),
        rec('h1', 'Hana Health', [['2026-11-24T09:40:00Z', '2026-11-24T11:00:00Z']]),
      ],
      confirmations: [
        conf('p1', 'Pat Police', '2026-11-24T09:31:00Z', { agencyId: 'police' }),
        conf('i1', 'Ira IDVA', '2026-11-24T09:31:30Z', { agencyId: 'idva', method: 'card' }),
        conf('s1', 'Sam Social', '2026-11-24T09:32:00Z', { agencyId: 'csc' }),
      ],
      rollCall: [
        att('p1', 'Pat Police', '2026-11-24T09:28:05Z', { agencyId: 'police' }),
        att('h1', 'Hana Health', '2026-11-24T09:40:10Z', { agencyId: 'health', lateJoiner: true }),
        att('s1', 'Sam Social', '2026-11-24T09:29:00Z', {
          agencyId: 'csc',
          source: 'spoke',
          present: false,
          leftAt: '2026-11-24T11:45:00Z',
        }),
      ],
      apologies: [{ displayName: 'Hugo Housing', agencyId: 'housing' }],
    });

    expect(rows).toEqual([
      {
        name: 'Ira IDVA',
        agency: 'idva',
        aadObjectId: 'i1',
        joined: '2026-11-24T09:25:00Z',
        left: '2026-11-24T12:30:00Z',
        confirmedAt: '2026-11-24T09:31:30Z',
        method: 'card',
        status: 'attended-confirmed',
      },
      {
        name: 'Pat Police',
        agency: 'police',
        aadObjectId: 'p1',
        joined: '2026-11-24T09:28:00Z',
        left: '2026-11-24T12:31:00Z',
        confirmedAt: '2026-11-24T09:31:00Z',
        method: 'typed',
        status: 'attended-confirmed',
      },
      {
        name: 'Hana Health',
        agency: 'health',
        aadObjectId: 'h1',
        joined: '2026-11-24T09:40:00Z',
        left: '2026-11-24T11:00:00Z',
        status: 'attended-unconfirmed',
      },
      {
        name: 'Sam Social',
        agency: 'csc',
        aadObjectId: 's1',
        joined: '2026-11-24T09:29:00Z',
        left: '2026-11-24T11:45:00Z',
        confirmedAt: '2026-11-24T09:32:00Z',
        method: 'typed',
        status: 'confirmed-not-in-report',
      },
      { name: 'Hugo Housing', agency: 'housing', status: 'apologies' },
    ]);
  });

  it('someone who sent apologies but attended is shown as attending', () => {
    const rows = reconcileAttendance({
      records: [rec('x1', 'Hugo Housing', [['2026-11-24T10:00:00Z', '2026-11-24T10:30:00Z']])],
      confirmations: [conf('x1', 'Hugo Housing', '2026-11-24T10:01:00Z')],
      rollCall: [],
      apologies: [{ aadObjectId: 'x1', displayName: 'Hugo Housing', agencyId: 'housing' }],
    });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'attended-confirmed', agency: 'housing' });
  });

  it('records without an Entra id are matched by email, then by name; strangers stand alone', () => {
    const rows = reconcileAttendance({
      records: [
        rec(undefined, 'Ira IDVA (External)', [['2026-11-24T09:30:00Z']], 'ira@idva.example.org.uk'),
        rec(undefined, 'Pat  POLICE', [['2026-11-24T09:31:00Z', '2026-11-24T12:00:00Z']]),
        rec(undefined, '+44 7700 900123', [['2026-11-24T09:35:00Z', '2026-11-24T09:50:00Z']]),
      ],
      confirmations: [conf('p1', 'Pat Police', '2026-11-24T09:33:00Z')],
      rollCall: [],
      apologies: [{ displayName: 'Ira IDVA', email: 'IRA@idva.example.org.uk', agencyId: 'idva' }],
    });
    expect(rows.map((r) => [r.name, r.status, r.left])).toEqual([
      ['Pat Police', 'attended-confirmed', '2026-11-24T12:00:00Z'],
      ['Ira IDVA (External)', 'attended-unconfirmed', undefined], // matched to the apology by email; still in the meeting
      ['+44 7700 900123', 'attended-unconfirmed', '2026-11-24T09:50:00Z'],
    ]);
  });

  it('people with the same name but different Entra ids are not merged', () => {
    const rows = reconcileAttendance({
      records: [
        rec('a', 'Alex Smith', [['2026-11-24T09:30:00Z', '2026-11-24T10:00:00Z']]),
        rec('b', 'Alex Smith', [['2026-11-24T09:31:00Z', '2026-11-24T10:00:00Z']]),
      ],
      confirmations: [conf('a', 'Alex Smith', '2026-11-24T09:32:00Z')],
      rollCall: [],
      apologies: [],
    });
    expect(rows.map((r) => [r.aadObjectId, r.status])).toEqual([
      ['a', 'attended-confirmed'],
      ['b', 'attended-unconfirmed'],
    ]);
  });

  it('keeps the earliest confirmation and merges intervals across report sessions', () => {
    const rows = reconcileAttendance({
      records: [
        rec('p1', 'Pat', [['2026-11-24T09:30:00Z', '2026-11-24T10:00:00Z']]),
        rec('p1', 'Pat', [['2026-11-24T13:00:00Z', '2026-11-24T13:30:00Z']]),
      ],
      confirmations: [
        conf('p1', 'Pat', '2026-11-24T13:01:00Z', { method: 'card' }),
        conf('p1', 'Pat', '2026-11-24T09:31:00Z'),
      ],
      rollCall: [],
      apologies: [],
    });
    expect(rows).toEqual([
      {
        name: 'Pat',
        aadObjectId: 'p1',
        joined: '2026-11-24T09:30:00Z',
        left: '2026-11-24T13:30:00Z',
        confirmedAt: '2026-11-24T09:31:00Z',
        method: 'typed',
        status: 'attended-confirmed',
      },
    ]);
  });

  it('with no attendance report at all, confirmed people are flagged, not silently marked present', () => {
    const rows = reconcileAttendance({
      records: [],
      confirmations: [conf('p1', 'Pat', '2026-11-24T09:31:00Z')],
      rollCall: [],
      apologies: [],
    });
    expect(rows).toEqual([
      {
        name: 'Pat',
        aadObjectId: 'p1',
        confirmedAt: '2026-11-24T09:31:00Z',
        method: 'typed',
        status: 'confirmed-not-in-report',
      },
    ]);
  });

  it('empty input gives no rows', () => {
    expect(reconcileAttendance({ records: [], confirmations: [], rollCall: [], apologies: [] })).toEqual([]);
  });
});
