/**
 * The Teams meeting behind a MARAC meeting: a calendar event on the organiser's (coordinator's)
 * calendar with a Teams online meeting, the agency representatives invited, and the app installed
 * in the meeting chat so the bot can post the declaration there.
 *
 * The subject and body never carry case details: only the kind, date and time, and the marking.
 */
import { type MeetingKind, ukDate } from '@marac/core';
import { GraphApiError } from './errors.js';
import { seg, type GraphCaller } from './graph-client.js';
import type {
  MeetingRef,
  MeetingScheduler,
  ScheduledTeamsMeeting,
  ScheduleTeamsMeetingInput,
} from './ports.js';

export interface MeetingsConfig {
  /** Graph's id of the app in the org catalog (for `teamsApp@odata.bind`); install is skipped without it. */
  teamsAppCatalogId?: string;
  /** Windows or IANA time zone the local date/time are in (default 'GMT Standard Time': UK, with BST). */
  timeZone?: string;
  /** Waits between reads while Graph finishes provisioning the online meeting. */
  sleep?: (ms: number) => Promise<void>;
  /** Reads of the event while its joinUrl is not there yet (default 3). */
  joinUrlReads?: number;
}

const KIND_LABEL: Record<MeetingKind, string> = {
  marac: 'MARAC',
  'marac-plus': 'MARAC Plus',
  closed: 'MARAC closed session',
};

/** "MARAC – Tue 24 Nov 2026 09:30 (OFFICIAL-SENSITIVE)": nothing about any case. */
export const meetingSubject = (kind: MeetingKind, date: string, startTime: string) =>
  `${KIND_LABEL[kind]} – ${ukDate(date)} ${startTime} (OFFICIAL-SENSITIVE)`;

const MEETING_BODY =
  '<p>Multi-Agency Risk Assessment Conference.</p>' +
  '<p><b>OFFICIAL-SENSITIVE.</b> Information is shared under the Information Sharing Agreement, on a need-to-know basis. ' +
  'Every attendee confirms the confidentiality declaration in the meeting chat before any case is heard. ' +
  'The agenda is circulated separately through the MARAC app; do not forward this invitation.</p>';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Local wall-clock start and end, as Graph's dateTimeTimeZone wants them (no offset). */
export function wallClock(
  date: string,
  startTime: string,
  durationMinutes: number,
): { start: string; end: string } {
  if (!DATE.test(date) || !TIME.test(startTime) || !(durationMinutes > 0) || durationMinutes > 24 * 60)
    throw new GraphApiError('invalid', 'Meeting date, time or duration is not valid');
  const start = Date.parse(`${date}T${startTime}:00Z`);
  if (Number.isNaN(start)) throw new GraphApiError('invalid', 'Meeting date is not valid');
  const fmt = (ms: number) => new Date(ms).toISOString().slice(0, 19);
  return { start: fmt(start), end: fmt(start + durationMinutes * 60_000) };
}

interface GraphEvent {
  id: string;
  subject?: string;
  isOnlineMeeting?: boolean;
  onlineMeeting?: { joinUrl?: string } | null;
}

interface GraphOnlineMeeting {
  id: string;
  joinWebUrl?: string;
  chatInfo?: { threadId?: string };
}

