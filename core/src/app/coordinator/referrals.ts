import { randomUUID } from 'node:crypto';
import { DomainError } from '../../domain/errors.js';
import type {
  Child,
  DashAnswer,
  Diversity,
  MaracCase,
  ReferralCriterion,
  Subject,
} from '../../domain/referral.js';
import type { Meeting } from '../../domain/meeting.js';
import { requireManager } from './access.js';
import { ukDate } from '../../domain/civil-time.js';
import { toCaseSummary, toHearingViews, type CaseSummary, type HearingView } from './case-views.js';
import { nowIso, record, todayIso, type Actor, type CoordinatorDeps } from './context.js';
import { closedSessionFor } from './closed-session.js';
import { assessReferral, isPoliceAgency } from './checks.js';

export interface NewReferral {
  areaId: string;
  /** The MARAC meeting it should be heard at; HBA and core-agency cases go to its closed session. */
  meetingId?: string;
  referringAgencyId: string;
  victim: Subject;
  perpetrators: Subject[];
  children: Child[];
  dash: DashAnswer[];
  criteria: ReferralCriterion[];
  professionalJudgementRationale?: string;
  escalationIncidents?: number;
  daraLevel?: MaracCase['daraLevel'];
  consent: MaracCase['consent'];
  idva?: MaracCase['idva'];
  honourBasedAbuse: boolean;
  /** The victim or a perpetrator works for a core agency: closed session. */
  worksForCoreAgency: boolean;
  diversity: Diversity;
  /** The two-week rule was hit and the coordinator lists it anyway, for this reason (recorded). */
  twoWeekReason?: string;
  /** Possible matches by name (a date of birth missing) the coordinator confirmed or dismissed. */
  confirmedMatchIds?: string[];
  dismissedMatchIds?: string[];
  /** The meeting is full (the area's maximum) and the coordinator lists it anyway. */
  confirmFull?: boolean;
}

export interface ReferralOutcome {
  case: CaseSummary;
  repeat: { repeat: boolean; earlier: HearingView[] };
  /** The two-week rule: this victim and perpetrator were (or will be) heard within 14 days of the meeting. */
  twoWeekConflict?: HearingView;
  placedIn?: { meetingId: string; kind: Meeting['kind']; date: string; createdClosedSession: boolean };
}

const invalid = (field: string, message: string) =>
  new DomainError('invalid', message, { fields: [{ field, message }] });

/**
 * Save a referral, every check run first: nothing is stored while the criteria are not met, a
 * two-week conflict has no reason, a possible match is undecided, or the meeting is full unconfirmed.
 */
