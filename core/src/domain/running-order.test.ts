import { describe, expect, it } from 'vitest';
import { decide, newLiveMeeting } from './live-meeting.js';
import { followAgenda } from './running-order.js';

const entry = (id: string) => ({
  caseId: id,
  reference: `MC-${id}`,
  referringAgencyId: 'police',
  hasChildren: false,
});
const order = (s: ReturnType<typeof followAgenda>) =>
  s.cases.map((c) => `${c.position}:${c.caseId}:${c.status}`);

describe('the running order follows the agenda until a case opens', () => {
  const base = newLiveMeeting('m1', ['police', 'idva'], [entry('a'), entry('b')]);

  it('takes additions, removals and a new order for cases not yet opened', () => {
    expect(order(followAgenda(base, [entry('c'), entry('a')]))).toEqual(['1:c:pending', '2:a:pending']);
  });

  it('keeps an opened case and its record, wherever the agenda puts it, and points `current` at it', () => {
    let s = decide({ ...base, stage: 'opening' }, { type: 'next' }, 1000, 20).state;
    s = decide(s, { type: 'next' }, 2000, 20).state;
    const moved = followAgenda(s, [entry('b'), entry('c'), entry('a')]);
    expect(order(moved)).toEqual(['1:b:pending', '2:c:pending', '3:a:current']);
    expect(moved.current).toBe(2);
    expect(moved.cases[2].phase).toEqual({ kind: 'information', agencyIndex: 0 });
    // Even taken off the agenda, a case already opened stays in the record.
    expect(order(followAgenda(s, [entry('b')]))).toEqual(['1:a:current', '2:b:pending']);
  });

  it('a case left unfinished (the chair jumped to another) keeps its timer', () => {
    let s = decide({ ...base, stage: 'opening' }, { type: 'next' }, 1000, 20).state;
    s = decide(s, { type: 'case', position: 2 }, 2000, 20).state;
    const again = followAgenda(s, [entry('b'), entry('a')]);
    expect(again.cases.find((c) => c.caseId === 'a')?.timer?.pausedAt).toBe(2000);
    expect(order(again)).toEqual(['1:b:current', '2:a:pending']);
  });

  it('is final once the meeting has ended', () => {
    const ended = decide({ ...base, stage: 'opening' }, { type: 'end' }, 1000, 20).state;
    expect(followAgenda(ended, [entry('z')])).toBe(ended);
  });
});
