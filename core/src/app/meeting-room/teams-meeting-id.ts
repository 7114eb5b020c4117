import type { Meeting } from '../../domain/meeting.js';
import type { RoomDeps } from './context.js';

/**
 * Remember the Teams meeting id a linked chat's activities carry (channelData.meeting.id): targeted
 * in-meeting notifications are addressed to it, not to the chat. Written once, when first seen.
 */
export async function rememberTeamsMeetingId(deps: RoomDeps, meeting: Meeting, teamsMeetingId?: string) {
  if (!teamsMeetingId || !meeting.teams || meeting.teams.teamsMeetingId === teamsMeetingId) return meeting;
  return deps.store.tx(async (r) => {
    const fresh = await r.meetings.get(meeting.id);
    if (!fresh?.teams || fresh.teams.teamsMeetingId === teamsMeetingId) return fresh ?? meeting;
    return r.meetings.put({ ...fresh, teams: { ...fresh.teams, teamsMeetingId } }, fresh.version);
  });
}
