import type { AgencyId } from './area.js';
import { addDays } from './meeting.js';

/** 'removed': taken off the plan in the meeting (kept for the record, never chased). */
export type ActionStatus = 'open' | 'complete' | 'cannot-complete' | 'no-update' | 'removed';
export type ActionFor = 'victim' | 'perpetrator' | 'child' | 'staff' | 'household';

export interface ActionUpdate {
  at: string;
  byPersonId: string;
  kind:
    'created' | 'edited' | 'update' | 'complete' | 'cannot-complete' | 'no-update' | 'reviewed' | 'removed';
  note?: string;
  /** Opening review at a later meeting: updated, change in circumstance, or agency has not acted. */
  review?: 'updated' | 'change-in-circumstance' | 'not-acted';
  /** The meeting whose opening review recorded it. */
  atMeeting?: string;
}

/** A MARAC action: volunteered and owned by one agency, SMART, chased by the coordinator. */
export interface MaracAction {
  id: string;
  caseId: string;
  caseReference: string;
  meetingId: string;
  ownerAgencyId: AgencyId;
  description: string;
  forWhom: ActionFor;
  dueDate: string;
  status: ActionStatus;
  createdAt: string;
  createdById: string;
  /** The chair accepted it although the SMART check flagged it. */
  smartAccepted: boolean;
  updates: ActionUpdate[];
  version: number;
}

export const defaultDueDate = (meetingDate: string, days: number) => addDays(meetingDate, days);

const VAGUE =
  /^(to\s+)?(monitor|consider|look into|liaise|review|discuss|keep (an )?eye|support|be aware|note)\b/i;

/** A gentle SMART check: warnings, never refusals. The chair may accept a flagged action. */
export function smartCheck(a: Pick<MaracAction, 'description' | 'dueDate'>): string[] {
  const warnings: string[] = [];
  if (!a.dueDate) warnings.push('No due date: actions should be timed.');
  const words = a.description.trim().split(/\s+/).filter(Boolean);
  if (words.length < 4) warnings.push('Too short to be specific: say what will be done.');
  else if (VAGUE.test(a.description.trim()))
    warnings.push('Vague: say exactly what will be done and by when.');
  return warnings;
}

export const isOutstanding = (a: Pick<MaracAction, 'status'>) =>
  a.status === 'open' || a.status === 'no-update';

export const isOverdue = (a: Pick<MaracAction, 'status' | 'dueDate'>, today: string) =>
  isOutstanding(a) && a.dueDate < today;

/** Past due and past the grace period: gets the area's "No update from lead agency" marking. */
export const isStale = (a: Pick<MaracAction, 'status' | 'dueDate'>, today: string, graceDays: number) =>
  a.status === 'open' && addDays(a.dueDate, graceDays) < today;

/** Parse "1 Dec", "1 December 2026", "2026-12-01", "01/12/2026" into YYYY-MM-DD, rolling forward from `today`. */
export function parseDueDate(text: string, today: string): string | undefined {
  const t = text.trim();
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  if (m) return valid(+m[1], +m[2], +m[3]);
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})$/.exec(t);
  if (m) return valid(+m[3] < 100 ? 2000 + +m[3] : +m[3], +m[2], +m[1]);
  m = /^(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]{3,9})\.?(?:\s+(\d{4}))?$/i.exec(t);
  if (m) {
    const month = MONTHS.findIndex((x) => x.startsWith(m![2].toLowerCase())) + 1;
    if (!month) return undefined;
    const year = m[3] ? +m[3] : +today.slice(0, 4);
    const d = valid(year, month, +m[1]);
    if (d && !m[3] && d < today) return valid(year + 1, month, +m[1]);
    return d;
  }
  return undefined;
}
/** A month is its name or a prefix of it of 3+ letters ("Dec", "Sept", "December"), never "decade". */
const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
function valid(y: number, mo: number, d: number): string | undefined {
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) return undefined;
  return dt.toISOString().slice(0, 10);
}
