const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The calendar day an ISO instant falls on in the area's zone (UK by default), as YYYY-MM-DD. */
function localDay(instant: string, timeZone: string): string | undefined {
  const t = new Date(instant);
  if (Number.isNaN(t.getTime())) return undefined;
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(t);
}

/**
 * The one date format of the tab and its exports: UK style with the weekday, "Mon 23 Nov 2026".
 * Takes a local date (YYYY-MM-DD), read as the day it names, or an ISO instant, read in `timeZone`.
 */
export function ukDate(value: string | undefined, fallback = '—', timeZone = 'Europe/London'): string {
  if (!value) return fallback;
  const day = /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : localDay(value, timeZone);
  if (!day) return fallback;
  const [y, m, d] = day.split('-').map(Number);
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return `${WEEKDAYS[weekday]} ${d} ${MONTHS[m - 1]} ${y}`;
}
