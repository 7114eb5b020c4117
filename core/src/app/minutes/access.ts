import { DomainError } from '../../domain/errors.js';
import type { Meeting } from '../../domain/meeting.js';
import { isCoordinator, type Person } from '../../domain/person.js';
import type { Clock } from '../../ports/clock.js';
import type { Store } from '../../ports/repositories.js';
import { canSeeMeeting } from '../coordinator/access.js';

export interface ViewerDeps {
  store: Store;
  clock: Clock;
}

/** The one answer for an unknown meeting and for a closed session someone may not see. */
export const MEETING_NOT_FOUND = 'That meeting was not found.';

/**
 * The meeting, if this person may see it. A closed session they were not invited to is answered
 * exactly as an unknown id (not even its existence is confirmed); the attempt is still audited.
 */
export async function meetingForViewer(
  deps: ViewerDeps,
  actor: Person,
  meetingId: string,
  action: string,
): Promise<Meeting> {
  const m = await deps.store.repos.meetings.get(meetingId);
  if (m && canSeeMeeting(actor, m)) return m;
  if (m)
    await deps.store.tx((r) =>
      r.audit.append({
        at: new Date(deps.clock.now()).toISOString(),
        actor: actor.id,
        action,
        subject: `meeting:${m.id}`,
        outcome: 'refused',
        reason: 'Closed session not visible to this person (answered as not found).',
      }),
    );
  throw new DomainError('not-found', MEETING_NOT_FOUND);
}

/** Minutes are kept by the coordinators and by the meeting's chair (or the chair's delegates). */
export const mayKeepMinutes = (actor: Person, m: Pick<Meeting, 'chairId' | 'delegateIds'>) =>
  isCoordinator(actor) || m.chairId === actor.id || m.delegateIds.includes(actor.id);

/** Refuse, explain and record it (in its own transaction: the refused work writes nothing). */
export async function refuseViewer(
  deps: ViewerDeps,
  actor: Person,
  action: string,
  subject: string,
  reason: string,
): Promise<never> {
  await deps.store.tx((r) =>
    r.audit.append({
      at: new Date(deps.clock.now()).toISOString(),
      actor: actor.id,
      action,
      subject,
      outcome: 'refused',
      reason,
    }),
  );
  throw new DomainError('forbidden', reason, { action, subject });
}
