import type { Repos } from '../../ports/repositories.js';
import type { AreaConfig } from '../../domain/area.js';
import type { Meeting } from '../../domain/meeting.js';
import {
  type ActionFor,
  type ActionUpdate,
  type MaracAction,
  defaultDueDate,
  isOutstanding,
  parseDueDate,
  smartCheck,
} from '../../domain/actions.js';
import { addDays } from '../../domain/meeting.js';
import { hasRole, isCoordinator } from '../../domain/person.js';
import { DomainError, isDomainError } from '../../domain/errors.js';
import {
  type Actor,
  type RoomDeps,
  actorRef,
  audit,
  iso,
  loadMeeting,
  mayChair,
  refuse,
  todayOf,
} from './context.js';
import { liveState } from './declaration.js';

export interface NewAction {
  caseId: string;
  ownerAgencyId: string;
  description: string;
  forWhom: ActionFor;
  /** As picked or typed: "2026-12-01", "1 Dec", "01/12/2026". Absent: the area's default applies. */
  dueDate?: string;
  /** The chair accepts an action the SMART check flagged (ignored from anyone else). */
  acceptSmart?: boolean;
}

export type AddActionResult = { added: MaracAction } | { smartWarnings: string[] };

export const FOR_WHOM: ActionFor[] = ['victim', 'perpetrator', 'child', 'household', 'staff'];
export const DATE_FORMAT = 'Give a date like 1 Dec, 1 December 2026 or 2026-12-01.';
const STALE = 'This action has changed since this card was sent; here is its current state.';

const id = () => `a-${crypto.randomUUID()}`;

/** A removed action keeps its record (the audit trail needs it) but leaves the plan. */
export const isRemoved = (a: Pick<MaracAction, 'status'>) => a.status === 'removed';

/** Coordinators and chairs see every agency's actions; anyone else only their own agency's. */
export const mayViewAction = (actor: Actor, a: Pick<MaracAction, 'ownerAgencyId'>) =>
  hasRole(actor.person, 'coordinator', 'admin', 'chair') ||
  (!!actor.person && actor.person.agencyId === a.ownerAgencyId);

/** A due date as typed or picked, or the reason it cannot be used (unreadable, or already past). */
function readDueDate(text: string, today: string): { date: string } | { error: string } {
  const date = parseDueDate(text, today);
  if (!date) return { error: `I could not read the due date "${text.slice(0, 30)}". ${DATE_FORMAT}` };
  if (date < today) return { error: `The due date ${date} is in the past. ${DATE_FORMAT}` };
  return { date };
}

/** Actions change in the meeting only while their case is being heard (or not yet reached). */
async function closedReason(r: Repos, meetingId: string, caseId: string): Promise<string | undefined> {
  const s = await liveState(r, meetingId);
  if (s.stage === 'ended')
    return 'The meeting has ended; its actions can no longer be added, edited or removed here.';
  const run = s.cases.find((x) => x.caseId === caseId);
  if (run && run.status !== 'current' && run.status !== 'pending')
    return 'That case has closed; its actions can no longer be added, edited or removed.';
  return undefined;
}

async function unknownAgency(r: Repos, area: AreaConfig) {
  const names = (await r.agencies.list(area.id)).map((a) => a.name);
  return { message: `Unknown agency. Choose one of: ${names.join(', ')}.`, details: { choices: names } };
}

