// The Teams meeting behind a MARAC meeting, from the tab, against the loopback Entra (HTTPS, msal) and
// Graph stand-ins: create with the representatives invited and the bot installed in the chat,
// reschedule, cancel, attendance; throttling and missing permissions never lose the MARAC meeting.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmDeclaration, demoAadObjectId, markPresent, resolveActor } from '@marac/core';
import { createGraph, type Graph } from '@marac/graph';
import { startGraphHarness, type GraphHarness } from '../../testing/graph-harness.js';
import { startTabServer, type TabServer } from './support/tab-server.js';

const NOW = Date.parse('2026-11-24T07:00:00Z'); // the demo meeting is today at 09:30
const COORD_AAD = demoAadObjectId('p-coordinator');
const teamsPath = (id: string) => `/api/meetings/${id}/teams-meeting`;
const TEAMS_DENIAL = (perms: string) =>
  `Missing role permissions on the request. API requires one of '${perms}'. Roles on the request 'Calendars.ReadWrite, OnlineMeetings.Read.All'.`;

let h: GraphHarness;
let graph: Graph;
let t: TabServer;
let coordinator: string;
let housing: string;

beforeAll(async () => {
  h = await startGraphHarness();
  // The coordinator is a member of the tenant: the calendar the meetings go on.
  h.graph.users.set(COORD_AAD, {
    id: COORD_AAD,
    displayName: 'Cara Coordinator',
    mail: 'cara.coordinator@fenshire.example',
    userPrincipalName: 'cara.coordinator@fenshire.example',
    userType: 'Member',
  });
  graph = createGraph(h.config);
  t = await startTabServer({ graph, now: NOW });
  coordinator = await t.signIn('p-coordinator');
  housing = await t.signIn('p-housing');
});
afterAll(async () => {
  await t?.close();
  await h?.close();
});

const audit = async () => t.store.repos.audit.list();
const meeting = (id: string) => t.store.repos.meetings.get(id);

