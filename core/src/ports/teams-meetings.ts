import type { MeetingKind } from '../domain/area.js';
import type { TeamsLink } from '../domain/meeting.js';

/** A Graph step that failed, as the coordinator is told it (and the audit trail keeps it). */
export interface GraphProblem {
  /** graph-permission, graph-throttled, graph-unavailable, graph-not-found, graph-auth, ... */
  code: string;
  message: string;
  /** The Graph operation that failed, e.g. chats.installApp. */
  operation?: string;
  /** For graph-permission: the (least privileged) permission to grant. */
  permission?: string;
  /** Any of these would also do. */
  anyOf?: string[];
  /** What else Graph needs (e.g. a Teams application access policy). */
  note?: string;
}

/** A call the Teams side refused: the problem to show, and whether the thing was already gone. */
export class TeamsMeetingsRefusal extends Error {
  constructor(
    readonly problem: GraphProblem,
    readonly gone = false,
  ) {
    super(problem.message);
    this.name = 'TeamsMeetingsRefusal';
  }
}

export interface Invitee {
  email: string;
  name?: string;
}

export interface MeetingEventRef {
  organiser: string;
  eventId: string;
}

/** Where a scheduled meeting lives in Teams, and the steps after the event that failed. */
export interface ScheduledMeeting extends Pick<TeamsLink, 'joinUrl' | 'chatId' | 'onlineMeetingId'> {
  eventId: string;
  organiser: string;
  appInstalled: boolean;
  problems: GraphProblem[];
}

/**
 * Teams meetings on the organiser's calendar (in production Microsoft Graph). Every method rejects
 * with a `TeamsMeetingsRefusal` when Graph refuses; `transactionId` makes a retried create the same event.
 */
export interface TeamsMeetings {
  schedule(input: {
    transactionId: string;
    kind: MeetingKind;
    date: string;
    startTime: string;
    durationMinutes: number;
    organiser: string;
    attendees: Invitee[];
  }): Promise<ScheduledMeeting>;
  reschedule(
    ref: MeetingEventRef,
    // With the kind, the subject is rewritten too: it carries the date and time.
    when: { date: string; startTime: string; durationMinutes: number; kind?: MeetingKind },
  ): Promise<void>;
  cancel(ref: MeetingEventRef): Promise<void>;
}