/** Capture an action in the meeting: the chair, a coordinator, or the owning agency's own representative. */
export async function addAction(
  deps: RoomDeps,
  meetingId: string,
  actor: Actor,
  input: NewAction,
): Promise<AddActionResult> {
  const { store, clock } = deps;
  const { meeting, area } = await loadMeeting(store.repos, meetingId);
  const no = (code: 'forbidden' | 'invalid', message: string, details?: Record<string, unknown>) =>
    refuse(store, clock, actor, 'action.add', `meeting:${meetingId}`, code, message, details);
  if (!area.battingOrder.includes(input.ownerAgencyId)) {
    const u = await unknownAgency(store.repos, area);
    return no('invalid', u.message, u.details);
  }
  const chairing = mayChair(meeting, actor);
  if (!chairing && actor.person?.agencyId !== input.ownerAgencyId)
    return no(
      'forbidden',
      "Only the chair, a coordinator or that agency's own representative can add its actions.",
    );
  let dueDate = defaultDueDate(meeting.date, area.actionDefaultDays);
  if (input.dueDate?.trim()) {
    const due = readDueDate(input.dueDate.trim(), todayOf(clock, area));
    if ('error' in due) return no('invalid', due.error);
    dueDate = due.date;
  }
  const description = input.description.trim().slice(0, 1000);
  if (!description) return no('invalid', 'Say what will be done.');
  if (!FOR_WHOM.includes(input.forWhom))
    return no('invalid', `Say who the action is for: ${FOR_WHOM.join(', ')}.`);
  // No date given: flagged, and if the chair accepts it the area's default (meeting + 7 days) applies.
  const smartWarnings = smartCheck({ description, dueDate: input.dueDate?.trim() ? dueDate : '' });
  if (smartWarnings.length && !(input.acceptSmart && chairing)) return { smartWarnings };
  const out = await store.tx(async (r) => {
    const c = await r.cases.get(input.caseId);
    if (!c || c.meetingId !== meetingId)
      throw new DomainError('not-found', "That case is not on this meeting's agenda.");
    const closed = await closedReason(r, meetingId, c.id);
    if (closed) return { closed };
    const now = iso(clock);
    const a: MaracAction = {
      id: id(),
      caseId: c.id,
      caseReference: c.reference,
      meetingId,
      ownerAgencyId: input.ownerAgencyId,
      description,
      forWhom: input.forWhom,
      dueDate,
      status: 'open',
      createdAt: now,
      createdById: actorRef(actor),
      smartAccepted: smartWarnings.length > 0,
      updates: [{ at: now, byPersonId: actorRef(actor), kind: 'created' }],
      version: 0,
    };
    const saved = await r.actions.put(a);
    await audit(r, clock, {
      actor: actorRef(actor),
      action: 'action.add',
      subject: `action:${saved.id}`,
      outcome: 'done',
      details: {
        caseId: c.id,
        owner: a.ownerAgencyId,
        dueDate,
        smartAccepted: a.smartAccepted,
        smartWarnings,
      },
    });
    await r.events.append(
      { type: 'ActionAdded', meetingId, caseId: c.id, actionId: saved.id, ownerAgencyId: a.ownerAgencyId },
      now,
    );
    return { added: saved };
  });
  if ('closed' in out) return no('invalid', out.closed!);
  return { added: out.added };
}

export type ActionChange =
  | { kind: 'update'; note: string }
  | { kind: 'complete'; note: string }
  /** Why it could not be done, and what was done instead: both are needed. */
  | { kind: 'cannot-complete'; note: string; instead: string }
  | { kind: 'edit'; description?: string; dueDate?: string; ownerAgencyId?: string; forWhom?: ActionFor }
  | { kind: 'remove'; note?: string }
  | {
      kind: 'review';
      review: 'updated' | 'change-in-circumstance' | 'not-acted';
      note?: string;
      atMeeting?: string;
    }
  | { kind: 'no-update' };

const IN_MEETING = new Set<ActionChange['kind']>(['edit', 'remove', 'review']);

/**
 * Who may make this change, or why not. The owning agency's members and coordinators may change
 * an action; the chair may edit, remove or review it in the meeting; only the chair or a
 * coordinator hands it to another agency.
 */
export function whyNotChange(
  meeting: Meeting,
  actor: Actor,
  a: MaracAction,
  change: ActionChange,
  agencyName = a.ownerAgencyId,
): string | undefined {
  const coordinator = isCoordinator(actor.person);
  const owner = !!actor.person && actor.person.agencyId === a.ownerAgencyId;
  const chairing = mayChair(meeting, actor);
  if (change.kind === 'no-update')
    return coordinator ? undefined : 'Only a coordinator can mark an action as having no update.';
  if (change.kind === 'edit' && change.ownerAgencyId && change.ownerAgencyId !== a.ownerAgencyId && !chairing)
    return 'Only the chair or a coordinator can hand an action to another agency.';
  if (coordinator || owner || (IN_MEETING.has(change.kind) && chairing)) return undefined;
  return `Only ${agencyName} or a coordinator can change this action.`;
}

