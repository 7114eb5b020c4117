import { isDomainError } from '../../domain/errors.js';
import type { Meeting, TeamsLink } from '../../domain/meeting.js';
import { type RoomDeps, audit, iso } from './context.js';

/**
 * A Teams meeting the coordinator created from the tab is linked by its chat id (the Graph chat id
 * `19:meeting_…@thread.v2` is the conversation id the bot sees), but where to post — the service
 * URL and conversation reference — is only known once Teams first sends the bot something from that
 * chat. Fill them in then, so the meeting is linked without anyone typing a code.
 *
 * Idempotent and cheap: nothing is written when the stored service URL is already this one. The
 * first adoption is audited and announced like a link by code; later service-URL moves are not.
 * Returns the meeting as stored (or as given, when there is nothing to do or another instance
 * adopted it at the same moment).
 */
export async function adoptChat(
  deps: RoomDeps,
  meeting: Meeting | undefined,
  seen: { serviceUrl: string; reference: Record<string, unknown> },
  tenantId?: string,
): Promise<Meeting | undefined> {
  const teams = meeting?.teams;
  if (!meeting || !teams?.conversationId || !seen.serviceUrl || teams.serviceUrl === seen.serviceUrl)
    return meeting;
  const first = !teams.serviceUrl;
  const next: TeamsLink = {
    ...teams,
    serviceUrl: seen.serviceUrl,
    reference: seen.reference,
    tenantId: teams.tenantId ?? tenantId,
  };
  const { store, clock } = deps;
  try {
    return await store.tx(async (r) => {
      const saved = await r.meetings.put({ ...meeting, teams: next }, meeting.version);
      if (first) {
        await audit(r, clock, {
          actor: 'system',
          action: 'meeting.link',
          subject: `meeting:${meeting.id}`,
          outcome: 'done',
          details: { conversationId: teams.conversationId, via: 'teams-meeting-chat' },
        });
        await r.events.append(
          { type: 'MeetingLinked', meetingId: meeting.id, conversationId: teams.conversationId },
          iso(clock),
        );
      }
      return saved;
    });
  } catch (e) {
    // Another activity (or instance) adopted it first: use what is stored now.
    if (isDomainError(e) && e.code === 'stale')
      return (await store.repos.meetings.get(meeting.id)) ?? meeting;
    throw e;
  }
}
