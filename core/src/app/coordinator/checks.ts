import {
  checkReferral,
  findRepeat,
  isPoliceAgency,
  twoWeekConflict,
  type Hearing,
  type MaracCase,
  type ReferralCheck,
  type ReferralCriterion,
  type Subject,
} from '../../domain/referral.js';
import type { AreaConfig } from '../../domain/area.js';
import type { Meeting } from '../../domain/meeting.js';
import type { Repos } from '../../ports/repositories.js';
import type { PersonalDataCipher } from '../../crypto/personal-data.js';
import { notFound, requireManager } from './access.js';
import { toHearingViews, type HearingView } from './case-views.js';
import { todayIso, type Actor, type CoordinatorDeps } from './context.js';

/**
 * This victim's hearings in this area, and the meetings their other cases are listed on (as
 * hearings to come), matched by keyed hash only. A hearing in another area is not a repeat here.
 */
export async function victimHistory(
  r: Repos,
  areaId: string,
  victimKey: string,
  exceptCaseId?: string,
): Promise<{ heard: Hearing[]; listed: Hearing[] }> {
  const meetings = new Map<string, Meeting | undefined>();
  const meeting = async (id: string) => {
    if (!meetings.has(id)) meetings.set(id, await r.meetings.get(id));
    return meetings.get(id);
  };
  const heard: Hearing[] = [];
  for (const h of await r.hearings.forVictim(victimKey))
    if (h.caseId !== exceptCaseId && (await meeting(h.meetingId))?.areaId === areaId) heard.push(h);
  const listed: Hearing[] = [];
  for (const c of await r.cases.list({ areaId, status: ['scheduled'] })) {
    if (c.victimKey !== victimKey || !c.meetingId || c.id === exceptCaseId) continue;
    const m = await meeting(c.meetingId);
    if (m)
      listed.push({
        caseId: c.id,
        meetingId: m.id,
        heardOn: m.date,
        victimKey,
        perpetratorKeys: c.perpetratorKeys,
        outcome: 'heard',
      });
  }
  return { heard, listed };
}

/** The two-week rule for putting this case on this meeting: another hearing of the pair within 14 days. */
export async function twoWeekCheck(
  _deps: Pick<CoordinatorDeps, 'clock'>,
  r: Repos,
  c: Pick<MaracCase, 'id' | 'areaId' | 'victimKey' | 'perpetratorKeys'>,
  m: Pick<Meeting, 'id' | 'date'>,
): Promise<Hearing | undefined> {
  const history = await victimHistory(r, c.areaId, c.victimKey, c.id);
  return twoWeekConflict([...history.heard, ...history.listed], c.victimKey, c.perpetratorKeys, m.date);
}

/** What the referral form has so far: enough to check as the coordinator types. */
export interface ReferralDraft {
  areaId: string;
  meetingId?: string;
  referringAgencyId?: string;
  victim: Subject;
  perpetrators: Subject[];
  dash: MaracCase['dash'];
  criteria: ReferralCriterion[];
  professionalJudgementRationale?: string;
  escalationIncidents?: number;
  daraLevel?: MaracCase['daraLevel'];
  /** Possible matches (same names, a date of birth missing) the coordinator confirmed as this victim. */
  confirmedMatchIds?: string[];
  /** The case being edited, which is not its own repeat. */
  caseId?: string;
}

export interface PossibleMatch {
  caseId: string;
  reference: string;
  receivedAt: string;
  status: MaracCase['status'];
}

export interface ReferralAssessment {
  check: ReferralCheck;
  /** The criteria with `repeat` added when the repeat rule finds one. */
  criteria: ReferralCriterion[];
  repeat: { repeat: boolean; earlier: Hearing[] };
  twoWeekConflict?: Hearing;
  possibleMatches: PossibleMatch[];
  keys: Pick<MaracCase, 'victimKey' | 'perpetratorKeys' | 'nameKeys'>;
}

/** Keys for matching: name + date of birth, and name alone (for the "possible match" when a date is missing). */
export function matchKeys(cipher: PersonalDataCipher, victim: Subject, perpetrators: Subject[]) {
  return {
    victimKey: cipher.matchKey(victim.name, victim.dateOfBirth),
    perpetratorKeys: perpetrators.map((p) => cipher.matchKey(p.name, p.dateOfBirth)),
    nameKeys: {
      victim: cipher.matchKey(victim.name),
      perpetrators: perpetrators.map((p) => cipher.matchKey(p.name)),
      datesOfBirth: !!victim.dateOfBirth && perpetrators.every((p) => !!p.dateOfBirth),
    },
  };
}

