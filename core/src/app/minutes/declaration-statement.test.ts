import { describe, expect, it } from 'vitest';
import type { CaseRun, LiveMeeting } from '../../domain/hearing.js';
import { declarationStatement, type StatementInput } from './declaration-statement.js';

// 24 Nov 2026 is GMT, 1 Jul 2026 BST: the statement's times are the area's local time.
const at = (hhmm: string, day = '2026-11-24') => Date.parse(`${day}T${hhmm}:00Z`);
const run = (position: number, startedAt?: number, over: Partial<CaseRun> = {}): CaseRun => ({
  caseId: `c-${position}`,
  reference: `MC-2026-000${position}`,
  position,
  referringAgencyId: 'police',
  hasChildren: false,
  status: startedAt === undefined ? 'pending' : 'heard',
  noInformation: [],
  startedAt,
  ...over,
});
const live = (cases: CaseRun[], over: Partial<LiveMeeting> = {}): LiveMeeting => ({
  meetingId: 'm-1',
  stage: 'ended',
  battingOrder: [],
  cases,
  version: 1,
  ...over,
});
const input = (over: Partial<StatementInput>): StatementInput => ({
  version: 'v1',
  timeZone: 'Europe/London',
  live: live([]),
  attendees: [
    { aadObjectId: 'a', label: 'Ann (Police)', arrivedAt: new Date(at('09:20')).toISOString() },
    { aadObjectId: 'b', label: 'Bo (Housing)', arrivedAt: new Date(at('09:21')).toISOString() },
  ],
  confirmedAt: new Map([
    ['a', new Date(at('09:22')).toISOString()],
    ['b', new Date(at('09:23')).toISOString()],
  ]),
  chairName: () => 'Chris Chair',
  ...over,
});

describe('the minutes’ declaration statement, from the record', () => {
  it('says everyone confirmed before any case only when they did', () => {
    const cases = [run(1, at('09:30'), { endedAt: at('09:45') }), run(2, at('09:45'))];
    expect(declarationStatement(input({ live: live(cases) }))).toEqual([
      'Everyone present confirmed the confidentiality declaration (version v1) before hearing any case.',
    ]);
  });

  it('names who had not confirmed when a case opened, and the chair’s override with its reason', () => {
    const override = {
      at: at('09:45'),
      by: 'p-chair',
      reason: 'Bo confirming by phone',
      unconfirmed: ['Bo'],
    };
    const cases = [
      run(1, at('09:30'), { endedAt: at('09:45') }),
      run(2, at('09:45'), { gateOverride: override, endedAt: at('10:00') }),
    ];
    const confirmedAt = new Map([
      ['a', new Date(at('09:22')).toISOString()],
      ['b', new Date(at('10:05')).toISOString()],
    ]);
    expect(declarationStatement(input({ live: live(cases), confirmedAt }))).toEqual([
      'Not everyone present had confirmed the confidentiality declaration (version v1) before a case was heard:',
      'Case 1 (MC-2026-0001) opened at 09:30 before Bo (Housing) had confirmed.',
      'Case 2 (MC-2026-0002) opened at 09:45 before Bo (Housing) had confirmed; the chair (Chris Chair) opened it over the declaration gate. Reason: Bo confirming by phone',
    ]);
  });

  it('names a start over the gate and someone who joined during a case, in local time across the clock change', () => {
    const day = '2026-07-01';
    const attendees = [
      { aadObjectId: 'a', label: 'Ann (Police)', arrivedAt: new Date(at('08:20', day)).toISOString() },
      { aadObjectId: 'c', label: 'Cy (Education)', arrivedAt: new Date(at('08:40', day)).toISOString() },
    ];
    const statement = declarationStatement(
      input({
        attendees,
        confirmedAt: new Map([['a', new Date(at('08:22', day)).toISOString()]]),
        live: live([run(1, at('08:30', day))], {
          gateOverride: { at: at('08:25', day), by: 'p-chair', reason: 'late start', unconfirmed: ['Cy'] },
        }),
      }),
    );
    expect(statement).toEqual([
      'Not everyone present had confirmed the confidentiality declaration (version v1) before a case was heard:',
      'The chair (Chris Chair) started the meeting at 09:25 although Cy had not confirmed. Reason: late start',
      'Cy (Education) joined during case 1 (MC-2026-0001) at 09:40 before confirming.',
    ]);
  });
});