describe('creating the Teams meeting from the tab', () => {
  it('only a coordinator may; the link status is visible to those who see the meeting', async () => {
    const refused = await t.call('POST', teamsPath('m-demo'), { token: housing, body: {} });
    expect(refused.status).toBe(403);
    const status = await t.call('GET', teamsPath('m-demo'), { token: housing });
    expect(status.body).toMatchObject({
      graphConfigured: true,
      canManage: false,
      linked: false,
      createdByApp: false,
    });
    expect(h.graph.events.size).toBe(0);
  });

  it('creates the event on the coordinator’s calendar, the representatives invited, the app in the chat; stores the link', async () => {
    const r = await t.call('POST', teamsPath('m-demo'), { token: coordinator, body: {} });
    expect(r.status).toBe(201);
    expect(r.body.problems).toEqual([]);
    expect(r.body.appInstalled).toBe(true);
    expect(r.body.meeting).toMatchObject({ id: 'm-demo', linkedToTeams: true });
    expect(r.body.teams).toMatchObject({ linked: true, createdByApp: true, botConnected: false });
    expect(r.body.teams.joinUrl).toMatch(/^https:\/\/teams\.microsoft\.com\/l\/meetup-join\//);

    const [event] = [...h.graph.events.values()];
    expect(event.organiser).toBe(COORD_AAD);
    expect(event.subject).toBe('MARAC – Tue 24 Nov 2026 09:30 (OFFICIAL-SENSITIVE)');
    expect(event.transactionId).toBe('m-demo');
    expect(event.start).toEqual({ dateTime: '2026-11-24T09:30:00', timeZone: 'GMT Standard Time' });
    expect(event.end.dateTime).toBe('2026-11-24T12:10:00'); // eight cases of 20 minutes
    const invited = event.attendees.map((a) => a.emailAddress.address).sort();
    expect(invited).toContain('police.rep@fenshire.example');
    expect(invited).toContain('idva.rep@fenshire.example');
    expect(invited).toContain('chris.chair@fenshire.example');
    expect(invited).not.toContain('cara.coordinator@fenshire.example'); // the organiser
    expect(invited).not.toContain('olly.observer@fenshire.example');
    expect(invited).toHaveLength(11); // ten agency representatives and the chair
    expect(r.body.invited).toBe(11);

    const stored = (await meeting('m-demo'))!;
    const chatId = stored.teams!.chatId!;
    expect(chatId).toMatch(/^19:meeting_.+@thread\.v2$/);
    // The bot's lookup by conversation id finds it: a meeting chat's id is the Graph chat id.
    expect(stored.teams).toMatchObject({
      conversationId: chatId,
      serviceUrl: '',
      eventId: event.id,
      onlineMeetingId: event.onlineMeetingId,
      organiser: COORD_AAD,
      transactionId: 'm-demo',
    });
    expect((await t.store.repos.meetings.byConversationId(chatId))?.id).toBe('m-demo');
    expect(h.graph.chats.get(chatId)).toEqual(['marac-teams-app']);
    expect((await audit()).find((a) => a.action === 'teams-meeting.created')).toMatchObject({
      actor: 'p-coordinator',
      subject: 'meeting:m-demo',
      outcome: 'done',
    });
  });

  it('asking again finishes or repairs it: no second event, no second installation', async () => {
    const r = await t.call('POST', teamsPath('m-demo'), { token: coordinator, body: {} });
    expect(r.status).toBe(200);
    expect(r.body.appInstalled).toBe(true);
    expect(h.graph.events.size).toBe(1);
  });

  it('a closed session invites its invited agencies’ representatives and the chair only', async () => {
    const r = await t.call('POST', teamsPath('m-demo-closed'), {
      token: coordinator,
      body: { durationMinutes: 45 },
    });
    expect(r.status).toBe(201);
    const event = [...h.graph.events.values()].find((e) => e.transactionId === 'm-demo-closed')!;
    expect(event.subject).toBe('MARAC closed session – Tue 24 Nov 2026 12:30 (OFFICIAL-SENSITIVE)');
    expect(event.end.dateTime).toBe('2026-11-24T13:15:00');
    expect(event.attendees.map((a) => a.emailAddress.address).sort()).toEqual([
      'chris.chair@fenshire.example',
      'csc.rep@fenshire.example',
      'idva.rep@fenshire.example',
      'police.rep@fenshire.example',
    ]);
  });
});

describe('rescheduling and cancelling', () => {
  it('a date/time change moves the MARAC meeting and the Teams event', async () => {
    // The plain move refuses a meeting whose invitation the app sent: it would leave the invite behind.
    const plain = await t.call('PATCH', '/api/meetings/m-demo', {
      token: coordinator,
      body: { date: '2026-11-26', startTime: '10:00' },
    });
    expect(plain.status).toBe(409);
    expect(plain.body.error.message).toMatch(/move it from the Teams meeting panel/);
    const r = await t.call('PATCH', teamsPath('m-demo'), {
      token: coordinator,
      body: { date: '2026-11-26', startTime: '10:00' },
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      teamsUpdated: true,
      problems: [],
      meeting: { date: '2026-11-26', startTime: '10:00' },
    });
    const stored = (await meeting('m-demo'))!;
    const event = h.graph.events.get(stored.teams!.eventId!)!;
    expect(event.start.dateTime).toBe('2026-11-26T10:00:00');
    expect(event.subject).toBe('MARAC – Thu 26 Nov 2026 10:00 (OFFICIAL-SENSITIVE)'); // the invite says the new day
    expect((await audit()).map((a) => a.action)).toEqual(
      expect.arrayContaining(['meeting.rescheduled', 'teams-meeting.rescheduled']),
    );
    const past = await t.call('PATCH', teamsPath('m-demo'), {
      token: coordinator,
      body: { date: '2026-11-01', startTime: '10:00' },
    });
    expect(past.status).toBe(400);
    expect(past.body.error.fields).toEqual([{ field: 'date', message: 'The date is in the past.' }]);
  });

  it('Graph refusing the update keeps the new date, reports the missing permission and audits it', async () => {
    h.graph.inject(
      {
        status: 403,
        code: 'ErrorAccessDenied',
        message: 'Access is denied. Check credentials and try again.',
      },
      1,
      { method: 'PATCH' },
    );
    const r = await t.call('PATCH', teamsPath('m-demo'), {
      token: coordinator,
      body: { date: '2026-11-27', startTime: '09:30' },
    });
    expect(r.status).toBe(200);
    expect(r.body.teamsUpdated).toBe(false);
    expect(r.body.meeting).toMatchObject({ date: '2026-11-27', startTime: '09:30' });
    expect(r.body.problems).toEqual([
      expect.objectContaining({
        code: 'graph-permission',
        permission: 'Calendars.ReadWrite',
        operation: 'events.update',
      }),
    ]);
    expect((await meeting('m-demo'))!.date).toBe('2026-11-27');
    const refused = (await audit()).filter((a) => a.action === 'graph.teams-meeting.reschedule');
    expect(refused.at(-1)).toMatchObject({
      outcome: 'refused',
      actor: 'p-coordinator',
      details: { permission: 'Calendars.ReadWrite', operation: 'events.update' },
    });
    // Once allowed, the same request brings the event into line.
    const again = await t.call('PATCH', teamsPath('m-demo'), {
      token: coordinator,
      body: { date: '2026-11-27', startTime: '09:30' },
    });
    expect(again.body.teamsUpdated).toBe(true);
    expect(h.graph.events.get((await meeting('m-demo'))!.teams!.eventId!)!.start.dateTime).toBe(
      '2026-11-27T09:30:00',
    );
  });

  it('cancel cancels the event and unlinks the chat; the MARAC meeting and its agenda stay; a new one can be made', async () => {
    const before = (await meeting('m-demo'))!;
    const r = await t.call('DELETE', teamsPath('m-demo'), { token: coordinator });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      cancelled: true,
      meeting: { id: 'm-demo', linkedToTeams: false, caseCount: 8 },
    });
    expect(h.graph.events.get(before.teams!.eventId!)!.isCancelled).toBe(true);
    expect(await t.store.repos.meetings.byConversationId(before.teams!.conversationId)).toBeUndefined();
    expect((await t.call('DELETE', teamsPath('m-demo'), { token: coordinator })).status).toBe(404);

    const again = await t.call('POST', teamsPath('m-demo'), { token: coordinator, body: {} });
    expect(again.status).toBe(201);
    const now = (await meeting('m-demo'))!;
    expect(now.teams!.eventId).not.toBe(before.teams!.eventId);
    expect(h.graph.events.get(now.teams!.eventId!)!.isCancelled).toBe(false);
  });
});

