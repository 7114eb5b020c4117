import type { AgencyId, AreaConfig } from './area.js';
import { addDays, daysBetween } from './meeting.js';

export type DashAnswer = 'yes' | 'no' | 'dont-know';
export type DaraLevel = 'standard' | 'medium' | 'high';
export type ReferralCriterion = 'visible-high-risk' | 'professional-judgement' | 'escalation' | 'repeat';
export const DASH_QUESTION_COUNT = 24;

/** Personal details: encrypted at rest, never in chat, logs or errors. */
export interface Subject {
  name: string;
  dateOfBirth?: string;
  address?: string;
  gender?: string;
}
export interface Child {
  name: string;
  dateOfBirth?: string;
}
export interface CasePersonalDetails {
  victim: Subject;
  perpetrators: Subject[];
  children: Child[];
}

export interface Diversity {
  ethnicity?: 'white' | 'bme' | 'not-stated';
  lgbt?: boolean;
  disability?: boolean;
  gender?: 'female' | 'male' | 'other' | 'not-stated';
  age?: number;
}

/**
 * Where a case is: received (`referred`), listed (`scheduled`), heard, or waiting to be listed
 * again after a meeting (deferred, sent to MARAC Plus, not reached), or closed.
 */
export type CaseStatus =
  'referred' | 'scheduled' | 'heard' | 'deferred' | 'referred-to-plus' | 'not-reached' | 'closed';

/** The "to be re-listed" queue: cases a meeting sent on to a later one. */
export const RELIST_STATUSES = [
  'deferred',
  'referred-to-plus',
  'not-reached',
] as const satisfies CaseStatus[];

/** A referral to MARAC and the case it becomes. Everything outside `personal` is safe to store in clear. */
export interface MaracCase {
  id: string;
  areaId: string;
  /** Shown in chat instead of names, e.g. "MC-2026-0042". */
  reference: string;
  receivedAt: string;
  referringAgencyId: AgencyId;
  criteria: ReferralCriterion[];
  /** Required when the DASH score is below the area threshold. */
  professionalJudgementRationale?: string;
  escalationIncidents?: number;
  dash: DashAnswer[];
  consent: 'given' | 'not-given' | 'not-sought';
  honourBasedAbuse: boolean;
  /** Closed session: HBA, or a victim or perpetrator who works for a core agency. */
  closedSession: boolean;
  diversity: Diversity;
  childrenInHousehold: number;
  status: CaseStatus;
  meetingId?: string;
  personal: CasePersonalDetails;
  /** Police referrals may carry the DARA risk level instead of DASH answers (police only). */
  daraLevel?: DaraLevel;
  /** Whether the IDVA service has been referred the victim, and has made contact. */
  idva?: { referred: boolean; contacted: boolean };
  /** Keyed hashes of normalised name + date of birth; the only form matching uses. */
  victimKey: string;
  perpetratorKeys: string[];
  /** Keyed hashes of the names alone, for possible matches when a date of birth is missing. */
  nameKeys?: { victim: string; perpetrators: string[]; datesOfBirth: boolean };
  /** Earlier cases the coordinator confirmed as the same victim (a date of birth was missing). */
  repeatOf?: string[];
  version: number;
}

/** A police agency may give its DARA level instead of DASH answers (named "police" by id or name). */
export const isPoliceAgency = (a: { id: string; name: string } | undefined) =>
  !!a && (/police/i.test(a.id) || /police/i.test(a.name));

/** A case heard (or deferred) at a meeting: the history repeat detection reads. */
export interface Hearing {
  caseId: string;
  meetingId: string;
  heardOn: string;
  victimKey: string;
  perpetratorKeys: string[];
  outcome: 'heard' | 'deferred' | 'referred-to-plus';
}

export const dashScore = (answers: DashAnswer[]): number => answers.filter((a) => a === 'yes').length;

export const meetsVisibleHighRisk = (area: Pick<AreaConfig, 'dashThreshold'>, answers: DashAnswer[]) =>
  dashScore(answers) >= area.dashThreshold;

export interface ReferralCheck {
  ok: boolean;
  score: number;
  problems: { field: string; message: string }[];
}

/**
 * Is this referral acceptable for MARAC under the area's criteria? The coordinator does not
 * screen referrals or change the risk score: professional judgement needs its rationale but not a
 * complete DASH (where it has not been possible to complete it), and police may give their DARA
 * level instead of DASH answers.
 */