export async function createReferral(
  deps: CoordinatorDeps,
  actor: Actor,
  input: NewReferral,
): Promise<ReferralOutcome> {
  await requireManager(deps, actor, 'referral.create', `area:${input.areaId}`);
  const r0 = deps.store.repos;
  const area = await r0.areas.get(input.areaId);
  if (!area) throw invalid('areaId', 'Choose a MARAC area.');
  const agencies = await r0.agencies.list(area.id);
  const agency = agencies.find((a) => a.id === input.referringAgencyId);
  if (!agency) throw invalid('referringAgencyId', 'Choose the referring agency.');
  let target: Meeting | undefined;
  if (input.meetingId) {
    target = await r0.meetings.get(input.meetingId);
    // A late referral may join a meeting already running: it is heard in its place on the agenda.
    if (!target || target.areaId !== area.id || (target.status !== 'planned' && target.status !== 'live'))
      throw invalid('meetingId', 'Choose a meeting in this area that has not ended.');
  }
  const closedSession = input.honourBasedAbuse || input.worksForCoreAgency;
  if (target?.kind === 'closed' && !closedSession)
    throw invalid('meetingId', 'Only honour-based abuse or core-agency cases are heard in a closed session.');

  const a = await assessReferral(deps, r0, area, input, isPoliceAgency(agency));
  if (!a.check.ok)
    throw new DomainError('invalid', 'The referral does not yet meet the MARAC criteria.', {
      fields: a.check.problems,
    });
  const decided = new Set([...(input.confirmedMatchIds ?? []), ...(input.dismissedMatchIds ?? [])]);
  const undecided = a.possibleMatches.filter((m) => !decided.has(m.caseId));
  if (undecided.length)
    throw new DomainError(
      'conflict',
      `A date of birth is missing and ${undecided.length === 1 ? 'a case has' : `${undecided.length} cases have`} the same names (${undecided.map((m) => m.reference).join(', ')}): confirm or dismiss each before saving.`,
      { confirm: 'matches', matches: undecided },
    );
  const twoWeekReason = input.twoWeekReason?.trim();
  if (a.twoWeekConflict && !twoWeekReason)
    throw new DomainError(
      'conflict',
      `This victim and perpetrator are heard on ${ukDate(a.twoWeekConflict.heardOn)}, within two weeks of this meeting. Give a reason to list it anyway.`,
      { confirm: 'two-week' },
    );
  if (target && !input.confirmFull) {
    const count = (await r0.agenda.list(target.id)).length;
    if (!closedSession && count >= area.maxCasesPerMeeting)
      throw new DomainError(
        'conflict',
        `That meeting is full: ${count} of ${area.maxCasesPerMeeting} cases, the area's maximum. Confirm to list it anyway.`,
        { confirm: 'full' },
      );
  }
  const today = todayIso(deps.clock, area);

  return deps.store.tx(async (r) => {
    const placed =
      target && closedSession
        ? await closedSessionFor(r, deps.clock, actor, area, target, input.referringAgencyId)
        : undefined;
    const meeting = placed?.meeting ?? target;
    const year = Number(today.slice(0, 4));
    const n = await r.cases.nextNumber(area.id, year);
    const c = await r.cases.put({
      id: randomUUID(),
      areaId: area.id,
      reference: `MC-${year}-${String(n).padStart(4, '0')}`,
      receivedAt: nowIso(deps.clock),
      referringAgencyId: input.referringAgencyId,
      criteria: a.criteria,
      professionalJudgementRationale: input.professionalJudgementRationale?.trim() || undefined,
      escalationIncidents: input.escalationIncidents,
      daraLevel: input.daraLevel,
      dash: input.dash,
      consent: input.consent,
      idva: input.idva,
      honourBasedAbuse: input.honourBasedAbuse,
      closedSession,
      diversity: input.diversity,
      childrenInHousehold: input.children.length,
      status: meeting ? 'scheduled' : 'referred',
      meetingId: meeting?.id,
      personal: { victim: input.victim, perpetrators: input.perpetrators, children: input.children },
      ...a.keys,
      repeatOf: input.confirmedMatchIds?.length ? input.confirmedMatchIds : undefined,
      version: 0,
    });
    if (meeting)
      await r.agenda.set(meeting.id, [
        ...(await r.agenda.list(meeting.id)).sort((x, y) => x.position - y.position).map((i) => i.caseId),
        c.id,
      ]);
    await record(
      r,
      deps.clock,
      actor,
      {
        action: 'referral.created',
        subject: `case:${c.id}`,
        reason: a.twoWeekConflict ? twoWeekReason : undefined,
        details: {
          reference: c.reference,
          meetingId: meeting?.id,
          closedSession,
          score: a.check.score,
          repeat: a.repeat.repeat,
          twoWeekConflict: !!a.twoWeekConflict,
          confirmedMatches: input.confirmedMatchIds ?? [],
          dismissedMatches: input.dismissedMatchIds ?? [],
        },
      },
      meeting ? [{ type: 'AgendaChanged', meetingId: meeting.id }] : [],
    );
    return {
      case: toCaseSummary(actor, c),
      repeat: { repeat: a.repeat.repeat, earlier: await toHearingViews(r, a.repeat.earlier) },
      twoWeekConflict: a.twoWeekConflict ? (await toHearingViews(r, [a.twoWeekConflict]))[0] : undefined,
      placedIn: meeting
        ? {
            meetingId: meeting.id,
            kind: meeting.kind,
            date: meeting.date,
            createdClosedSession: !!placed?.created,
          }
        : undefined,
    };
  });
}
