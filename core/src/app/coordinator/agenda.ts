import { DomainError } from '../../domain/errors.js';
import { maxCasesWarning, suggestOrder, timeSlots } from '../../domain/agenda.js';
import type { AgendaOrdering, AreaConfig } from '../../domain/area.js';
import type { Meeting } from '../../domain/meeting.js';
import type { MaracCase } from '../../domain/referral.js';
import type { Repos } from '../../ports/repositories.js';
import { canManage, canSeeMeeting, canSeePersonal, notFound, requireManager } from './access.js';
import { toCaseSummary, type CaseSummary } from './case-views.js';
import { record, type Actor, type CoordinatorDeps } from './context.js';
import { toMeetingView, visibleMeeting, type MeetingView } from './meetings.js';
import { agendaOpen } from './listing.js';

export interface AgendaRow extends CaseSummary {
  caseId: string;
  position: number;
  start: string;
  end: string;
}

export interface AgendaSection {
  meeting: MeetingView;
  rows: AgendaRow[];
  maxCasesWarning?: string;
}

export interface AgendaView extends AgendaSection {
  area: Pick<
    AreaConfig,
    'id' | 'name' | 'maxCasesPerMeeting' | 'agendaOrdering' | 'minutesPerCase' | 'dashThreshold'
  >;
  /** The closed session after this meeting, only for those invited to it. */
  closedSession?: AgendaSection;
  canEdit: boolean;
  /** Ended or cancelled: the order and the cases can no longer change (exports still can be made). */
  locked: boolean;
  showsPersonal: boolean;
}

export async function orderedCases(r: Repos, meetingId: string): Promise<MaracCase[]> {
  const items = (await r.agenda.list(meetingId)).sort((a, b) => a.position - b.position);
  const cases = await Promise.all(items.map((i) => r.cases.get(i.caseId)));
  return cases.filter((c): c is MaracCase => !!c);
}

async function section(r: Repos, actor: Actor, area: AreaConfig, m: Meeting): Promise<AgendaSection> {
  const cases = await orderedCases(r, m.id);
  const slots = timeSlots(
    m.startTime,
    area.minutesPerCase[m.kind],
    cases.map((c) => c.id),
  );
  return {
    meeting: await toMeetingView(r, actor, m),
    rows: cases.map((c, i) => ({
      ...toCaseSummary(actor, c),
      caseId: c.id,
      position: slots[i].position,
      start: slots[i].start,
      end: slots[i].end,
    })),
    maxCasesWarning: maxCasesWarning(area, cases.length),
  };
}

async function areaOf(r: Repos, m: Meeting) {
  const area = await r.areas.get(m.areaId);
  if (!area) throw notFound("The meeting's area");
  return area;
}

export async function getAgenda(deps: CoordinatorDeps, actor: Actor, meetingId: string): Promise<AgendaView> {
  const r = deps.store.repos;
  const m = await visibleMeeting(deps, actor, meetingId, 'agenda.view');
  const area = await areaOf(r, m);
  const closed =
    m.kind === 'closed'
      ? undefined
      : (await r.meetings.list({ areaId: m.areaId })).find(
          (x) => x.kind === 'closed' && x.parentMeetingId === m.id,
        );
  return {
    ...(await section(r, actor, area, m)),
    area: {
      id: area.id,
      name: area.name,
      maxCasesPerMeeting: area.maxCasesPerMeeting,
      agendaOrdering: area.agendaOrdering,
      minutesPerCase: area.minutesPerCase,
      dashThreshold: area.dashThreshold,
    },
    closedSession: closed && canSeeMeeting(actor, closed) ? await section(r, actor, area, closed) : undefined,
    canEdit: canManage(actor),
    locked: m.status === 'ended' || m.status === 'cancelled',
    showsPersonal: canSeePersonal(actor),
  };
}

/** Put the agenda in this order. `expectedOrder` is what the editor saw: a different agenda means someone else changed it. */
export async function reorderAgenda(
  deps: CoordinatorDeps,
  actor: Actor,
  meetingId: string,
  caseIds: string[],
  expectedOrder?: string[],
) {
  await requireManager(deps, actor, 'agenda.reorder', `meeting:${meetingId}`);
  return deps.store.tx(async (r) => {
    const m = await r.meetings.get(meetingId);
    if (!m) throw notFound('The meeting');
    agendaOpen(m);
    const current = (await orderedCases(r, m.id)).map((c) => c.id);
    if (expectedOrder && expectedOrder.join() !== current.join())
      throw new DomainError('stale', 'Someone else changed this agenda; it has been reloaded.');
    if (
      caseIds.length !== current.length ||
      new Set(caseIds).size !== caseIds.length ||
      caseIds.some((id) => !current.includes(id))
    )
      throw new DomainError('invalid', 'The new order must list each case on the agenda exactly once.');
    if (caseIds.join() !== current.join()) {
      await r.agenda.set(m.id, caseIds);
      await record(
        r,
        deps.clock,
        actor,
        { action: 'agenda.reordered', subject: `meeting:${m.id}`, details: { from: current, to: caseIds } },
        [{ type: 'AgendaChanged', meetingId: m.id }],
      );
    }
    return caseIds;
  });
}

/** Reorder by the area's setting (or the one chosen): by receipt, children first, or clustered by agency. */
export async function applySuggestedOrder(
  deps: CoordinatorDeps,
  actor: Actor,
  meetingId: string,
  ordering?: AgendaOrdering,
) {
  await requireManager(deps, actor, 'agenda.reorder', `meeting:${meetingId}`);
  const r = deps.store.repos;
  const m = await r.meetings.get(meetingId);
  if (!m) throw notFound('The meeting');
  const area = await areaOf(r, m);
  const cases = await orderedCases(r, m.id);
  const order = suggestOrder(cases, ordering ?? area.agendaOrdering, area.battingOrder).map((c) => c.id);
  return reorderAgenda(
    deps,
    actor,
    m.id,
    order,
    cases.map((c) => c.id),
  );
}