/** Why this change cannot apply to the action as it stands, if it cannot. */
function whyInvalid(a: MaracAction, c: ActionChange): string | undefined {
  if (isRemoved(a)) return 'This action was removed in the meeting.';
  const closed = !isOutstanding(a);
  if (closed && c.kind !== 'review')
    return `This action is already ${a.status === 'complete' ? 'complete' : 'closed as not possible'}; nothing was changed.`;
  if (c.kind === 'complete' && !c.note.trim()) return 'Add an outcome note: what was done.';
  if (c.kind === 'update' && !c.note.trim()) return 'Write the update.';
  if (c.kind === 'cannot-complete' && (!c.note.trim() || !c.instead.trim()))
    return 'Say why it could not be done, and what was done instead.';
  if (c.kind === 'edit' && c.description !== undefined && !c.description.trim())
    return 'Say what will be done.';
  if (c.kind === 'edit' && c.forWhom !== undefined && !FOR_WHOM.includes(c.forWhom))
    return `Say who the action is for: ${FOR_WHOM.join(', ')}.`;
  return undefined;
}

/**
 * Change an action. Every change is audited and announced (ActionChanged), every refusal is
 * explained and audited, and a change made against an older version is refused as stale rather
 * than overwriting what someone else recorded.
 */
export async function changeAction(
  deps: RoomDeps,
  actionId: string,
  actor: Actor,
  change: ActionChange,
  expectedVersion?: number,
): Promise<MaracAction> {
  const { store, clock } = deps;
  const a = await store.repos.actions.get(actionId);
  if (!a) throw new DomainError('not-found', 'That action does not exist.');
  const { meeting, area } = await loadMeeting(store.repos, a.meetingId);
  const no = (code: 'forbidden' | 'invalid' | 'stale', message: string, details?: Record<string, unknown>) =>
    refuse(store, clock, actor, `action.${change.kind}`, `action:${a.id}`, code, message, details);
  const agencies = await store.repos.agencies.list(area.id);
  const forbidden = whyNotChange(
    meeting,
    actor,
    a,
    change,
    agencies.find((x) => x.id === a.ownerAgencyId)?.name,
  );
  if (forbidden) return no('forbidden', forbidden);
  if (expectedVersion !== undefined && expectedVersion !== a.version)
    return no('stale', STALE, { expectedVersion, version: a.version });
  const invalid = whyInvalid(a, change);
  if (invalid) return no('invalid', invalid);
  const next: MaracAction = structuredClone(a);
  const changed: Record<string, unknown> = {};
  if (change.kind === 'edit') {
    if (change.ownerAgencyId && !area.battingOrder.includes(change.ownerAgencyId)) {
      const u = await unknownAgency(store.repos, area);
      return no('invalid', u.message, u.details);
    }
    if (change.dueDate?.trim()) {
      const due = readDueDate(change.dueDate.trim(), todayOf(clock, area));
      if ('error' in due) return no('invalid', due.error);
      next.dueDate = due.date;
    }
    if (change.description?.trim()) next.description = change.description.trim().slice(0, 1000);
    if (change.ownerAgencyId) next.ownerAgencyId = change.ownerAgencyId;
    if (change.forWhom) next.forWhom = change.forWhom;
    for (const k of ['description', 'dueDate', 'ownerAgencyId', 'forWhom'] as const)
      if (next[k] !== a[k]) changed[k] = { from: a[k], to: next[k] };
    if (!Object.keys(changed).length) return no('invalid', 'Nothing to save: the action is unchanged.');
  }
  applyChange(next, change, area, actorRef(actor), iso(clock));
  try {
    const out = await store.tx(async (r) => {
      if (IN_MEETING.has(change.kind) && change.kind !== 'review') {
        const closed = await closedReason(r, a.meetingId, a.caseId);
        if (closed) return { closed };
      }
      const saved = await r.actions.put(next, a.version);
      await audit(r, clock, {
        actor: actorRef(actor),
        action: `action.${change.kind}`,
        subject: `action:${a.id}`,
        outcome: 'done',
        details: { caseReference: a.caseReference, status: saved.status, version: saved.version, ...changed },
      });
      await r.events.append(
        {
          type: 'ActionChanged',
          meetingId: a.meetingId,
          caseId: a.caseId,
          actionId: a.id,
          status: saved.status,
          ownerAgencyId: saved.ownerAgencyId,
        },
        iso(clock),
      );
      return { saved };
    });
    if ('closed' in out) return no('invalid', out.closed!);
    return out.saved;
  } catch (e) {
    // Someone else saved between our read and our write: the same answer as an old card.
    if (isDomainError(e) && e.code === 'stale') return no('stale', STALE);
    throw e;
  }
}

