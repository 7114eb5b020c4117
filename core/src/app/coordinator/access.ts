import { DomainError } from '../../domain/errors.js';
import { hasRole, isCoordinator } from '../../domain/person.js';
import type { Meeting } from '../../domain/meeting.js';
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

/** Closed sessions are visible only to their invitees, the chair and the coordinators. */
export function canSeeMeeting(
  a: Actor,
  m: Pick<Meeting, 'kind' | 'chairId' | 'delegateIds' | 'invitedAgencyIds' | 'invitedPersonIds'>,
) {
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

export async function requireManager(deps: CoordinatorDeps, actor: Actor, action: string, subject: string) {
  if (!canManage(actor)) await refuse(deps, actor, action, subject, 'Only a MARAC coordinator can do this.');
}

export const notFound = (what: string) => new DomainError('not-found', `${what} was not found.`);
