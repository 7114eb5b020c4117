import type { Clock } from '../../ports/clock.js';
import type { AgencyDirectory } from '../../ports/directory.js';
import type { Repos, Store } from '../../ports/repositories.js';
import type { AreaConfig } from '../../domain/area.js';
import type { Meeting } from '../../domain/meeting.js';
import type { Person } from '../../domain/person.js';
import { hasRole, isActive, isCoordinator } from '../../domain/person.js';
import { DomainError } from '../../domain/errors.js';
import type { AuditRecord } from '../../domain/audit.js';
import { areaTimeZone, localDate } from '../../domain/civil-time.js';

/** Someone acting in the meeting: always known by Entra object id, sometimes a known person. */
export interface Actor {
  aadObjectId: string;
  displayName: string;
  person?: Person;
}

export interface RoomDeps {
  store: Store;
  clock: Clock;
  /** Optional: resolves a newcomer's agency from the organisation's directory (Graph). */
  agencyDirectory?: AgencyDirectory;
}

export const iso = (clock: Clock) => new Date(clock.now()).toISOString();
/** "Today" is the local date in the area's zone (Europe/London unless the area says otherwise). */
export const todayOf = (clock: Clock, area?: object) => localDate(clock.now(), areaTimeZone(area));

/** A deactivated person is treated as someone unknown: they keep their history, not their roles. */
export async function resolveActor(r: Repos, aadObjectId: string, displayName: string): Promise<Actor> {
  const person = await r.people.byAadObjectId(aadObjectId);
  return { aadObjectId, displayName, person: isActive(person) ? person : undefined };
}

export async function loadMeeting(
  r: Repos,
  meetingId: string,
): Promise<{ meeting: Meeting; area: AreaConfig }> {
  const { meeting, area } = (await r.meetings.withArea({ id: meetingId })) ?? {};
  if (!meeting) throw new DomainError('not-found', 'That meeting does not exist.');
  if (!area) throw new DomainError('not-found', "The meeting's MARAC area is not configured.");
  return { meeting, area };
}

/** Chair, a delegate the chair named, or a coordinator may run the meeting: the one rule, for every surface. */
export const chairsMeeting = (m: Pick<Meeting, 'chairId' | 'delegateIds'>, p: Person) =>
  p.id === m.chairId || m.delegateIds.includes(p.id) || isCoordinator(p);
export const mayChair = (m: Meeting, a: Actor) => !!a.person && chairsMeeting(m, a.person);

/** Refuse (audited, explained) anyone who may not run this meeting. */
export async function requireChair(
  deps: { store: Store; clock: Clock },
  m: Meeting,
  a: Actor,
  action: string,
) {
  if (!mayChair(m, a))
    await refuse(
      deps.store,
      deps.clock,
      a,
      action,
      `meeting:${m.id}`,
      'forbidden',
      'Only the chair can do that.',
    );
}

export const mayLink = (a: Actor) => hasRole(a.person, 'chair', 'deputy-chair', 'coordinator', 'admin');

/** A signed-in tab user acting through the same use cases as the chat and the cards. */
export const personActor = (p: Person): Actor => ({
  aadObjectId: p.aadObjectId,
  displayName: p.displayName,
  person: p,
});

export const actorRef = (a: Actor) => a.person?.id ?? `aad:${a.aadObjectId}`;

/** Audit a refusal in its own transaction (the refused change itself wrote nothing), then throw. */
export async function refuse(
  store: Store,
  clock: Clock,
  actor: Actor,
  action: string,
  subject: string,
  code: 'forbidden' | 'invalid' | 'gate-closed' | 'stale',
  message: string,
  details: Record<string, unknown> = {},
): Promise<never> {
  await audit(store.repos, clock, {
    actor: actorRef(actor),
    action,
    subject,
    outcome: 'refused',
    reason: message,
    details,
  });
  throw new DomainError(code, message, details);
}

export const audit = (r: Repos, clock: Clock, rec: Omit<AuditRecord, 'at'>) =>
  r.audit.append({ at: iso(clock), ...rec });
