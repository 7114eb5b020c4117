import type { Repos } from '../../ports/repositories.js';
import { type ActionFor, type ActionUpdate, type MaracAction, defaultDueDate, isOutstanding, smartCheck } from '../../domain/actions.js';
import { addDays } from '../../domain/meeting.js';
import { isCoordinator } from '../../domain/person.js';
import { DomainError } from '../../domain/errors.js';
import { type Actor, type RoomDeps, actorRef, audit, iso, loadMeeting, mayChair, refuse, todayOf } from './context.js';
import { liveState } from './declaration.js';

export interface NewAction {
  caseId: string;
  ownerAgencyId: string;
  description: string;
  forWhom: ActionFor;
  dueDate?: string;
  /** The chair accepts an action the SMART check flagged. */
  acceptSmart?: boolean;
}

export type AddActionResult = { added: MaracAction } | { smartWarnings: string[] };

const id = () => `a-${crypto.randomUUID()}`;

/** Capture an action in the meeting: the chair, a coordinator, or the owning agency's own representative. */
export async function addAction(deps: RoomDeps, meetingId: string, actor: Actor, input: NewAction): Promise<AddActionResult> {
  const { store, clock } = deps;
  const { meeting, area } = await loadMeeting(store.repos, meetingId);
  const subject = `meeting:${meetingId}`;
  if (!area.battingOrder.includes(input.ownerAgencyId)) {
    const agencies = await store.repos.agencies.list(area.id);
    return refuse(store, clock, actor, 'action.add', subject, 'invalid', `Unknown agency. Choose one of: ${agencies.map((a) => a.name).join(', ')}.`, { choices: agencies.map((a) => a.name) });
  }
  const ownRep = actor.person?.agencyId === input.ownerAgencyId;
  if (!mayChair(meeting, actor) && !ownRep)
    return refuse(store, clock, actor, 'action.add', subject, 'forbidden', 'Only the chair, a coordinator or that agency\'s own representative can add its actions.');
  const dueDate = input.dueDate ?? defaultDueDate(meeting.date, area.actionDefaultDays);
  if (dueDate < todayOf(clock)) return refuse(store, clock, actor, 'action.add', subject, 'invalid', 'The due date is in the past. Give a date like 1 Dec or 2026-12-01.');
  const description = input.description.trim().slice(0, 1000);
  if (!description) return refuse(store, clock, actor, 'action.add', subject, 'invalid', 'Say what will be done.');
  // No date given: flagged, and if the chair accepts it the area's default (meeting + 7 days) applies.
  const smartWarnings = smartCheck({ description, dueDate: input.dueDate ? dueDate : '' });
  if (smartWarnings.length && !input.acceptSmart) return { smartWarnings };
  return store.tx(async (r) => {
    const c = await r.cases.get(input.caseId);
    if (!c || c.meetingId !== meetingId) throw new DomainError('not-found', 'That case is not on this meeting\'s agenda.');
    const s = await liveState(r, meetingId);
    const run = s.cases.find((x) => x.caseId === c.id);
    if (run && run.status !== 'current' && run.status !== 'pending') throw new DomainError('invalid', 'That case has closed; its actions can no longer be changed here.');
    const now = iso(clock);
    const a: MaracAction = {
      id: id(), caseId: c.id, caseReference: c.reference, meetingId, ownerAgencyId: input.ownerAgencyId, description, forWhom: input.forWhom,
      dueDate, status: 'open', createdAt: now, createdById: actorRef(actor), smartAccepted: smartWarnings.length > 0,
      updates: [{ at: now, byPersonId: actorRef(actor), kind: 'created' }], version: 0,
    };
    const saved = await r.actions.put(a);
    await audit(r, clock, { actor: actorRef(actor), action: 'action.add', subject: `action:${saved.id}`, outcome: 'done', details: { caseId: c.id, owner: a.ownerAgencyId, dueDate, smartAccepted: a.smartAccepted } });
    await r.events.append({ type: 'ActionAdded', meetingId, caseId: c.id, actionId: saved.id, ownerAgencyId: a.ownerAgencyId }, now);
    return { added: saved };
  });
}

export type ActionChange =
  | { kind: 'update'; note: string }
  | { kind: 'complete'; note: string }
  | { kind: 'cannot-complete'; note: string }
  | { kind: 'edit'; description?: string; dueDate?: string; ownerAgencyId?: string }
  | { kind: 'remove' }
  | { kind: 'review'; review: 'updated' | 'change-in-circumstance' | 'not-acted'; note?: string }
  | { kind: 'no-update' };

