import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGraphHarness, type GraphHarness } from '../../testing/graph-harness.js';
import {
  createGraph,
  GraphApiError,
  GraphPermissionError,
  meetingSubject,
  wallClock,
  type Graph,
} from './index.js';

let h: GraphHarness;
let g: Graph;

beforeEach(async () => {
  h = await startGraphHarness();
  g = createGraph(h.config);
});
afterEach(() => h.close());

const input = {
  meetingId: 'mtg-2026-11-24',
  kind: 'marac' as const,
  date: '2026-11-24',
  startTime: '09:30',
  durationMinutes: 180,
  organiser: 'coord-0001',
  attendees: [
    { email: 'pat.police@example.police.uk', name: 'Pat Police' },
    { email: 'ira@idva.example.org.uk' },
  ],
};

describe('MeetingScheduler.scheduleTeamsMeeting', () => {
  it('creates a Teams calendar event, reads back join URL and chat, installs the app', async () => {
    const r = await g.scheduler.scheduleTeamsMeeting(input);

    expect(r.problems).toEqual([]);
    expect(r.subject).toBe('MARAC – Tue 24 Nov 2026 09:30 (OFFICIAL-SENSITIVE)');
    expect(r.eventId).toMatch(/^AAMk/);
    expect(r.joinUrl).toMatch(/^https:\/\/teams\.microsoft\.com\/l\/meetup-join\//);
    expect(r.chatId).toMatch(/^19:meeting_.+@thread\.v2$/);
    expect(r.onlineMeetingId).toBeTruthy();
    expect(r.appInstalled).toBe(true);

    const event = h.graph.events.get(r.eventId)!;
    expect(event.organiser).toBe('coord-0001');
    expect(event.isOnlineMeeting).toBe(true);
    expect(event.onlineMeetingProvider).toBe('teamsForBusiness');
    expect(event.start).toEqual({ dateTime: '2026-11-24T09:30:00', timeZone: 'GMT Standard Time' });
    expect(event.end).toEqual({ dateTime: '2026-11-24T12:30:00', timeZone: 'GMT Standard Time' });
    expect(event.attendees.map((a) => a.emailAddress.address)).toEqual([
      'pat.police@example.police.uk',
      'ira@idva.example.org.uk',
    ]);
    expect(event.transactionId).toBe('mtg-2026-11-24');
    expect(h.graph.chats.get(r.chatId!)).toEqual(['marac-teams-app']);

    const calls = h.graph.requests.map((q) => `${q.method} ${q.path} ${q.status}`);
    expect(calls).toEqual([
      'POST /users/coord-0001/events 201',
      'GET /users/coord-0001/onlineMeetings 200',
      `POST /chats/${r.chatId}/installedApps 201`,
    ]);
    expect(h.graph.requests[1].query.$filter).toBe(`JoinWebUrl eq '${r.joinUrl}'`);
    expect(h.graph.requests.every((q) => q.caller?.idtyp === 'app')).toBe(true);
  });

  it('never puts case details in the subject: only kind, date, time and marking', () => {
    expect(meetingSubject('marac-plus', '2026-12-01', '13:00')).toBe(
      'MARAC Plus – Tue 1 Dec 2026 13:00 (OFFICIAL-SENSITIVE)',
    );
    expect(meetingSubject('closed', '2026-12-01', '13:00')).toBe(
      'MARAC closed session – Tue 1 Dec 2026 13:00 (OFFICIAL-SENSITIVE)',
    );
    expect(wallClock('2026-03-29', '23:30', 60)).toEqual({
      start: '2026-03-29T23:30:00',
      end: '2026-03-30T00:30:00',
    });
    expect(() => wallClock('24/11/2026', '09:30', 60)).toThrow(GraphApiError);
  });

  it('a retried create (same meeting id) makes no second event', async () => {
    const a = await g.scheduler.scheduleTeamsMeeting(input);
    const b = await g.scheduler.scheduleTeamsMeeting(input);
    expect(b.eventId).toBe(a.eventId);
    expect(h.graph.events.size).toBe(1);
    expect(b.appInstalled).toBe(true); // 409 "already installed" counts as installed
  });

  it('waits (bounded) for Graph to provision the join URL', async () => {
    await h.close();
    h = await startGraphHarness({ graph: { joinUrlDelay: 1 } });
    g = createGraph(h.config);
    const r = await g.scheduler.scheduleTeamsMeeting(input);
    expect(r.joinUrl).toBeTruthy();
    expect(r.appInstalled).toBe(true);
    expect(h.sleeps).toEqual([1000, 2000]);
  });

  it('without an application access policy: event exists, chat lookup problem names the permission and policy', async () => {
    h.graph.setAccessPolicyUsers([]);
    const r = await g.scheduler.scheduleTeamsMeeting(input);
    expect(r.eventId).toBeTruthy();
    expect(r.joinUrl).toBeTruthy();
    expect(r.chatId).toBeUndefined();
    expect(r.appInstalled).toBe(false);
    expect(r.problems).toHaveLength(1);
    const p = r.problems[0] as GraphPermissionError;
    expect(p).toBeInstanceOf(GraphPermissionError);
    expect(p.permission).toBe('OnlineMeetings.Read.All');
    expect(p.note).toMatch(/application access policy/);
  });

  it('missing app-installation permission is reported as a problem naming it; install can be retried', async () => {
    h.entra.setAppRoles(['Calendars.ReadWrite', 'OnlineMeetings.Read.All']);
    const r = await g.scheduler.scheduleTeamsMeeting(input);
    expect(r.chatId).toBeTruthy();
    expect(r.appInstalled).toBe(false);
    const p = r.problems[0];
    expect(p).toBeInstanceOf(GraphPermissionError);
    expect((p as GraphPermissionError).permission).toBe('TeamsAppInstallation.ReadWriteSelfForChat.All');
    expect(p.message).toContain('TeamsAppInstallation.ReadWriteSelfForChat.All');

    h.entra.setAppRoles([
      'Calendars.ReadWrite',
      'OnlineMeetings.Read.All',
      'TeamsAppInstallation.ReadWriteSelfForChat.All',
    ]);
    // Cached token still has the old roles: Graph says 403 until a new token is issued.
    g = createGraph(h.config);
    await g.scheduler.installAppInChat(r.chatId!);
    expect(h.graph.chats.get(r.chatId!)).toEqual(['marac-teams-app']);
  });

  it('no calendar permission: the create rejects with GraphPermissionError for Calendars.ReadWrite', async () => {
    h.entra.setAppRoles(['User.Read.All']);
    const err = await g.scheduler.scheduleTeamsMeeting(input).catch((e) => e);
    expect(err).toBeInstanceOf(GraphPermissionError);
    expect(err.permission).toBe('Calendars.ReadWrite');
    expect(err.mode).toBe('application');
    expect(err.operation).toBe('events.create');
  });

  it('unknown organiser: typed not-found error', async () => {
    const err = await g.scheduler.scheduleTeamsMeeting({ ...input, organiser: 'nobody' }).catch((e) => e);
    expect(err).toBeInstanceOf(GraphApiError);
    expect(err.kind).toBe('not-found');
  });
});

describe('reschedule and cancel', () => {
  it('PATCHes start/end, then cancels with a generic comment', async () => {
    const r = await g.scheduler.scheduleTeamsMeeting(input);
    const ref = { organiser: r.organiser, eventId: r.eventId };
    await g.scheduler.reschedule(ref, {
      date: '2026-11-26',
      startTime: '10:00',
      durationMinutes: 120,
      kind: 'marac',
    });
    const e = h.graph.events.get(r.eventId)!;
    expect(e.subject).toBe('MARAC – Thu 26 Nov 2026 10:00 (OFFICIAL-SENSITIVE)');
    expect(e.start.dateTime).toBe('2026-11-26T10:00:00');
    expect(e.end.dateTime).toBe('2026-11-26T12:00:00');
    expect(h.graph.meetings.get(r.onlineMeetingId!)!.startDateTime).toBe('2026-11-26T10:00:00');

    await g.scheduler.cancel(ref);
    expect(e.isCancelled).toBe(true);
    expect(e.cancelComment).toMatch(/cancelled/);
    const again = await g.scheduler
      .reschedule(ref, { date: '2026-11-27', startTime: '10:00', durationMinutes: 60 })
      .catch((x) => x);
    expect(again).toBeInstanceOf(GraphApiError);
    expect(again.kind).toBe('invalid');
  });
});
