import type { Meeting } from '../../domain/meeting.js';
import type { Repos } from '../../ports/repositories.js';
import { canSeeMeeting } from '../coordinator/access.js';
import type { Actor } from './context.js';

/**
 * Closed sessions are visible only to their invitees (and the chair and coordinators); someone
 * the bot does not know as a person is never one of them.
 */
export const maySeeMeeting = (actor: Actor, m: Meeting) =>
  m.kind !== 'closed' || (!!actor.person && canSeeMeeting(actor.person, m));

/**
 * Why a card verb on `meeting` may not touch what its data names, or undefined when it may: the
 * actor must see the meeting; a case must be on its agenda; an action must be this meeting's, or
 * (the opening review) an earlier one from a meeting of the same kind the actor may see, so a
 * closed session's actions are never reviewed in the main meeting. Card data is client input.
 */
export async function cardScopeRefusal(
  r: Repos,
  actor: Actor,
  meeting: Meeting,
  data: { caseId?: unknown; actionId?: unknown },
  opts: { earlierActions?: boolean } = {},
): Promise<string | undefined> {
  if (!maySeeMeeting(actor, meeting)) return 'not invited to this closed session';
  if (typeof data.caseId === 'string' && data.caseId) {
    const onAgenda = (await r.agenda.list(meeting.id)).some((i) => i.caseId === data.caseId);
    if (!onAgenda) return 'case is not on this meeting’s agenda';
  }
  if (typeof data.actionId === 'string' && data.actionId) {
    const a = await r.actions.get(data.actionId.slice(0, 100));
    if (!a) return undefined; // the handler answers "not found"
    if (a.meetingId === meeting.id) return undefined;
    if (!opts.earlierActions) return 'action is not this meeting’s';
    const from = await r.meetings.get(a.meetingId);
    if (!from || !maySeeMeeting(actor, from)) return 'action is from a meeting this person may not see';
    if ((from.kind === 'closed') !== (meeting.kind === 'closed'))
      return 'closed-session actions are reviewed only in a closed session';
  }
  return undefined;
}