describe('resilience: Graph throttling and missing permissions never lose the meeting', () => {
  it('429s then success for the event, 403 for installing the app: the event is created once and the permission named', async () => {
    const created = await t.call('POST', '/api/meetings', {
      token: coordinator,
      body: { areaId: 'cambs-demo', kind: 'marac', date: '2026-12-08', startTime: '09:30' },
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const sleepsBefore = h.sleeps.length;
    h.graph.inject({ status: 429, retryAfterSeconds: 2 }, 2, { method: 'POST', path: /\/events$/ });
    h.graph.inject(
      {
        status: 403,
        code: 'Forbidden',
        message: TEAMS_DENIAL(
          'TeamsAppInstallation.ReadWriteSelfForChat.All, TeamsAppInstallation.ReadWriteForChat.All',
        ),
      },
      1,
      { method: 'POST', path: /\/installedApps$/ },
    );
    const r = await t.call('POST', teamsPath(id), { token: coordinator, body: {} });
    expect(r.status).toBe(201);
    expect(r.body.appInstalled).toBe(false);
    expect(r.body.problems).toEqual([
      expect.objectContaining({
        code: 'graph-permission',
        operation: 'chats.installApp',
        permission: 'TeamsAppInstallation.ReadWriteSelfForChat.All',
      }),
    ]);
    expect(r.body.problems[0].message).toContain('TeamsAppInstallation.ReadWriteSelfForChat.All');
    expect(h.sleeps.slice(sleepsBefore)).toEqual([2000, 2000]); // Retry-After honoured
    const posts = h.graph.requests.filter(
      (q) =>
        q.method === 'POST' &&
        q.path.endsWith('/events') &&
        (q.body as { transactionId?: string })?.transactionId === id,
    );
    expect(posts.map((q) => q.status)).toEqual([429, 429, 201]);
    expect([...h.graph.events.values()].filter((e) => e.transactionId === id)).toHaveLength(1);

    const stored = (await meeting(id))!;
    expect(stored.teams).toMatchObject({
      eventId: expect.stringMatching(/^AAMk/),
      conversationId: expect.stringMatching(/^19:meeting_/),
    });
    expect(h.graph.chats.get(stored.teams!.chatId!)).toEqual([]);
    const refused = (await audit()).filter(
      (a) => a.action === 'graph.teams-meeting.create' && a.subject === `meeting:${id}`,
    );
    expect(refused).toEqual([
      expect.objectContaining({
        outcome: 'refused',
        details: expect.objectContaining({ permission: 'TeamsAppInstallation.ReadWriteSelfForChat.All' }),
      }),
    ]);

    // The admin grants it; the coordinator asks again: the same event, the app now installed.
    const retry = await t.call('POST', teamsPath(id), { token: coordinator, body: {} });
    expect(retry.status).toBe(200);
    expect(retry.body).toMatchObject({ appInstalled: true, problems: [] });
    expect(h.graph.chats.get(stored.teams!.chatId!)).toEqual(['marac-teams-app']);
    expect([...h.graph.events.values()].filter((e) => e.transactionId === id)).toHaveLength(1);
  });

  it('no calendar permission: a JSON error naming it, audited; the MARAC meeting is untouched', async () => {
    const created = await t.call('POST', '/api/meetings', {
      token: coordinator,
      body: { areaId: 'cambs-demo', kind: 'marac', date: '2026-12-15', startTime: '09:30' },
    });
    const id = created.body.id as string;
    const before = (await meeting(id))!;
    h.graph.inject(
      {
        status: 403,
        code: 'ErrorAccessDenied',
        message: 'Access is denied. Check credentials and try again.',
      },
      1,
      { method: 'POST', path: /\/events$/ },
    );
    const r = await t.call('POST', teamsPath(id), { token: coordinator, body: {} });
    expect(r.status).toBe(502);
    expect(r.body.error).toMatchObject({
      code: 'graph-permission',
      permission: 'Calendars.ReadWrite',
      operation: 'events.create',
    });
    expect(r.body.error.message).toContain('Calendars.ReadWrite');
    expect(await meeting(id)).toEqual(before);
    expect(
      (await audit()).filter(
        (a) => a.action === 'graph.teams-meeting.create' && a.subject === `meeting:${id}`,
      ),
    ).toHaveLength(1);
  });

  it('Graph down for good (5xx every time): 502 with the operation, nothing stored', async () => {
    const created = await t.call('POST', '/api/meetings', {
      token: coordinator,
      body: { areaId: 'cambs-demo', kind: 'marac', date: '2026-12-22', startTime: '09:30' },
    });
    const id = created.body.id as string;
    h.graph.inject({ status: 503 }, 4, { method: 'POST', path: /\/events$/ });
    const r = await t.call('POST', teamsPath(id), { token: coordinator, body: {} });
    expect(r.status).toBe(502);
    expect(r.body.error).toMatchObject({ code: 'graph-unavailable', operation: 'events.create' });
    expect((await meeting(id))!.teams).toBeUndefined();
  });
});

describe('attendance for the minutes', () => {
  it("reconciles Teams' attendance report with the declaration record and the roll call", async () => {
    const m = (await meeting('m-demo'))!;
    const deps = { store: t.store, clock: t.clock };
    const chair = await resolveActor(t.store.repos, demoAadObjectId('p-chair'), 'Chris Chair');
    await confirmDeclaration(deps, 'm-demo', chair, 'typed', 'msg-1');
    await markPresent(
      deps,
      'm-demo',
      { aadObjectId: demoAadObjectId('p-housing'), displayName: 'Housing Rep' },
      'joined',
    );
    h.graph.addReport(m.teams!.onlineMeetingId!, {
      totalParticipantCount: 2,
      meetingStartDateTime: '2026-11-27T09:28:00Z',
      meetingEndDateTime: '2026-11-27T12:00:00Z',
      attendanceRecords: [
        {
          emailAddress: 'chris.chair@fenshire.example',
          totalAttendanceInSeconds: 9000,
          role: 'Presenter',
          identity: { id: demoAadObjectId('p-chair'), displayName: 'Chris Chair' },
          attendanceIntervals: [
            {
              joinDateTime: '2026-11-27T09:28:00Z',
              leaveDateTime: '2026-11-27T12:00:00Z',
              durationInSeconds: 9120,
            },
          ],
        },
        {
          emailAddress: null,
          totalAttendanceInSeconds: 600,
          role: 'Attendee',
          identity: { id: null, displayName: 'Phone caller' },
          attendanceIntervals: [
            {
              joinDateTime: '2026-11-27T09:40:00Z',
              leaveDateTime: '2026-11-27T09:50:00Z',
              durationInSeconds: 600,
            },
          ],
        },
      ],
    });
    expect((await t.call('GET', '/api/meetings/m-demo/attendance', { token: housing })).status).toBe(403);
    const r = await t.call('GET', '/api/meetings/m-demo/attendance', { token: coordinator });
    expect(r.status).toBe(200);
    expect(r.body.report).toEqual({ status: 'included', records: 2 });
    const row = (name: string) => r.body.rows.find((x: { name: string }) => x.name === name);
    expect(row('Chris Chair')).toMatchObject({
      status: 'attended-confirmed',
      joined: '2026-11-27T09:28:00Z',
      left: '2026-11-27T12:00:00Z',
      method: 'typed',
    });
    expect(row('Housing Rep')).toMatchObject({ status: 'attended-unconfirmed', agency: 'housing' });
    expect(row('Phone caller')).toMatchObject({
      status: 'attended-unconfirmed',
      left: '2026-11-27T09:50:00Z',
    });
  });

  it('a missing attendance permission: rows from the chat, the permission named and audited', async () => {
    h.graph.inject(
      { status: 403, code: 'Forbidden', message: TEAMS_DENIAL('OnlineMeetingArtifact.Read.All') },
      1,
      { path: /attendanceReports$/ },
    );
    const r = await t.call('GET', '/api/meetings/m-demo/attendance', { token: coordinator });
    expect(r.status).toBe(200);
    expect(r.body.report).toMatchObject({ status: 'failed', permission: 'OnlineMeetingArtifact.Read.All' });
    expect(r.body.rows.map((x: { name: string }) => x.name).sort()).toEqual(['Chris Chair', 'Housing Rep']);
    const refused = (await audit()).filter((a) => a.action === 'graph.attendance');
    expect(refused.at(-1)).toMatchObject({
      outcome: 'refused',
      details: expect.objectContaining({ permission: 'OnlineMeetingArtifact.Read.All' }),
    });
  });
});

describe('without Graph configuration (local development)', () => {
  let plain: TabServer;
  beforeAll(async () => {
    plain = await startTabServer({ now: NOW });
  });
  afterAll(() => plain?.close());

  it('says Graph is not configured, suggests the link code, and changes nothing; attendance still works', async () => {
    const token = await plain.signIn('p-coordinator');
    expect((await plain.call('GET', teamsPath('m-demo'), { token })).body).toMatchObject({
      graphConfigured: false,
      linked: false,
    });
    const r = await plain.call('POST', teamsPath('m-demo'), { token, body: {} });
    expect(r.status).toBe(503);
    expect(r.body.error).toMatchObject({ code: 'graph-not-configured' });
    expect(r.body.error.message).toContain('link CODE');
    expect((await plain.store.repos.meetings.get('m-demo'))!.teams).toBeUndefined();
    const moved = await plain.call('PATCH', teamsPath('m-demo'), {
      token,
      body: { date: '2026-11-25', startTime: '10:00' },
    });
    expect(moved.body).toMatchObject({ teamsUpdated: false, problems: [], meeting: { date: '2026-11-25' } });
    const att = await plain.call('GET', '/api/meetings/m-demo/attendance', { token });
    expect(att.body).toMatchObject({ report: { status: 'not-available' }, rows: [] });
  });
});