/**
 * Change an action. Only the owning agency's members or a coordinator may (the chair too while its
 * case is open); a change made against an older version is refused as stale, never overwriting.
 */
export async function changeAction(deps: RoomDeps, actionId: string, actor: Actor, change: ActionChange, expectedVersion?: number): Promise<MaracAction> {
  const { store, clock } = deps;
  const a = await store.repos.actions.get(actionId);
  if (!a) throw new DomainError('not-found', 'That action does not exist.');
  const { meeting } = await loadMeeting(store.repos, a.meetingId);
  const owner = actor.person?.agencyId === a.ownerAgencyId;
  const inMeeting = change.kind === 'edit' || change.kind === 'remove' || change.kind === 'review';
  const allowed = isCoordinator(actor.person) || owner || (inMeeting && mayChair(meeting, actor)) || (change.kind === 'no-update' && isCoordinator(actor.person));
  if (!allowed || (change.kind === 'no-update' && !isCoordinator(actor.person)))
    return refuse(store, clock, actor, `action.${change.kind}`, `action:${a.id}`, 'forbidden', 'Only the owning agency or a coordinator can change this action.');
  if (expectedVersion !== undefined && expectedVersion !== a.version)
    return refuse(store, clock, actor, `action.${change.kind}`, `action:${a.id}`, 'stale', 'This action has changed since this card was sent; here is its current state.');
  return store.tx(async (r) => {
    const now = iso(clock);
    const next: MaracAction = structuredClone(a);
    const note = 'note' in change ? change.note?.trim().slice(0, 2000) : undefined;
    const upd: ActionUpdate = { at: now, byPersonId: actorRef(actor), kind: change.kind === 'edit' ? 'edited' : change.kind === 'remove' ? 'removed' : change.kind === 'review' ? 'reviewed' : change.kind, note };
    if (change.kind === 'edit' || change.kind === 'remove') {
      const s = await liveState(r, a.meetingId);
      const run = s.cases.find((x) => x.caseId === a.caseId);
      if (run && run.status !== 'current' && run.status !== 'pending') throw new DomainError('invalid', 'That case has closed; its actions can no longer be edited or removed.');
    }
    if ((change.kind === 'complete' || change.kind === 'cannot-complete') && !note) throw new DomainError('invalid', change.kind === 'complete' ? 'Add an outcome note.' : 'Say why, and what was done instead.');
    if (change.kind === 'update' && !note) throw new DomainError('invalid', 'Write the update.');
    switch (change.kind) {
      case 'complete': next.status = 'complete'; break;
      case 'cannot-complete': next.status = 'cannot-complete'; break;
      case 'no-update': next.status = 'no-update'; break;
      case 'remove': next.status = 'cannot-complete'; upd.note = 'Removed in the meeting'; break;
      case 'review': upd.review = change.review; if (change.review === 'not-acted') next.status = 'no-update'; break;
      case 'edit':
        if (change.description?.trim()) next.description = change.description.trim().slice(0, 1000);
        if (change.dueDate) {
          if (change.dueDate < now.slice(0, 10)) throw new DomainError('invalid', 'The due date is in the past. Give a date like 1 Dec or 2026-12-01.');
          next.dueDate = change.dueDate;
        }
        if (change.ownerAgencyId) next.ownerAgencyId = change.ownerAgencyId;
        break;
    }
    next.updates.push(upd);
    const saved = await r.actions.put(next, a.version);
    await audit(r, clock, { actor: actorRef(actor), action: `action.${change.kind}`, subject: `action:${a.id}`, outcome: 'done', details: { status: saved.status, version: saved.version } });
    await r.events.append({ type: 'ActionChanged', meetingId: a.meetingId, caseId: a.caseId, actionId: a.id, status: saved.status, ownerAgencyId: saved.ownerAgencyId }, now);
    return saved;
  });
}

/** Outstanding actions from meetings at least seven days before this one: reviewed at the opening. */
export async function outstandingForOpening(r: Repos, meetingId: string): Promise<MaracAction[]> {
  const { meeting } = await loadMeeting(r, meetingId);
  const cutoff = addDays(meeting.date, -7);
  const earlier = (await r.meetings.list({ areaId: meeting.areaId, to: cutoff })).map((m) => m.id);
  const lists = await Promise.all(earlier.map((id) => r.actions.list({ meetingId: id })));
  return lists.flat().filter(isOutstanding);
}

export const actionsForCase = (r: Repos, caseId: string) => r.actions.list({ caseId });
