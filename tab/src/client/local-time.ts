import { ukDateTime } from '../shared/uk-date.js';

/**
 * Times in the tab are the MARAC area's wall clock, not the browser's: a chair abroad or a laptop
 * set to UTC still sees the meeting's 09:30. The zone is the signed-in person's area's (area
 * settings `timeZone`, from /api/me), set once at sign-in; Europe/London until then.
 */
export const DEFAULT_AREA_TIME_ZONE = 'Europe/London';
let zone = DEFAULT_AREA_TIME_ZONE;

/** Use this area's zone from now on (an unknown zone keeps the current one). */
export function setAreaTimeZone(timeZone: string | undefined) {
  if (!timeZone) return;
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone });
    zone = timeZone;
  } catch {
    // A zone this browser does not know: keep the last good one rather than throw on every time.
  }
}
export const areaTimeZone = () => zone;

/** "09:30" on the area's clock. */
export const areaTime = (iso?: string, fallback = '', timeZone = zone) =>
  iso
    ? new Date(iso).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', timeZone })
    : fallback;

/** "Tue 1 Dec 2026, 09:30" on the area's clock: the UK date style of the whole tab. */
export const areaDateTime = (iso?: string, fallback = '', timeZone = zone) =>
  ukDateTime(iso, fallback, timeZone);
