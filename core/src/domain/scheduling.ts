import type { Meeting } from './meeting.js';

/** Office hours a MARAC normally meets in: weekdays, starting 09:00 to 17:00 local time. */
export const OFFICE_HOURS = { from: '09:00', to: '17:00' } as const;

const KIND_NAMES = { marac: 'MARAC', 'marac-plus': 'MARAC Plus', closed: 'closed session' } as const;

/**
 * What a coordinator should know before keeping this date and time: another meeting of the same
 * kind at the same moment, or a time outside office hours. Warnings, never refusals: an urgent
 * MARAC may be called at any time.
 */
export function schedulingWarnings(
  m: Pick<Meeting, 'id' | 'areaId' | 'kind' | 'date' | 'startTime'>,
  others: Pick<Meeting, 'id' | 'areaId' | 'kind' | 'date' | 'startTime' | 'status'>[],
): string[] {
  const warnings: string[] = [];
  const clash = others.find(
    (o) =>
      o.id !== m.id &&
      o.areaId === m.areaId &&
      o.status !== 'cancelled' &&
      o.kind === m.kind &&
      o.date === m.date &&
      o.startTime === m.startTime,
  );
  if (clash) warnings.push(`Another ${KIND_NAMES[m.kind]} is already planned at ${m.startTime} that day.`);
  const day = new Date(`${m.date}T12:00:00Z`).getUTCDay();
  if (day === 0 || day === 6) warnings.push('That day is a weekend, outside office hours.');
  else if (m.startTime < OFFICE_HOURS.from || m.startTime > OFFICE_HOURS.to)
    warnings.push(`${m.startTime} is outside office hours (${OFFICE_HOURS.from} to ${OFFICE_HOURS.to}).`);
  return warnings;
}
