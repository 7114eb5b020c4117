import { describe, expect, it } from 'vitest';
import { ukDate, ukDateTime } from './civil-time.js';

describe('ukDate, the one date format of the tab and exports', () => {
  it('writes a local date with its weekday', () => {
    expect(ukDate('2026-11-23')).toBe('Mon 23 Nov 2026');
    expect(ukDate('2027-09-05')).toBe('Sun 5 Sep 2027');
  });
  it('reads an instant in UK time, across the clock change and near midnight', () => {
    expect(ukDate('2026-06-30T23:30:00Z')).toBe('Wed 1 Jul 2026'); // 00:30 BST
    expect(ukDate('2026-12-31T23:30:00Z')).toBe('Thu 31 Dec 2026'); // GMT
  });
  it('says what is missing rather than inventing a date', () => {
    expect(ukDate(undefined)).toBe('—');
    expect(ukDate('not a date', 'unknown')).toBe('unknown');
  });
});

describe('ukDateTime', () => {
  it('writes an instant as the UK local date and time', () => {
    expect(ukDateTime('2026-11-23T09:30:00Z')).toBe('Mon 23 Nov 2026, 09:30');
    expect(ukDateTime('2026-07-01T08:30:00Z')).toBe('Wed 1 Jul 2026, 09:30'); // BST
    expect(ukDateTime(undefined, '')).toBe('');
  });
});
