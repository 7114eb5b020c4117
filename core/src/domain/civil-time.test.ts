import { describe, expect, it } from 'vitest';
import {
  addDays,
  areaTimeZone,
  daysBetween,
  formatLocalDateTime,
  isTimeZone,
  localDate,
  localHour,
  localInstant,
  localMidnight,
  localTime,
  utcOffsetMs,
} from './civil-time.js';

const at = (iso: string) => Date.parse(iso);
const H = 3_600_000;

describe('local civil time, Europe/London', () => {
  it('just after local midnight in summer is already the next day (00:30 BST is 23:30 UTC)', () => {
    const t = at('2026-06-14T23:30:00Z');
    expect(new Date(t).toISOString().slice(0, 10)).toBe('2026-06-14');
    expect(localDate(t)).toBe('2026-06-15');
    expect(localTime(t)).toBe('00:30');
    expect(localHour(t)).toBe(0);
    expect(localMidnight('2026-06-15')).toBe(at('2026-06-14T23:00:00Z'));
  });

  it('in winter local time is UTC', () => {
    const t = at('2026-12-01T00:05:00Z');
    expect(localDate(t)).toBe('2026-12-01');
    expect(localTime(t)).toBe('00:05');
    expect(localMidnight('2026-12-01')).toBe(at('2026-12-01T00:00:00Z'));
  });

  it('spring forward, last Sunday of March (29 Mar 2026): 01:00 UTC becomes 02:00 BST', () => {
    expect(localTime(at('2026-03-29T00:59:00Z'))).toBe('00:59');
    expect(localTime(at('2026-03-29T01:00:00Z'))).toBe('02:00');
    expect(utcOffsetMs(at('2026-03-29T00:59:00Z'))).toBe(0);
    expect(utcOffsetMs(at('2026-03-29T01:00:00Z'))).toBe(H);
    // the day is 23 hours long
    expect(localMidnight('2026-03-30') - localMidnight('2026-03-29')).toBe(23 * H);
    expect(localInstant('2026-03-29', '09:30')).toBe(at('2026-03-29T08:30:00Z'));
    expect(localInstant('2026-03-28', '09:30')).toBe(at('2026-03-28T09:30:00Z'));
    // 01:30 does not exist that night: read as an hour later
    expect(localInstant('2026-03-29', '01:30')).toBe(at('2026-03-29T01:30:00Z'));
    expect(localTime(localInstant('2026-03-29', '01:30'))).toBe('02:30');
  });

  it('fall back, last Sunday of October (25 Oct 2026): 02:00 BST becomes 01:00 GMT', () => {
    expect(localTime(at('2026-10-25T00:59:00Z'))).toBe('01:59');
    expect(localTime(at('2026-10-25T01:00:00Z'))).toBe('01:00');
    expect(localMidnight('2026-10-26') - localMidnight('2026-10-25')).toBe(25 * H);
    expect(localInstant('2026-10-25', '09:30')).toBe(at('2026-10-25T09:30:00Z'));
    expect(localInstant('2026-10-24', '09:30')).toBe(at('2026-10-24T08:30:00Z'));
    // 01:30 happens twice: the first (BST) one
    expect(localInstant('2026-10-25', '01:30')).toBe(at('2026-10-25T00:30:00Z'));
    expect(localDate(at('2026-10-24T23:30:00Z'))).toBe('2026-10-25');
  });

  it('day arithmetic is on calendar dates, unaffected by the clock changes', () => {
    expect(addDays('2026-03-28', 1)).toBe('2026-03-29');
    expect(addDays('2026-03-29', 7)).toBe('2026-04-05');
    expect(addDays('2026-10-25', -1)).toBe('2026-10-24');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(daysBetween('2026-03-22', '2026-04-05')).toBe(14);
    expect(daysBetween('2026-10-20', '2026-10-27')).toBe(7);
  });

  it('other zones, and the default', () => {
    expect(localDate(at('2026-06-15T02:00:00Z'), 'America/New_York')).toBe('2026-06-14');
    expect(localInstant('2026-06-15', '09:30', 'Europe/Paris')).toBe(at('2026-06-15T07:30:00Z'));
    expect(isTimeZone('Europe/London')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(areaTimeZone({})).toBe('Europe/London');
    expect(areaTimeZone({ timeZone: 'Europe/Dublin' })).toBe('Europe/Dublin');
    expect(formatLocalDateTime(at('2026-03-29T08:30:00Z'))).toBe('Sun 29 Mar 2026, 09:30');
  });

  it('rejects what is not a local date and time', () => {
    expect(() => localInstant('29/03/2026', '09:30')).toThrow(RangeError);
    expect(() => localInstant('2026-03-29', '9.30')).toThrow(RangeError);
  });
});
