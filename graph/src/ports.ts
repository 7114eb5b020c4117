/**
 * What the rest of the app may ask of Microsoft Graph. Small, Graph-free shapes so bot, tab and the
 * composition root depend on these, not on the SDK (they may move into core's ports later).
 *
 * Failure contract: every method rejects only with a `GraphApiError` (see errors.ts); a missing
 * permission is a `GraphPermissionError` whose `permission` names what to grant, so the coordinator
 * can be told. Nothing here carries case details: subjects, previews and links are generic.
 */
import type { AgencyId, AreaConfig, MeetingKind, TeamsLink } from '@marac/core';
import type { GraphApiError } from './errors.js';

// ----- Meetings ---------------------------------------------------------------------------------

export interface MeetingInvitee {
  email: string;
  name?: string;
}

export interface ScheduleTeamsMeetingInput {
  /** The MARAC meeting id: also Graph's transactionId, so a retried create makes no duplicate. */
  meetingId: string;
  kind: MeetingKind;
  /** Local (UK) date, YYYY-MM-DD, and start time, HH:MM, as on Meeting. */
  date: string;
  startTime: string;
  durationMinutes: number;
  /** Entra object id or UPN of the coordinator whose calendar holds the meeting. */
  organiser: string;
  /** Agency representatives (and chair, IDVA, observers) invited. */
  attendees: MeetingInvitee[];
}

/** Where a scheduled meeting lives in Teams: the Graph parts of a TeamsLink. */
export interface ScheduledTeamsMeeting extends Pick<TeamsLink, 'joinUrl' | 'chatId' | 'onlineMeetingId'> {
  /** The calendar event: always there once this resolves (reschedule and cancel use it). */
  eventId: string;
  organiser: string;
  subject: string;
  /** The app was installed into the meeting chat (so the bot can post there). */
  appInstalled: boolean;
  /**
   * Steps that failed after the calendar event was created (chat lookup, app installation). The
   * meeting exists; the coordinator must be told (e.g. a missing permission) and can retry.
   */
  problems: GraphApiError[];
}

export interface MeetingRef {
  organiser: string;
  eventId: string;
}

export interface MeetingScheduler {
  scheduleTeamsMeeting(input: ScheduleTeamsMeetingInput): Promise<ScheduledTeamsMeeting>;
  /** Install the app into the meeting chat again (after a permission was granted). */
  installAppInChat(chatId: string): Promise<void>;
  reschedule(
    ref: MeetingRef,
    /** With the kind, the subject is rewritten too: it carries the date and time. */
    when: { date: string; startTime: string; durationMinutes: number; kind?: MeetingKind },
  ): Promise<void>;
  cancel(ref: MeetingRef, comment?: string): Promise<void>;
}

// ----- Directory --------------------------------------------------------------------------------

export interface DirectoryProfile {
  id: string;
  displayName?: string;
  mail?: string;
  companyName?: string;
  department?: string;
  userPrincipalName?: string;
  userType?: string;
}

export type AgencyMatchField = 'companyName' | 'department' | 'emailDomain';

export type AgencyResolution =
  | { agencyId: AgencyId; matchedOn: AgencyMatchField; matched: string; profile: DirectoryProfile }
  | {
      agencyId: undefined;
      /**
       * guest: external or guest user; not-found: no directory profile (404); no-match: member whose
       * profile matches no agencyDirectoryMap entry; ambiguous: it matches entries of several agencies.
       * In every case the person picks their agency once on the declaration card.
       */
      reason: 'guest' | 'not-found' | 'no-match' | 'ambiguous';
      profile?: DirectoryProfile;
    };

export interface Directory {
  /** Directory profile by Entra object id or UPN; undefined when there is none (404). */
  profile(userIdOrUpn: string): Promise<DirectoryProfile | undefined>;
  resolveAgency(userIdOrUpn: string, area: Pick<AreaConfig, 'agencyDirectoryMap'>): Promise<AgencyResolution>;
  /** People whose name or email starts with `query` (at most 10), for adding them to MARAC. */
  search(query: string): Promise<DirectoryProfile[]>;
  /** The signed-in tab user's agency, read with their own delegated token (on-behalf-of, User.Read). */
  resolveSignedInAgency(
    ssoToken: string,
    area: Pick<AreaConfig, 'agencyDirectoryMap'>,
  ): Promise<AgencyResolution>;
}

// ----- Attendance -------------------------------------------------------------------------------

/** One stretch of presence in the meeting. ISO-8601 instants. */
export interface AttendanceInterval {
  joinedAt: string;
  leftAt?: string;
  seconds?: number;
}

/** One participant in one attendance report: neutral shape, no Graph types. */
export interface AttendanceRecord {
  /** Entra object id, when Teams knows it (absent for anonymous or phone participants). */
  aadObjectId?: string;
  displayName: string;
  email?: string;
  tenantId?: string;
  role?: string;
  totalSeconds?: number;
  intervals: AttendanceInterval[];
}

export interface AttendanceReport {
  id: string;
  meetingStart?: string;
  meetingEnd?: string;
  totalParticipantCount?: number;
  records: AttendanceRecord[];
}

export interface OnlineMeetingRef {
  organiser: string;
  onlineMeetingId: string;
}

export interface AttendanceSource {
  /** Every attendance report of the meeting (one per session), oldest first; [] if none yet. */
  attendanceReports(ref: OnlineMeetingRef): Promise<AttendanceReport[]>;
}

// ----- Activity feed ----------------------------------------------------------------------------

export interface ActionReminderNotification {
  /** Entra object id of the recipient (who must have the app installed). */
  recipient: string;
  /** How many actions need an update: fills the manifest's templateText. */
  actionCount: number;
  /** Short generic preview (≤ 150 chars, no case details), e.g. "Please update your agency's MARAC actions". */
  preview: string;
  /** Passed to the tab as subEntityId, e.g. an agency or action id (opaque, not personal data). */
  subEntityId?: string;
}

/** A meeting's agenda published to an agency, or its minutes ready to read: both open the tab. */
export interface MeetingNotification {
  recipient: string;
  kind: 'agendaPublished' | 'minutesReady';
  /** The meeting's day as the UK writes it ("Tue 24 Nov 2026"): fills the manifest's templateText. */
  meetingDate: string;
  /** Short generic preview (≤ 150 chars, no case details). */
  preview: string;
  /** Passed to the tab as subEntityId: the page to open (opaque, not personal data). */
  subEntityId?: string;
}

export interface ActivityFeed {
  /** The manifest activity type used; the manifest must declare it. */
  readonly actionReminderActivityType: string;
  sendActionReminder(n: ActionReminderNotification): Promise<void>;
  /** The agenda published, the minutes ready: activity types `agendaPublished`, `minutesReady`. */
  sendMeetingNotice(n: MeetingNotification): Promise<void>;
}