export function createMeetingScheduler(app: GraphCaller, cfg: MeetingsConfig = {}): MeetingScheduler {
  const timeZone = cfg.timeZone ?? 'GMT Standard Time';
  const sleep = cfg.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const joinUrlReads = cfg.joinUrlReads ?? 3;

  const when = (date: string, startTime: string, minutes: number) => {
    const { start, end } = wallClock(date, startTime, minutes);
    return { start: { dateTime: start, timeZone }, end: { dateTime: end, timeZone } };
  };

  async function installAppInChat(chatId: string): Promise<void> {
    if (!cfg.teamsAppCatalogId)
      throw new GraphApiError(
        'config',
        'No Teams app id configured (TEAMS_APP_ID): the app cannot be installed in the meeting chat',
        {
          operation: 'chats.installApp',
        },
      );
    try {
      await app.call('chats.installApp', (c) =>
        c.api(`/chats/${seg(chatId)}/installedApps`).post({
          'teamsApp@odata.bind': `${app.baseUrl}/v1.0/appCatalogs/teamsApps/${seg(cfg.teamsAppCatalogId!)}`,
        }),
      );
    } catch (e) {
      if (e instanceof GraphApiError && e.status === 409) return; // already installed
      throw e;
    }
  }

  async function joinUrlOf(organiser: string, event: GraphEvent): Promise<string | undefined> {
    let url = event.onlineMeeting?.joinUrl;
    for (let i = 0; !url && i < joinUrlReads; i++) {
      await sleep(1000 * (i + 1));
      const e = await app.call<GraphEvent>('events.read', (c) =>
        c
          .api(`/users/${seg(organiser)}/events/${seg(event.id)}`)
          .select(['id', 'isOnlineMeeting', 'onlineMeeting'])
          .get(),
      );
      url = e.onlineMeeting?.joinUrl;
    }
    return url;
  }

  return {
    installAppInChat,

    async scheduleTeamsMeeting(input: ScheduleTeamsMeetingInput): Promise<ScheduledTeamsMeeting> {
      const subject = meetingSubject(input.kind, input.date, input.startTime);
      const organiser = input.organiser;
      const event = await app.call<GraphEvent>('events.create', (c) =>
        c.api(`/users/${seg(organiser)}/events`).post({
          subject,
          body: { contentType: 'html', content: MEETING_BODY },
          ...when(input.date, input.startTime, input.durationMinutes),
          attendees: input.attendees.map((a) => ({
            emailAddress: { address: a.email, ...(a.name ? { name: a.name } : {}) },
            type: 'required',
          })),
          isOnlineMeeting: true,
          onlineMeetingProvider: 'teamsForBusiness',
          allowNewTimeProposals: false,
          sensitivity: 'private',
          // Graph de-duplicates creates with the same transactionId: a retried POST makes no second meeting.
          transactionId: input.meetingId,
        }),
      );
      const result: ScheduledTeamsMeeting = {
        organiser,
        subject,
        eventId: event.id,
        appInstalled: false,
        problems: [],
      };

      let joinUrl: string | undefined;
      try {
        joinUrl = await joinUrlOf(organiser, event);
        if (!joinUrl)
          result.problems.push(
            new GraphApiError(
              'unavailable',
              'The Teams meeting link is not available yet; try linking again later',
              { operation: 'events.read' },
            ),
          );
      } catch (e) {
        result.problems.push(e as GraphApiError);
      }
      if (!joinUrl) return result;
      result.joinUrl = joinUrl;

      try {
        const escaped = joinUrl.replace(/'/g, "''");
        const found = await app.call<{ value: GraphOnlineMeeting[] }>('onlineMeetings.findByJoinUrl', (c) =>
          c
            .api(`/users/${seg(organiser)}/onlineMeetings`)
            .filter(encodeURIComponent(`JoinWebUrl eq '${escaped}'`))
            .get(),
        );
        const meeting = found.value?.[0];
        if (!meeting)
          throw new GraphApiError('not-found', 'The online meeting for the new event was not found', {
            operation: 'onlineMeetings.findByJoinUrl',
            status: 404,
          });
        result.onlineMeetingId = meeting.id;
        result.chatId = meeting.chatInfo?.threadId;
      } catch (e) {
        result.problems.push(e as GraphApiError);
        return result;
      }

      if (result.chatId) {
        try {
          await installAppInChat(result.chatId);
          result.appInstalled = true;
        } catch (e) {
          result.problems.push(e as GraphApiError);
        }
      }
      return result;
    },

    async reschedule(
      ref: MeetingRef,
      w: { date: string; startTime: string; durationMinutes: number; kind?: MeetingKind },
    ): Promise<void> {
      const body = {
        ...when(w.date, w.startTime, w.durationMinutes),
        ...(w.kind ? { subject: meetingSubject(w.kind, w.date, w.startTime) } : {}),
      };
      await app.call('events.update', (c) =>
        c.api(`/users/${seg(ref.organiser)}/events/${seg(ref.eventId)}`).patch(body),
      );
    },

    async cancel(ref: MeetingRef, comment?: string): Promise<void> {
      await app.call('events.cancel', (c) =>
        c.api(`/users/${seg(ref.organiser)}/events/${seg(ref.eventId)}/cancel`).post({
          comment:
            comment ?? 'This MARAC meeting has been cancelled. The coordinator will confirm the next date.',
        }),
      );
    },
  };
}
