/**
 * Local civil time in an area's time zone. MARACs meet at 09:30 local time and their "today",
 * due dates and daily jobs follow the wall clock across the clock changes, so every conversion
 * between an instant (epoch ms) and a local date or time goes through here (Intl, no tz data of
 * our own). Local dates are `YYYY-MM-DD`, local times `HH:MM`.
 */
export const DEFAULT_TIME_ZONE = 'Europe/London';

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when Intl knows the zone (an IANA name such as "Europe/London"). */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

interface Wall {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallAt(instant: number, timeZone: string): Wall {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(instant)))
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return {
    year: parts.year,
    month: parts.month,
    day: parts.day,
    hour: parts.hour,
    minute: parts.minute,
    second: parts.second,
  };
}

const wallMs = (w: Wall) => Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
const pad = (n: number) => String(n).padStart(2, '0');

/** Milliseconds the zone is ahead of UTC at that instant (BST: 3,600,000). */
export const utcOffsetMs = (instant: number, timeZone = DEFAULT_TIME_ZONE): number =>
  wallMs(wallAt(Math.floor(instant / 1000) * 1000, timeZone)) - Math.floor(instant / 1000) * 1000;

/** The local date at an instant: what "today" means in the area. */
export function localDate(instant: number, timeZone = DEFAULT_TIME_ZONE): string {
  const w = wallAt(instant, timeZone);
  return `${w.year}-${pad(w.month)}-${pad(w.day)}`;
}

/** The local time of day at an instant, HH:MM (24-hour). */
export function localTime(instant: number, timeZone = DEFAULT_TIME_ZONE): string {
  const w = wallAt(instant, timeZone);
  return `${pad(w.hour)}:${pad(w.minute)}`;
}

/** The local hour (0–23) at an instant, for daily jobs set to a local hour. */
export const localHour = (instant: number, timeZone = DEFAULT_TIME_ZONE): number =>
  wallAt(instant, timeZone).hour;

/**
 * The instant of a local date and time. A time the clocks skip (01:30 on the last Sunday of
 * March in London) is read as the same wall time on the old offset, i.e. an hour later (02:30 BST);
 * a time that happens twice (01:30 on the last Sunday of October) is the first of the two.
 */
export function localInstant(date: string, time = '00:00', timeZone = DEFAULT_TIME_ZONE): number {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(time);
  if (!d || !t) throw new RangeError(`not a local date and time: ${date} ${time}`);
  const wall = Date.UTC(+d[1], +d[2] - 1, +d[3], +t[1], +t[2], +(t[3] ?? 0));
  const before = wall - utcOffsetMs(wall - DAY_MS / 2, timeZone);
  const after = wall - utcOffsetMs(wall + DAY_MS / 2, timeZone);
  const fits = (x: number) => wallMs(wallAt(x, timeZone)) === wall;
  if (fits(before) && fits(after)) return Math.min(before, after);
  if (fits(after)) return after;
  return before;
}

/** The instant a local day begins (local midnight). */
export const localMidnight = (date: string, timeZone = DEFAULT_TIME_ZONE): number =>
  localInstant(date, '00:00', timeZone);

/** Calendar arithmetic on local dates: the date `days` later (or earlier), whatever the offsets. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Whole calendar days from one local date to another. */
export const daysBetween = (from: string, to: string): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A local date as the UK writes it, "Sun 29 Mar 2026" (built by hand: ICU versions punctuate differently). */
export function formatLocalDate(date: string): string {
  const d = new Date(`${date}T12:00:00Z`);
  return `${WEEKDAYS[d.getUTCDay()]} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/**
 * The one date format shown to people (tab, exports, meeting titles, the Teams subject): UK style
 * with the weekday, "Mon 23 Nov 2026". Takes a local date (YYYY-MM-DD), read as the day it names,
 * or an ISO instant, read in `timeZone`; `fallback` when there is none or it is not a date.
 */
export function ukDate(value: string | undefined, fallback = '—', timeZone = DEFAULT_TIME_ZONE): string {
  if (!value) return fallback;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const d = new Date(`${value}T12:00:00Z`);
    return Number.isNaN(d.getTime()) ? fallback : formatLocalDate(value);
  }
  const t = Date.parse(value);
  return Number.isNaN(t) ? fallback : formatLocalDate(localDate(t, timeZone));
}

/** An ISO instant as local date and time, "Mon 23 Nov 2026, 09:30"; `fallback` when there is none. */
export const ukDateTime = (iso: string | undefined, fallback = '—', timeZone = DEFAULT_TIME_ZONE): string => {
  const t = iso ? Date.parse(iso) : NaN;
  return Number.isNaN(t) ? fallback : formatLocalDateTime(t, timeZone);
};

/** An instant as local date and time: "Sun 29 Mar 2026, 09:30". */
export const formatLocalDateTime = (instant: number, timeZone = DEFAULT_TIME_ZONE): string =>
  `${formatLocalDate(localDate(instant, timeZone))}, ${localTime(instant, timeZone)}`;

/** The area's zone (`AreaConfig.timeZone`), Europe/London when the area sets none. */
export function areaTimeZone(area?: object | null): string {
  const tz = (area as { timeZone?: unknown } | null | undefined)?.timeZone;
  return typeof tz === 'string' && tz ? tz : DEFAULT_TIME_ZONE;
}
