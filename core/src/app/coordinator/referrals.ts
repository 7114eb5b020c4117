import { randomUUID } from 'node:crypto';
import { DomainError } from '../../domain/errors.js';
import {
  checkReferral,
  findRepeat,
  twoWeekConflict,
  type Child,
  type DashAnswer,
  type Diversity,
  type MaracCase,
  type ReferralCriterion,
  type Subject,
} from '../../domain/referral.js';
import type { Meeting } from '../../domain/meeting.js';
import { requireManager } from './access.js';
import { toCaseSummary, toHearingViews, type CaseSummary, type HearingView } from './case-views.js';
import { nowIso, record, todayIso, type Actor, type CoordinatorDeps } from './context.js';
import { closedSessionFor } from './closed-session.js';
import { victimHistory } from './checks.js';

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
  consent: MaracCase['consent'];
  honourBasedAbuse: boolean;
  /** The victim or a perpetrator works for a core agency: closed session. */
  worksForCoreAgency: boolean;
  diversity: Diversity;
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
  if (!agencies.some((a) => a.id === input.referringAgencyId))
    throw invalid('referringAgencyId', 'Choose the referring agency.');
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

  const today = todayIso(deps.clock);
  const victimKey = deps.cipher.matchKey(input.victim.name, input.victim.dateOfBirth);
  const perpetratorKeys = input.perpetrators.map((p) => deps.cipher.matchKey(p.name, p.dateOfBirth));
  const history = await victimHistory(r0, area.id, victimKey);
  const repeat = findRepeat(history.heard, victimKey, perpetratorKeys, today);
  const criteria = [
    ...new Set<ReferralCriterion>([...input.criteria, ...(repeat.repeat ? (['repeat'] as const) : [])]),
  ];
  const check = checkReferral(area, { ...input, criteria });
  if (!check.ok)
    throw new DomainError('invalid', 'The referral does not yet meet the MARAC criteria.', {
      fields: check.problems,
    });
  const conflict = target
    ? twoWeekConflict([...history.heard, ...history.listed], victimKey, perpetratorKeys, target.date)
    : undefined;

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
      criteria,
      professionalJudgementRationale: input.professionalJudgementRationale?.trim() || undefined,
      escalationIncidents: input.escalationIncidents,
      dash: input.dash,
      consent: input.consent,
      honourBasedAbuse: input.honourBasedAbuse,
      closedSession,
      diversity: input.diversity,
      childrenInHousehold: input.children.length,
      status: meeting ? 'scheduled' : 'referred',
      meetingId: meeting?.id,
      personal: { victim: input.victim, perpetrators: input.perpetrators, children: input.children },
      victimKey,
      perpetratorKeys,
      version: 0,
    });
    if (meeting)
      await r.agenda.set(meeting.id, [
        ...(await r.agenda.list(meeting.id)).sort((a, b) => a.position - b.position).map((i) => i.caseId),
        c.id,
      ]);
    await record(
      r,
      deps.clock,
      actor,
      {
        action: 'referral.created',
        subject: `case:${c.id}`,
        details: {
          reference: c.reference,
          meetingId: meeting?.id,
          closedSession,
          score: check.score,
          repeat: repeat.repeat,
          twoWeekConflict: !!conflict,
        },
      },
      meeting ? [{ type: 'AgendaChanged', meetingId: meeting.id }] : [],
    );
    return {
      case: toCaseSummary(actor, c),
      repeat: { repeat: repeat.repeat, earlier: await toHearingViews(r, repeat.earlier) },
      twoWeekConflict: conflict ? (await toHearingViews(r, [conflict]))[0] : undefined,
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
