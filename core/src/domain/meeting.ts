import type { AgencyId, MeetingKind } from './area.js';

export type MeetingStatus = 'planned' | 'live' | 'ended';

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
  version: number;
}

export const isClosedSession = (m: Pick<Meeting, 'kind'>) => m.kind === 'closed';

/** Meeting start as epoch ms, treating date and time as UTC-free local wall time of the area (UK). */
export const meetingStartsAt = (m: Pick<Meeting, 'date' | 'startTime'>): number =>
  Date.parse(`${m.date}T${m.startTime}:00Z`);

export const addDays = (isoDate: string, days: number): string => {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

export const daysBetween = (fromIsoDate: string, toIsoDate: string): number =>
  Math.round((Date.parse(`${toIsoDate}T00:00:00Z`) - Date.parse(`${fromIsoDate}T00:00:00Z`)) / 86_400_000);
