import { ukDateTime } from '../shared/uk-date.js';

/**
 * Times in the tab are the MARAC area's wall clock, not the browser's: a chair abroad or a laptop
 * set to UTC still sees the meeting's 09:30. Europe/London, the zone every area uses today.
 */
export const AREA_TIME_ZONE = 'Europe/London';

/** "09:30" on the area's clock. */
export const areaTime = (iso?: string, fallback = '') =>
  iso
    ? new Date(iso).toLocaleTimeString('en-GB', {
        hour: '2-digit',
        minute: '2-digit',
        timeZone: AREA_TIME_ZONE,
      })
    : fallback;

/** "Tue 1 Dec 2026, 09:30" on the area's clock. */
export const areaDateTime = (iso?: string, fallback = '') => ukDateTime(iso, fallback, AREA_TIME_ZONE);
