import { describe, expect, it } from 'vitest';
import { declarationGate, rollCall, type Attendee } from './confidentiality.js';

const person = (id: string, over: Partial<Attendee> = {}): Attendee => ({
  meetingId: 'm1',
  aadObjectId: id,
  displayName: id,
  present: true,
  source: 'joined',
  firstSeenAt: '2026-03-02T09:25:00Z',
  lateJoiner: false,
  ...over,
});
const ids = (xs: Attendee[]) => xs.map((a) => a.aadObjectId);

describe('rollCall', () => {
  const attendees = [
    person('chair'),
    person('police'),
    person('housing-late', { lateJoiner: true, firstSeenAt: '2026-03-02T09:50:00Z' }),
    person('left', { present: false, leftAt: '2026-03-02T09:40:00Z' }),
    person('idva-late', { lateJoiner: true }),
    person('coordinator', { source: 'recorded' }),
  ];
  const confirmations = [
    { aadObjectId: 'chair' },
    { aadObjectId: 'idva-late' },
    { aadObjectId: 'coordinator' },
    { aadObjectId: 'not-here' },
  ];

  it('sorts present attendees into confirmed and unconfirmed, flagging late joiners', () => {
    const rc = rollCall(attendees, confirmations);
    expect(ids(rc.present)).toEqual(['chair', 'police', 'housing-late', 'idva-late', 'coordinator']);
    expect(ids(rc.confirmed)).toEqual(['chair', 'idva-late', 'coordinator']);
    expect(ids(rc.unconfirmed)).toEqual(['police', 'housing-late']);
    expect(ids(rc.lateUnconfirmed)).toEqual(['housing-late']);
  });

  it('ignores duplicate confirmations', () => {
    const rc = rollCall([person('a')], [{ aadObjectId: 'a' }, { aadObjectId: 'a' }]);
    expect(ids(rc.confirmed)).toEqual(['a']);
  });
});

describe('declarationGate', () => {
  it.each([
    ['someone present has not confirmed', [person('a'), person('b')], ['a'], false, ['b']],
    [
      'a late joiner has not confirmed',
      [person('a'), person('late', { lateJoiner: true })],
      ['a'],
      false,
      ['late'],
    ],
    ['everyone present has confirmed', [person('a'), person('b')], ['a', 'b'], true, []],
    [
      'only someone who has left is unconfirmed',
      [person('a'), person('gone', { present: false })],
      ['a'],
      true,
      [],
    ],
    ['a confirmation from someone else does not count', [person('a')], ['b'], false, ['a']],
  ])('%s', (_label, attendees, confirmedIds, open, blocking) => {
    const gate = declarationGate(
      rollCall(
        attendees,
        confirmedIds.map((aadObjectId) => ({ aadObjectId })),
      ),
    );
    expect(gate.open).toBe(open);
    expect(ids(gate.blocking)).toEqual(blocking);
  });
});
