import type { AgendaPublication } from './research.js';
import { DEFAULT_TIME_ZONE, addDays, daysBetween, localInstant } from './civil-time.js';
import type { AgencyId, MeetingKind } from './area.js';

export type MeetingStatus = 'planned' | 'live' | 'ended' | 'cancelled';

/** Where the Teams side of a meeting lives, stored so the bot can post without being spoken to. */
export interface TeamsLink {
  conversationId: string;
  serviceUrl: string;
  tenantId?: string;
  chatId?: string;
  joinUrl?: string;
  /** Graph event / online meeting ids when the app created the meeting. */
  eventId?: string;
  onlineMeetingId?: string;
  /** Entra object id of the calendar owner (the coordinator who created it), for Graph calls. */
  organiser?: string;
  /** Graph's transactionId for creating the event: a retried create makes no second meeting. */
  transactionId?: string;
  /** The Teams meeting id from the chat's activities (channelData.meeting.id), for targeted notifications. */
  teamsMeetingId?: string;
  /** The Bot Framework conversation reference, opaque to the domain. */
  reference: Record<string, unknown>;
}

export interface Meeting {
  id: string;
  areaId: string;
  kind: MeetingKind;
  /** Local date, YYYY-MM-DD. */
  date: string;
  /** Local start time, HH:MM. */
  startTime: string;
  chairId?: string;
  /** People the chair named to run the meeting in their place. */
  delegateIds: string[];
  status: MeetingStatus;
  /** Short code the chair types (`link CODE`) to link a Teams chat to this meeting. */
  linkCode: string;
  /** A closed session belongs to a main meeting and only its invited agencies see it. */
  parentMeetingId?: string;
  invitedAgencyIds: AgencyId[];
  /** Explicitly invited people (closed sessions). */
  invitedPersonIds: string[];
  teams?: TeamsLink;
  /** The agenda as last published to the agencies (research deadline, what each case was). */
  publication?: AgendaPublication;
  version: number;
}

export const isClosedSession = (m: Pick<Meeting, 'kind'>) => m.kind === 'closed';

/** Meeting start as an instant: its date and time are local wall time in the area's zone. */
export const meetingStartsAt = (
  m: Pick<Meeting, 'date' | 'startTime'>,
  timeZone = DEFAULT_TIME_ZONE,
): number => localInstant(m.date, m.startTime, timeZone);

export { addDays, daysBetween };