/**
 * Every check a referral gets before anything is stored: the area's threshold and criteria, the
 * repeat rule over the area's window, the two-week rule for the meeting chosen, and cases with
 * the same names where a date of birth is missing. Matching reads keyed hashes only.
 */
export async function assessReferral(
  deps: Pick<CoordinatorDeps, 'cipher' | 'clock'>,
  r: Repos,
  area: AreaConfig,
  draft: ReferralDraft,
  agencyIsPolice: boolean,
): Promise<ReferralAssessment> {
  const keys = matchKeys(deps.cipher, draft.victim, draft.perpetrators);
  const others = (await r.cases.list({ areaId: area.id })).filter((c) => c.id !== draft.caseId);
  const sameNames = others.filter(
    (c) =>
      c.nameKeys &&
      c.nameKeys.victim === keys.nameKeys.victim &&
      c.nameKeys.perpetrators.some((k) => keys.nameKeys.perpetrators.includes(k)),
  );
  const exact = (c: MaracCase) =>
    c.victimKey === keys.victimKey && c.perpetratorKeys.some((k) => keys.perpetratorKeys.includes(k));
  const possible = sameNames.filter(
    (c) => !exact(c) && (!keys.nameKeys.datesOfBirth || !c.nameKeys!.datesOfBirth),
  );
  const confirmed = possible.filter((c) => draft.confirmedMatchIds?.includes(c.id));

  // The pair's history: this victim's by exact key, and any confirmed match's, read as this pair.
  const own = await victimHistory(r, area.id, keys.victimKey, draft.caseId);
  const asThisPair = (h: Hearing): Hearing => ({
    ...h,
    victimKey: keys.victimKey,
    perpetratorKeys: keys.perpetratorKeys,
  });
  const heard = [...own.heard];
  const listed = [...own.listed];
  for (const c of confirmed) {
    const theirs = await victimHistory(r, area.id, c.victimKey, draft.caseId);
    heard.push(...theirs.heard.filter((h) => h.caseId === c.id).map(asThisPair));
    listed.push(...theirs.listed.filter((h) => h.caseId === c.id).map(asThisPair));
  }
  const pairCases = [...others.filter(exact), ...confirmed];
  const windowFrom: Hearing[] =
    area.repeatWindowStart === 'last-referral'
      ? pairCases.map((c) => ({
          caseId: c.id,
          meetingId: c.meetingId ?? '',
          heardOn: c.receivedAt.slice(0, 10),
          victimKey: keys.victimKey,
          perpetratorKeys: keys.perpetratorKeys,
          outcome: 'heard',
        }))
      : heard;
  const today = todayIso(deps.clock, area);
  const repeat = findRepeat(windowFrom, keys.victimKey, keys.perpetratorKeys, today);
  const criteria = [
    ...new Set<ReferralCriterion>([...draft.criteria, ...(repeat.repeat ? (['repeat'] as const) : [])]),
  ];
  const check = checkReferral(area, { ...draft, criteria }, { agencyIsPolice });
  const meeting = draft.meetingId ? await r.meetings.get(draft.meetingId) : undefined;
  const conflict = meeting
    ? twoWeekConflict([...heard, ...listed], keys.victimKey, keys.perpetratorKeys, meeting.date)
    : undefined;
  return {
    check,
    criteria,
    repeat: { repeat: repeat.repeat, earlier: repeat.earlier },
    twoWeekConflict: conflict,
    possibleMatches: possible.map((c) => ({
      caseId: c.id,
      reference: c.reference,
      receivedAt: c.receivedAt,
      status: c.status,
    })),
    keys,
  };
}

export { isPoliceAgency };

/** The check endpoint: what saving this draft would find, without storing anything. */
export async function checkReferralDraft(deps: CoordinatorDeps, actor: Actor, draft: ReferralDraft) {
  await requireManager(deps, actor, 'referral.check', `area:${draft.areaId}`);
  const r = deps.store.repos;
  const area = await r.areas.get(draft.areaId);
  if (!area) throw notFound('The MARAC area');
  const agency = (await r.agencies.list(area.id)).find((a) => a.id === draft.referringAgencyId);
  const a = await assessReferral(deps, r, area, draft, isPoliceAgency(agency));
  return {
    score: a.check.score,
    threshold: area.dashThreshold,
    problems: a.check.problems,
    criteria: a.criteria,
    repeat: { repeat: a.repeat.repeat, earlier: await toHearingViews(r, a.repeat.earlier) },
    twoWeekConflict: a.twoWeekConflict && (await toHearingViews(r, [a.twoWeekConflict]))[0],
    possibleMatches: a.possibleMatches,
  } satisfies { repeat: { repeat: boolean; earlier: HearingView[] } } & Record<string, unknown>;
}