export function checkReferral(
  area: Pick<AreaConfig, 'dashThreshold'> & Partial<Pick<AreaConfig, 'escalation'>>,
  r: Pick<
    MaracCase,
    'dash' | 'criteria' | 'professionalJudgementRationale' | 'escalationIncidents' | 'daraLevel'
  >,
  from: { agencyIsPolice?: boolean } = {},
): ReferralCheck {
  const score = dashScore(r.dash);
  const problems: ReferralCheck['problems'] = [];
  const dara = from.agencyIsPolice ? r.daraLevel : undefined;
  if (r.daraLevel && !from.agencyIsPolice)
    problems.push({ field: 'daraLevel', message: 'Only a police referral carries a DARA level.' });
  const complete = r.dash.length === DASH_QUESTION_COUNT;
  if (!complete && !dara && !r.criteria.includes('professional-judgement'))
    problems.push({
      field: 'dash',
      message: `Answer the ${DASH_QUESTION_COUNT} DASH questions, give the police DARA level, or refer on professional judgement where the DASH could not be completed.`,
    });
  const visible = score >= area.dashThreshold || dara === 'high';
  const other = r.criteria.filter((c) => c !== 'visible-high-risk');
  if (r.criteria.includes('visible-high-risk') && !visible)
    problems.push({
      field: 'criteria',
      message: `Visible high risk needs ${area.dashThreshold} or more "yes" answers (or a police DARA of high); this has ${score}.`,
    });
  if (!visible && other.length === 0)
    problems.push({
      field: 'criteria',
      message: `Below the threshold of ${area.dashThreshold}: choose professional judgement, escalation or repeat.`,
    });
  if (r.criteria.includes('professional-judgement') && !r.professionalJudgementRationale?.trim())
    problems.push({
      field: 'professionalJudgementRationale',
      message: 'Professional judgement needs a recorded rationale.',
    });
  const escalation = area.escalation ?? { kind: 'incidents', incidents: 3 };
  if (r.criteria.includes('escalation') && escalation.kind === 'none')
    problems.push({
      field: 'criteria',
      message: 'This area has no escalation criterion: refer on professional judgement instead.',
    });
  else if (
    r.criteria.includes('escalation') &&
    escalation.kind === 'incidents' &&
    !(r.escalationIncidents && r.escalationIncidents >= escalation.incidents)
  )
    problems.push({
      field: 'escalationIncidents',
      message: `Escalation needs ${escalation.incidents} or more police incidents in 12 months.`,
    });
  return { ok: problems.length === 0, score, problems };
}

export const REPEAT_WINDOW_MONTHS = 12;
export const TWO_WEEK_RULE_DAYS = 14;

/**
 * The date 12 calendar months after a hearing, the last day a new referral counts as a repeat.
 * With no such day (29 February), the last day of that month: never spills into the next.
 */
export const repeatFlagExpires = (heardOn: string): string => {
  const d = new Date(`${heardOn}T00:00:00Z`);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + REPEAT_WINDOW_MONTHS);
  const lastDay = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, lastDay));
  return d.toISOString().slice(0, 10);
};

const samePair = (
  a: Pick<Hearing, 'victimKey' | 'perpetratorKeys'>,
  victimKey: string,
  perpetratorKeys: string[],
) => a.victimKey === victimKey && a.perpetratorKeys.some((k) => perpetratorKeys.includes(k));

/**
 * A repeat is the same victim with any of the same perpetrators, referred within 12 months of
 * the latest hearing. Same victim with a different perpetrator (or the reverse) is a new case.
 */
export function findRepeat(
  history: Hearing[],
  victimKey: string,
  perpetratorKeys: string[],
  referredOn: string,
): { repeat: boolean; earlier: Hearing[]; latest?: Hearing } {
  const earlier = history
    .filter(
      (h) => h.outcome !== 'deferred' && samePair(h, victimKey, perpetratorKeys) && h.heardOn <= referredOn,
    )
    .sort((a, b) => a.heardOn.localeCompare(b.heardOn));
  const latest = earlier[earlier.length - 1];
  const repeat = !!latest && referredOn <= repeatFlagExpires(latest.heardOn);
  return { repeat, earlier, latest };
}

/** A case should not be heard twice within 14 days. Returns the conflicting hearing, if any. */
export function twoWeekConflict(
  history: Hearing[],
  victimKey: string,
  perpetratorKeys: string[],
  proposedDate: string,
  excludeMeetingId?: string,
): Hearing | undefined {
  return history.find(
    (h) =>
      h.outcome !== 'deferred' &&
      h.meetingId !== excludeMeetingId &&
      samePair(h, victimKey, perpetratorKeys) &&
      Math.abs(daysBetween(h.heardOn, proposedDate)) < TWO_WEEK_RULE_DAYS,
  );
}

/** Cases whose 12-month repeat flag runs out within `days` of `today`. */
export function flagsExpiringSoon(history: Hearing[], today: string, days: number) {
  const latestByPair = new Map<string, Hearing>();
  for (const h of history) {
    if (h.outcome === 'deferred') continue;
    const key = `${h.victimKey}|${[...h.perpetratorKeys].sort().join(',')}`;
    const prev = latestByPair.get(key);
    if (!prev || prev.heardOn < h.heardOn) latestByPair.set(key, h);
  }
  const horizon = addDays(today, days);
  return [...latestByPair.values()]
    .map((h) => ({ hearing: h, expires: repeatFlagExpires(h.heardOn) }))
    .filter((x) => x.expires >= today && x.expires <= horizon)
    .sort((a, b) => a.expires.localeCompare(b.expires));
}
