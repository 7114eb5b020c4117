import { DomainError } from '../../domain/errors.js';
import { hasRole, inArea, isCoordinator } from '../../domain/person.js';
import type { Meeting } from '../../domain/meeting.js';
import type { Repos } from '../../ports/repositories.js';
import { nowIso, type Actor, type CoordinatorDeps } from './context.js';

/**
 * Who may do and see what. Coordinators (and admins) manage meetings, referrals and agendas;
 * chairs read everything they run; agency representatives see only what their agency needs.
 */
export const canManage = (a: Actor) => isCoordinator(a);

/** Victim, perpetrator and child details: coordinators, admins and chairs only. */
export const canSeePersonal = (a: Actor) => hasRole(a, 'coordinator', 'admin', 'chair', 'deputy-chair');

/** Every agency's actions: coordinators, admins and chairs; others see their own agency's. */
export const canSeeAllActions = (a: Actor) => hasRole(a, 'coordinator', 'admin', 'chair', 'deputy-chair');

/**
 * A meeting is visible only within the person's areas; a closed session only to its invitees,
 * the chair and the coordinators.
 */
export function canSeeMeeting(
  a: Actor,
  m: Pick<Meeting, 'areaId' | 'kind' | 'chairId' | 'delegateIds' | 'invitedAgencyIds' | 'invitedPersonIds'>,
) {
  if (!inArea(a, m.areaId)) return false;
  if (isCoordinator(a) || m.kind !== 'closed') return true;
  if (m.chairId === a.id || m.delegateIds.includes(a.id) || m.invitedPersonIds.includes(a.id)) return true;
  return !!a.agencyId && m.invitedAgencyIds.includes(a.agencyId);
}

/** Links the Teams meeting to a MARAC meeting: the coordinators and that meeting's chair. */
export const canLinkMeeting = (a: Actor, m: Pick<Meeting, 'chairId' | 'delegateIds'>) =>
  isCoordinator(a) || m.chairId === a.id || m.delegateIds.includes(a.id);

/**
 * Refuse, explain and record it. The audit entry is written in its own transaction so that the
 * refusal is kept even though the caller's work is not done.
 */
export async function refuse(
  deps: Pick<CoordinatorDeps, 'store' | 'clock'>,
  actor: Pick<Actor, 'id'> | string,
  action: string,
  subject: string,
  reason: string,
): Promise<never> {
  const actorId = typeof actor === 'string' ? actor : actor.id;
  await deps.store.tx((r) =>
    r.audit.append({ at: nowIso(deps.clock), actor: actorId, action, subject, reason, outcome: 'refused' }),
  );
  throw new DomainError('forbidden', reason, { action, subject });
}

/**
 * A coordinator of the subject's area. The subject (`area:…`, `meeting:…`, `case:…`, `action:…`)
 * names what is touched; one outside the coordinator's areas is answered as not found, so an
 * area's records are not even confirmed to exist elsewhere, and the attempt is audited.
 */
export async function requireManager(deps: CoordinatorDeps, actor: Actor, action: string, subject: string) {
  if (!canManage(actor)) await refuse(deps, actor, action, subject, 'Only a MARAC coordinator can do this.');
  await requireSubjectInArea(deps, actor, action, subject);
}

const SUBJECT_NAMES: Record<string, string> = {
  area: 'The MARAC area',
  meeting: 'The meeting',
  case: 'The case',
  action: 'The action',
};

/** The area a subject belongs to, or undefined when it names none (or nothing that exists). */
async function areaOfSubject(r: Repos, kind: string, id: string): Promise<string | undefined> {
  if (kind === 'area') return id;
  if (kind === 'meeting') return (await r.meetings.get(id))?.areaId;
  if (kind === 'case') return (await r.cases.get(id))?.areaId;
  if (kind === 'action') {
    const a = await r.actions.get(id);
    return a ? (await r.meetings.get(a.meetingId))?.areaId : undefined;
  }
  return undefined;
}

/** Refuses (as not found, audited) a subject outside the person's areas; people of every area pass at once. */
export async function requireSubjectInArea(
  deps: Pick<CoordinatorDeps, 'store' | 'clock'>,
  actor: Actor,
  action: string,
  subject: string,
) {
  if (!actor.areaIds) return;
  const [kind, ...rest] = subject.split(':');
  const what = SUBJECT_NAMES[kind];
  if (!what || !rest.length) return;
  const areaId = await areaOfSubject(deps.store.repos, kind, rest.join(':'));
  if (areaId === undefined || inArea(actor, areaId)) return;
  await deps.store.tx((r) =>
    r.audit.append({
      at: nowIso(deps.clock),
      actor: actor.id,
      action,
      subject,
      reason: 'Outside this person’s MARAC areas (answered as not found).',
      outcome: 'refused',
    }),
  );
  throw notFound(what);
}

export const notFound = (what: string) => new DomainError('not-found', `${what} was not found.`);
