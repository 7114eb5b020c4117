import { describe, expect, it } from 'vitest';
import {
  defaultDueDate,
  isOutstanding,
  isOverdue,
  isStale,
  parseDueDate,
  smartCheck,
  type ActionStatus,
} from './actions.js';
import { addDays, daysBetween } from './meeting.js';

describe('date helpers', () => {
  it.each([
    ['2026-03-02', 7, '2026-03-09'],
    ['2026-12-28', 7, '2027-01-04'],
    ['2024-02-22', 7, '2024-02-29'],
    ['2026-03-25', 7, '2026-04-01'],
  ])('%s + %i days = %s', (from, days, to) => {
    expect(addDays(from, days)).toBe(to);
    expect(defaultDueDate(from, days)).toBe(to);
    expect(daysBetween(from, to)).toBe(days);
    expect(daysBetween(to, from)).toBe(-days);
  });
});

describe('smartCheck', () => {
  it.each([
    ['Housing to complete a home visit and fit target-hardening by 9 March', '2026-03-09', []],
    ['Monitor the situation and report back', '2026-03-09', ['Vague']],
    ['To liaise with the school about attendance', '2026-03-09', ['Vague']],
    ['Keep an eye on the household please', '2026-03-09', ['Vague']],
    ['Monitoring', '2026-03-09', ['Too short']],
    ['Support victim', '2026-03-09', ['Too short']],
    ['Safeguarding referral made', '2026-03-09', ['Too short']],
    ['Housing to install locks', '2026-03-09', []],
    ['   ', '2026-03-09', ['Too short']],
    ['Refer the children to Early Help for assessment', '', ['No due date']],
    ['Consider', '', ['No due date', 'Too short']],
  ])('%j due %j', (description, dueDate, expected) => {
    const warnings = smartCheck({ description, dueDate });
    expect(warnings).toEqual(expected.map((start) => expect.stringMatching(new RegExp(`^${start}`))));
  });
});

describe('outstanding, overdue and stale', () => {
  it.each<[ActionStatus, boolean]>([
    ['open', true],
    ['no-update', true],
    ['complete', false],
    ['cannot-complete', false],
  ])('%s is outstanding: %s', (status, outstanding) => {
    expect(isOutstanding({ status })).toBe(outstanding);
    expect(isOverdue({ status, dueDate: '2026-03-01' }, '2026-03-02')).toBe(outstanding);
  });

  it('is overdue only after the due date', () => {
    expect(isOverdue({ status: 'open', dueDate: '2026-03-01' }, '2026-03-01')).toBe(false);
  });

  it.each<[string, ActionStatus, number, boolean]>([
    ['2026-03-01', 'open', 7, false],
    ['2026-03-08', 'open', 7, false],
    ['2026-03-09', 'open', 7, true],
    ['2026-03-01', 'open', 0, false],
    ['2026-03-02', 'open', 0, true],
    ['2026-03-20', 'no-update', 7, false],
    ['2026-03-20', 'complete', 7, false],
    ['2026-03-20', 'cannot-complete', 7, false],
  ])('due 2026-03-01, on %s, %s, %i grace days: stale %s', (today, status, graceDays, stale) => {
    expect(isStale({ status, dueDate: '2026-03-01' }, today, graceDays)).toBe(stale);
  });
});

describe('parseDueDate', () => {
  it.each([
    ['1 Dec', '2026-11-15', '2026-12-01'],
    ['1 Dec', '2026-12-01', '2026-12-01'],
    ['1 Dec', '2026-12-02', '2027-12-01'],
    ['1st December', '2026-03-02', '2026-12-01'],
    ['3rd Sept', '2026-03-02', '2026-09-03'],
    ['15 mar.', '2026-03-02', '2026-03-15'],
    ['1 Jan', '2026-12-20', '2027-01-01'],
    ['1 December 2026', '2026-03-02', '2026-12-01'],
    ['1 December 2025', '2026-03-02', '2025-12-01'],
    ['29 Feb', '2028-01-10', '2028-02-29'],
    ['2026-12-01', '2026-03-02', '2026-12-01'],
    ['01/12/2026', '2026-03-02', '2026-12-01'],
    ['1/12/26', '2026-03-02', '2026-12-01'],
    ['  9/3/2026 ', '2026-03-02', '2026-03-09'],
  ])('%j on %s is %s', (text, today, expected) => {
    expect(parseDueDate(text, today)).toBe(expected);
  });

  it.each([
    ['31 Feb'],
    ['29 Feb 2026'],
    ['31/04/2026'],
    ['2026-02-30'],
    ['2026-13-01'],
    ['12/31/2026'],
    ['01/12/202'],
    ['3 junk'],
    ['1 decade'],
    ['next Friday'],
    ['7 days'],
    ['asap'],
    [''],
    ['2026-12-1'],
  ])('%j is not a date', (text) => {
    expect(parseDueDate(text, '2026-03-02')).toBeUndefined();
  });
});