/** The new status and the history line a change adds. */
function applyChange(next: MaracAction, change: ActionChange, area: AreaConfig, by: string, at: string) {
  const upd: ActionUpdate = { at, byPersonId: by, kind: 'update' };
  switch (change.kind) {
    case 'update':
      upd.note = change.note.trim().slice(0, 2000);
      break;
    case 'complete':
      next.status = 'complete';
      upd.kind = 'complete';
      upd.note = change.note.trim().slice(0, 2000);
      break;
    case 'cannot-complete':
      next.status = 'cannot-complete';
      upd.kind = 'cannot-complete';
      upd.note = `${change.note.trim().slice(0, 1000)} What was done instead: ${change.instead.trim().slice(0, 1000)}`;
      break;
    case 'no-update':
      next.status = 'no-update';
      upd.kind = 'no-update';
      upd.note = area.overdueLabel;
      break;
    case 'remove':
      // Kept, not deleted: the record shows what was agreed and withdrawn; nobody chases it.
      next.status = 'removed';
      upd.kind = 'removed';
      upd.note = `Removed in the meeting${change.note?.trim() ? `: ${change.note.trim().slice(0, 500)}` : ''}`;
      break;
    case 'review':
      upd.kind = 'reviewed';
      upd.review = change.review;
      upd.atMeeting = change.atMeeting;
      upd.note = change.note?.trim().slice(0, 2000) || undefined;
      if (change.review === 'not-acted') next.status = 'no-update';
      break;
    case 'edit':
      upd.kind = 'edited';
      break;
  }
  next.updates.push(upd);
}

/**
 * The chair records an agency's verbal update on an outstanding action during the opening review:
 * the words go to the action's history and the minutes, never to the meeting chat.
 */
export async function recordVerbalUpdate(
  deps: RoomDeps,
  meetingId: string,
  actor: Actor,
  actionId: string,
  note: string,
): Promise<MaracAction> {
  const { store, clock } = deps;
  const { meeting } = await loadMeeting(store.repos, meetingId);
  const no = (code: 'forbidden' | 'invalid', message: string) =>
    refuse(store, clock, actor, 'action.verbal-update', `action:${actionId}`, code, message);
  if (!mayChair(meeting, actor))
    return no('forbidden', 'Only the chair records verbal updates in the meeting.');
  if ((await liveState(store.repos, meetingId)).stage !== 'opening')
    return no('invalid', 'Verbal updates are recorded during the opening review of outstanding actions.');
  if (!(await outstandingForOpening(store.repos, meetingId)).some((a) => a.id === actionId))
    return no('invalid', 'That action is not among the outstanding actions reviewed at this meeting.');
  if (!note.trim()) return no('invalid', 'Write the update as the agency gave it.');
  return changeAction(deps, actionId, actor, {
    kind: 'review',
    review: 'updated',
    note,
    atMeeting: meetingId,
  });
}

/** Outstanding actions from meetings at least seven days before this one: reviewed at the opening. */
export async function outstandingForOpening(r: Repos, meetingId: string): Promise<MaracAction[]> {
  const { meeting } = await loadMeeting(r, meetingId);
  const cutoff = addDays(meeting.date, -7);
  // Closed-session actions are reviewed only in a closed session, and never in the main meeting.
  const closed = meeting.kind === 'closed';
  const earlier = (await r.meetings.list({ areaId: meeting.areaId, to: cutoff }))
    .filter((m) => (m.kind === 'closed') === closed)
    .map((m) => m.id);
  return (await r.actions.list({ meetingIds: earlier })).filter(isOutstanding);
}

export const actionsForCase = (r: Repos, caseId: string) => r.actions.list({ caseId });
