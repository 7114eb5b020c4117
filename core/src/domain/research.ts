import type { AgencyId, AreaConfig } from './area.js';
import { addDays, areaTimeZone, localDate, localInstant } from './civil-time.js';
import type { Meeting } from './meeting.js';
import type { CasePersonalDetails } from './referral.js';

/**
 * Between meetings: the coordinator publishes the agenda to the invited agencies, each agency
 * researches every case and returns what it holds ("information held", with a short summary
 * under the partner report's headings, or "no information held") before the deadline.
 */
export interface AgendaPublication {
  /** 1 for the first publication, +1 for each re-publication. */
  number: number;
  at: string;
  by: string;
  /** Epoch ms: research is due back by then (late returns are accepted and marked late). */
  researchDeadline: number;
  /** What each case's research details were when published (a keyed hash, never the details). */
  cases: { caseId: string; reference: string; digest: string }[];
  agencyIds: AgencyId[];
}

/** The partner report's headings (Cambridgeshire's template, sections 1 to 4). */
export const SUMMARY_HEADINGS = {
  involvement: 'Current involvement with the victim, perpetrator or children',
  health: 'Medical diagnosis, disability or care need relating to risk',
  risk: 'Other information relating to risk',
  appointments: 'Planned appointments (windows of opportunity)',
} as const;
export type ResearchSummary = Partial<Record<keyof typeof SUMMARY_HEADINGS, string>>;

/**
 * The victim's views on one case for one meeting, as the IDVA (or a coordinator) recorded them in
 * the tab. Sealed at rest; the chat only ever learns that they were recorded.
 */
export interface VictimViews {
  meetingId: string;
  caseId: string;
  text: string;
  recordedAt: string;
  recordedBy: string;
  version: number;
}

/** One agency's research on one case for one meeting. Sealed at rest: the summary is personal data. */
export interface ResearchReturn {
  meetingId: string;
  caseId: string;
  agencyId: AgencyId;
  held: boolean;
  summary?: ResearchSummary;
  recordedAt: string;
  recordedBy: string;
  /** A coordinator recorded it for the agency (a return phoned or emailed in): "recorded by … for …". */
  onBehalf?: boolean;
  late: boolean;
  version: number;
}

export type ReturnState = 'returned' | 'none-held' | 'not-yet';

/** What an agency needs to research a case: names, dates of birth, addresses of everyone involved. */
export const researchDetails = (p: CasePersonalDetails) => ({
  victim: { name: p.victim.name, dateOfBirth: p.victim.dateOfBirth, address: p.victim.address },
  perpetrators: p.perpetrators.map((x) => ({ name: x.name, dateOfBirth: x.dateOfBirth, address: x.address })),
  children: p.children.map((c) => ({ name: c.name, dateOfBirth: c.dateOfBirth })),
});
export type ResearchDetails = ReturnType<typeof researchDetails>;

/**
 * The agencies the agenda goes to: a closed session's invitees; a main meeting's invited
 * agencies when it names them, else every agency of the area.
 */
export const invitedAgencies = (
  m: Pick<Meeting, 'kind' | 'invitedAgencyIds'>,
  area: AreaConfig,
): AgencyId[] => (m.kind === 'closed' || m.invitedAgencyIds.length ? m.invitedAgencyIds : area.battingOrder);

/** The working day (Monday to Friday) `n` working days before a local date; bank holidays are not known. */
export function workingDaysBefore(date: string, n: number): string {
  let d = date;
  for (let left = n; left > 0;) {
    d = addDays(d, -1);
    const wd = new Date(`${d}T12:00:00Z`).getUTCDay();
    if (wd !== 0 && wd !== 6) left--;
  }
  return d;
}

type DeadlineRules = Pick<AreaConfig, 'timeZone' | 'researchDeadlineTime' | 'researchDeadlineWorkingDays'>;

/**
 * When research is due back: the area's time on the area's working day before the meeting
 * (default "by 2pm the working day before", the attendee guide), as an instant read in the
 * area's zone, so 14:00 stays 14:00 on either side of a clock change.
 */
export const researchDeadline = (meetingDate: string, area: Partial<DeadlineRules>) =>
  localInstant(
    workingDaysBefore(meetingDate, area.researchDeadlineWorkingDays ?? 1),
    area.researchDeadlineTime ?? '14:00',
    areaTimeZone(area),
  );

/** The day the agenda should go out: the area's lead days before the meeting (7 or 8). */
export const circulationDue = (meetingDate: string, area: Pick<AreaConfig, 'agendaCirculationDays'>) =>
  addDays(meetingDate, -area.agendaCirculationDays);

/** Published after its due day (read in the area's zone): the agencies had less than the lead days. */
export const publishedLate = (
  meetingDate: string,
  publishedAt: string,
  area: Pick<AreaConfig, 'agendaCirculationDays'> & Partial<Pick<AreaConfig, 'timeZone'>>,
) => localDate(Date.parse(publishedAt), areaTimeZone(area)) > circulationDue(meetingDate, area);

/** What the agenda and research pages show of the timetable: due out, published, research due. */
export interface ResearchTimetable {
  /** Local date the agenda should go out (YYYY-MM-DD). */
  agendaDue: string;
  publishedAt?: string;
  publishedLate: boolean;
  /** Epoch ms; the published deadline once published, else what it would be. */
  researchDeadline: number;
  timeZone: string;
}

export function researchTimetable(
  m: Pick<Meeting, 'date' | 'publication'>,
  area: AreaConfig,
): ResearchTimetable {
  return {
    agendaDue: circulationDue(m.date, area),
    publishedAt: m.publication?.at,
    publishedLate: !!m.publication && publishedLate(m.date, m.publication.at, area),
    researchDeadline: m.publication?.researchDeadline ?? researchDeadline(m.date, area),
    timeZone: areaTimeZone(area),
  };
}

export const returnState = (r: Pick<ResearchReturn, 'held'> | undefined): ReturnState =>
  !r ? 'not-yet' : r.held ? 'returned' : 'none-held';
