import { DomainError } from '../../domain/errors.js';
import type { Meeting, TeamsLink } from '../../domain/meeting.js';
import { type Actor, type RoomDeps, actorRef, audit, iso, refuse, mayLink } from './context.js';

/** Link a Teams chat to a MARAC meeting by the meeting's code, storing where to post later. */
export async function linkByCode(
  deps: RoomDeps,
  code: string,
  link: TeamsLink,
  actor: Actor,
): Promise<Meeting> {
  const { store, clock } = deps;
  const clean = code.trim().toUpperCase();
  if (!mayLink(actor))
    return refuse(
      store,
      clock,
      actor,
      'meeting.link',
      `conversation:${link.conversationId}`,
      'forbidden',
      'Only the chair or a coordinator can link this chat to a MARAC meeting.',
    );
  const meeting = await store.repos.meetings.byLinkCode(clean);
  if (!meeting)
    return refuse(
      store,
      clock,
      actor,
      'meeting.link',
      `conversation:${link.conversationId}`,
      'invalid',
      `No MARAC meeting has the code ${clean.slice(0, 12)}. The code is shown on the meeting in the tab.`,
    );
  return linkMeeting(deps, meeting.id, link, actor);
}

export async function linkMeeting(
  deps: RoomDeps,
  meetingId: string,
  link: TeamsLink,
  actor: Actor,
): Promise<Meeting> {
  const { store, clock } = deps;
  return store.tx(async (r) => {
    const meeting = await r.meetings.get(meetingId);
    if (!meeting) throw new DomainError('not-found', 'That meeting does not exist.');
    const other = await r.meetings.byConversationId(link.conversationId);
    if (other && other.id !== meeting.id)
      throw new DomainError('conflict', 'This chat is already linked to another MARAC meeting.');
    const saved = await r.meetings.put({ ...meeting, teams: { ...meeting.teams, ...link } }, meeting.version);
    await audit(r, clock, {
      actor: actorRef(actor),
      action: 'meeting.link',
      subject: `meeting:${meeting.id}`,
      outcome: 'done',
      details: { conversationId: link.conversationId },
    });
    await r.events.append(
      { type: 'MeetingLinked', meetingId: meeting.id, conversationId: link.conversationId },
      iso(clock),
    );
    return saved;
  });
}

/** Refresh the stored conversation reference (service URLs change) without re-auditing the link. */
export async function refreshReference(
  deps: RoomDeps,
  meeting: Meeting,
  link: Pick<TeamsLink, 'serviceUrl' | 'reference'>,
) {
  if (!meeting.teams || meeting.teams.serviceUrl === link.serviceUrl) return;
  await deps.store.repos.meetings.put({ ...meeting, teams: { ...meeting.teams, ...link } }, meeting.version);
}
