import { describe, expect, it } from 'vitest';
import { AREA_DEFAULTS, type AreaConfig } from './area.js';
import { checkAreaSettings } from './area-settings.js';
import {
  circulationDue,
  publishedLate,
  researchDeadline,
  researchTimetable,
  workingDaysBefore,
} from './research.js';

const iso = (ms: number) => new Date(ms).toISOString();
const area = (o: Partial<AreaConfig> = {}) =>
  ({ ...AREA_DEFAULTS, agendaCirculationDays: 7, ...o }) as AreaConfig;

describe('the research deadline and the agenda circulation day, from the area settings', () => {
  it('defaults to 14:00 the working day before: a Monday meeting is due the Friday before', () => {
    expect(workingDaysBefore('2026-11-24', 1)).toBe('2026-11-23'); // Tue → Mon
    expect(workingDaysBefore('2026-11-23', 1)).toBe('2026-11-20'); // Mon → Fri
    expect(workingDaysBefore('2026-11-23', 2)).toBe('2026-11-19'); // Mon → Thu
    expect(workingDaysBefore('2026-11-23', 0)).toBe('2026-11-23');
    expect(iso(researchDeadline('2026-11-24', area()))).toBe('2026-11-23T14:00:00.000Z');
    expect(iso(researchDeadline('2026-11-23', area()))).toBe('2026-11-20T14:00:00.000Z');
  });

  it('is civil time across the clock changes: 14:00 in London is 13:00Z in summer, 14:00Z in winter', () => {
    // Clocks go forward on Sun 29 Mar 2026: Tuesday's deadline is Monday 14:00 BST.
    expect(iso(researchDeadline('2026-03-31', area()))).toBe('2026-03-30T13:00:00.000Z');
    // A Monday meeting straight after the change: the Friday before, still GMT.
    expect(iso(researchDeadline('2026-03-30', area()))).toBe('2026-03-27T14:00:00.000Z');
    // Clocks go back on Sun 25 Oct 2026: Monday's meeting, Friday 14:00 BST.
    expect(iso(researchDeadline('2026-10-26', area()))).toBe('2026-10-23T13:00:00.000Z');
  });

  it("follows the area's own time, days and zone", () => {
    const a = area({
      researchDeadlineTime: '12:00',
      researchDeadlineWorkingDays: 2,
      timeZone: 'America/New_York',
    });
    expect(iso(researchDeadline('2026-11-24', a))).toBe('2026-11-20T17:00:00.000Z'); // Fri noon EST
  });

  it('the agenda is due out the lead days before; published after that local day is late', () => {
    expect(circulationDue('2026-11-24', area())).toBe('2026-11-17');
    expect(circulationDue('2026-11-24', area({ agendaCirculationDays: 8 }))).toBe('2026-11-16');
    expect(publishedLate('2026-11-24', '2026-11-17T23:59:00.000Z', area())).toBe(false);
    expect(publishedLate('2026-11-24', '2026-11-18T00:01:00.000Z', area())).toBe(true);
    // In summer 23:30Z is already the next day in London.
    expect(publishedLate('2026-07-14', '2026-07-07T22:30:00.000Z', area())).toBe(false);
    expect(publishedLate('2026-07-14', '2026-07-07T23:30:00.000Z', area())).toBe(true);
  });

  it('the timetable shows the due day, the publication and the deadline', () => {
    const a = area();
    expect(researchTimetable({ date: '2026-11-24' }, a)).toEqual({
      agendaDue: '2026-11-17',
      publishedAt: undefined,
      publishedLate: false,
      researchDeadline: Date.parse('2026-11-23T14:00:00Z'),
      timeZone: 'Europe/London',
    });
  });

  it('refuses a deadline setting that is not a time or a sensible number of days', () => {
    expect(checkAreaSettings({ researchDeadlineTime: '2pm' }).map((p) => p.field)).toEqual([
      'researchDeadlineTime',
    ]);
    expect(checkAreaSettings({ researchDeadlineWorkingDays: 11 }).map((p) => p.field)).toEqual([
      'researchDeadlineWorkingDays',
    ]);
    expect(checkAreaSettings({ researchDeadlineTime: '09:30', researchDeadlineWorkingDays: 0 })).toEqual([]);
  });
});
