// The bot with Microsoft Graph (loopback Entra over HTTPS + Graph stand-in): a meeting created from
// the tab links itself when the bot first hears from its chat; people who join are given their agency
// from the directory; guests and people with no directory profile pick it on the declaration card,
// once, and it is remembered; action reminders also go to the Teams activity feed when the area says so.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAadObjectId } from '@marac/core';
import { ACTION_REMINDER_ACTIVITY_TYPE, createGraph } from '@marac/graph';
import { startBotHarness } from '../../testing/bot-harness.js';
import { startGraphHarness, type GraphHarness } from '../../testing/graph-harness.js';
import {
  demoSpeaker,
  guest,
  meetingChat,
  postActivity,
  type Speaker,
} from '../../testing/teams-activities.js';
import { deliverFollowUp } from '../src/reminders.js';

const COORD_AAD = demoAadObjectId('p-coordinator');
const chair = demoSpeaker('p-chair', 'Chris Chair');
const coordinator = demoSpeaker('p-coordinator', 'Cara Coordinator');
/** Directory members of the tenant not registered in MARAC: the directory knows their agency. */
const pat: Speaker = { aad: 'police-0001', name: 'Pat Police', teamsId: '29:police-0001' };
const hana: Speaker = { aad: 'health-0001', name: 'Hana Health', teamsId: '29:health-0001' };
/** A B2B guest (userType Guest) and an external (federated) user with no directory profile at all. */
const gale: Speaker = { aad: 'guest-0001', name: 'Gale Guest', teamsId: '29:guest-0001' };
const visitor = guest(7, 'Vic Visitor');

describe('the bot with Graph: self-linking meeting chat, agencies from the directory', () => {
  let g: GraphHarness;
  let h: Awaited<ReturnType<typeof startBotHarness>>;
  let chat: ReturnType<typeof meetingChat>;
  const send = (a: unknown) => h.send(a);
  const texts = () => h.connector.messages(chat.conversationId).map((m) => m.text ?? '');
  const attendee = (aad: string) => h.server.store.repos.attendance.get('m-demo', aad);
  const directoryReads = (aad: string) =>
    g.graph.requests.filter((q) => q.method === 'GET' && q.path === `/users/${aad}`).length;

  beforeAll(async () => {
    g = await startGraphHarness();
    g.graph.users.set(COORD_AAD, {
      id: COORD_AAD,
      displayName: 'Cara Coordinator',
      mail: 'cara@fenshire.example',
      userPrincipalName: 'cara@fenshire.example',
      userType: 'Member',
    });
    h = await startBotHarness({ graph: createGraph(g.config) });
    // The coordinator's per-area mapping of directory values to agencies.
    const area = (await h.server.store.repos.areas.get('cambs-demo'))!;
    await h.server.store.repos.areas.put({
      ...area,
      agencyDirectoryMap: [
        { match: 'Example Constabulary', agencyId: 'police' },
        { match: 'mh.nhs.example', agencyId: 'mental-health' },
        { match: 'Example Housing', agencyId: 'housing' }, // would match Gale's profile, but guests never map
        { match: 'mail.example.gov.uk', agencyId: 'csc' },
      ],
    });
  });
  afterAll(async () => {
    await h?.close();
    await g?.close();
  });

  it('the coordinator creates the Teams meeting in the tab; the bot links the chat on first contact, with no code', async () => {
    const token = (
      await (
        await fetch(`${h.url}/api/dev/sign-in`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ personId: 'p-coordinator' }),
        })
      ).json()
    ).token;
    const res = await fetch(`${h.url}/api/meetings/m-demo/teams-meeting`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: '{}',
    });
    expect(res.status).toBe(201);
    const created = (await h.server.store.repos.meetings.get('m-demo'))!;
    expect(created.teams!.serviceUrl).toBe('');
    // Installing the app in the chat makes Teams tell the bot; the chat's id is the Graph chat id.
    chat = meetingChat(h.connector.url, created.teams!.chatId!);
    await send(chat.installed(coordinator));
    expect(texts().at(-1)).toMatch(/This chat is linked/);
    const linked = (await h.server.store.repos.meetings.get('m-demo'))!;
    expect(linked.teams).toMatchObject({
      conversationId: created.teams!.chatId,
      serviceUrl: h.connector.url,
      eventId: created.teams!.eventId,
    });
    expect(linked.teams!.reference).toMatchObject({ conversation: { id: created.teams!.chatId } });
    const links = (await h.server.store.repos.audit.list()).filter(
      (a) => a.action === 'meeting.link' && a.subject === 'meeting:m-demo',
    );
    expect(links).toEqual([expect.objectContaining({ actor: 'system', outcome: 'done' })]);
    // Commands work at once: nobody typed `link CODE`.
    await send(chat.say(chair, 'status'));
    expect(texts().at(-1)).not.toMatch(/not linked/);
  });

  it('directory members get their agency (company name, email domain); known people are not looked up', async () => {
    const before = g.graph.requests.length;
    await send(chat.join(chair, chair, pat, hana));
    expect((await attendee(pat.aad))?.agencyId).toBe('police');
    expect((await attendee(hana.aad))?.agencyId).toBe('mental-health');
    expect((await attendee(chair.aad))?.agencyId).toBe('police'); // a registered Person: from MARAC itself
    const reads = g.graph.requests.slice(before).map((q) => `${q.method} ${q.path}`);
    expect(reads.sort()).toEqual(['GET /users/health-0001', 'GET /users/police-0001']);
    // Speaking again (already present) asks nothing more.
    await send(chat.say(pat, 'morning all'));
    expect(directoryReads(pat.aad)).toBe(1);
  });

  it('a guest, and an external user with no directory profile, end up with no agency and no errors; the card picker decides, once', async () => {
    const r1 = await send(chat.join(chair, gale));
    const r2 = await send(chat.say(visitor, 'hello, joining from the housing association'));
    expect(r1.status).toBeLessThan(300);
    expect(r2.status).toBeLessThan(300);
    expect(await attendee(gale.aad)).toMatchObject({ present: true });
    expect((await attendee(gale.aad))?.agencyId).toBeUndefined();
    expect(await attendee(visitor.aad)).toMatchObject({ present: true });
    expect((await attendee(visitor.aad))?.agencyId).toBeUndefined();
    // Graph was asked and said guest / not found (404): not an error.
    expect(g.graph.requests.filter((q) => q.path === `/users/${visitor.aad}`).map((q) => q.status)).toEqual([
      404,
    ]);
    expect(g.graph.requests.filter((q) => q.path === `/users/${gale.aad}`).map((q) => q.status)).toEqual([
      200,
    ]);
    expect(texts().some((t) => /wrong|error|failed/i.test(t))).toBe(false);

    // The declaration; the guest picks Housing on the card: recorded and remembered.
    await send(
      chat.event(chair, 'application/vnd.microsoft.meetingStart', { Id: 'x', MeetingType: 'Scheduled' }),
    );
    const answer = await send(
      chat.card(gale, 'declaration.confirm', { meetingId: 'm-demo', agencyId: 'housing' }),
    );
    expect(answer.status).toBe(200);
    const confirmation = (await h.server.store.repos.confirmations.list('m-demo')).find(
      (c) => c.aadObjectId === gale.aad,
    );
    expect(confirmation).toMatchObject({ agencyId: 'housing', method: 'card' });
    expect(await h.server.store.repos.conversations.getPersonal(`agency:${gale.aad}`)).toEqual({
      agencyId: 'housing',
    });
  });

  it('in the next meeting the remembered agency is used without asking Graph', async () => {
    const token = (
      await (
        await fetch(`${h.url}/api/dev/sign-in`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ personId: 'p-coordinator' }),
        })
      ).json()
    ).token;
    const res = await fetch(`${h.url}/api/meetings/m-demo-closed/teams-meeting`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: '{}',
    });
    expect(res.status).toBe(201);
    const closed = (await h.server.store.repos.meetings.get('m-demo-closed'))!;
    const other = meetingChat(h.connector.url, closed.teams!.chatId!, 'MCMeeting-closed');
    const readsBefore = directoryReads(gale.aad);
    await postActivity(h.url, other.join(chair, gale));
    await h.settle();
    expect((await h.server.store.repos.attendance.get('m-demo-closed', gale.aad))?.agencyId).toBe('housing');
    expect(directoryReads(gale.aad)).toBe(readsBefore);
    // The first activity from that chat linked it too.
    expect((await h.server.store.repos.meetings.get('m-demo-closed'))!.teams!.serviceUrl).toBe(
      h.connector.url,
    );
  });

  it('Graph failing (throttled past the retries, then 5xx) never stops the meeting: the person is present, agency unknown', async () => {
    const late: Speaker = { aad: 'csc-0001', name: 'Sam Social', teamsId: '29:csc-0001' };
    g.graph.inject({ status: 503 }, 4, { path: /^\/users\/csc-0001$/ });
    const r = await send(chat.join(chair, late));
    expect(r.status).toBeLessThan(300);
    // Not 'late': no case has opened yet (late means after the first case opened).
    expect(await attendee(late.aad)).toMatchObject({ present: true, lateJoiner: false });
    expect((await attendee(late.aad))?.agencyId).toBeUndefined(); // with Graph up it would be csc
    expect(g.graph.requests.filter((q) => q.path === '/users/csc-0001').map((q) => q.status)).toEqual([
      503, 503, 503, 503,
    ]);
  });
});

describe('action reminders in the Teams activity feed (area setting)', () => {
  let g: GraphHarness;
  let h: Awaited<ReturnType<typeof startBotHarness>>;
  beforeAll(async () => {
    g = await startGraphHarness();
    for (const id of ['p-housing', 'p-csc', 'p-coordinator'])
      g.graph.users.set(demoAadObjectId(id), {
        id: demoAadObjectId(id),
        displayName: id,
        userPrincipalName: `${id}@fenshire.example`,
        userType: 'Member',
      });
    h = await startBotHarness({ graph: createGraph(g.config) });
  });
  afterAll(async () => {
    await h?.close();
    await g?.close();
  });

  const reminders = async () => {
    const r = h.server.store.repos;
    const actions = await r.actions.list({ meetingId: 'm-demo-earlier' });
    return {
      reminders: actions
        .filter((a) => a.ownerAgencyId !== 'health')
        .map((action) => ({ action, kind: 'overdue' as const })),
      markedNoUpdate: [],
    };
  };

  it('the manifest declares the activity type the notifications use', () => {
    const manifest = JSON.parse(
      readFileSync(join(import.meta.dirname, '../../manifest/appPackage/manifest.json'), 'utf8'),
    );
    expect(manifest.activities.activityTypes.map((a: { type: string }) => a.type)).toContain(
      ACTION_REMINDER_ACTIVITY_TYPE,
    );
  });

  it('off (the default): only the cards', async () => {
    await deliverFollowUp(h.server.bot.deps, await reminders());
    expect(g.graph.notifications).toEqual([]);
  });

  it('on: one notification per representative of each reminded agency, opening the actions tracker, no case details', async () => {
    const area = (await h.server.store.repos.areas.get('cambs-demo'))!;
    await h.server.store.repos.areas.put({ ...area, activityFeedReminders: true });
    await deliverFollowUp(h.server.bot.deps, await reminders());
    const sent = g.graph.notifications.map((n) => n.recipient).sort();
    expect(sent).toEqual([demoAadObjectId('p-csc'), demoAadObjectId('p-housing')].sort());
    const n = g.graph.notifications[0].body;
    expect(n.activityType).toBe('actionReminder');
    expect(n.templateParameters).toEqual([{ name: 'actionCount', value: '1' }]);
    expect(n.topic.webUrl).toMatch(/^https:\/\/teams\.microsoft\.com\/l\/entity\//);
    expect(JSON.stringify(n)).not.toMatch(/MC-\d{4}/); // no case reference in the feed
  });

  it('a missing TeamsActivity.Send permission is logged, the cards still go, nothing throws', async () => {
    g.graph.inject(
      {
        status: 403,
        code: 'Forbidden',
        message:
          "Missing role permissions on the request. API requires one of 'TeamsActivity.Send'. Roles on the request ''.",
      },
      5,
      { path: /sendActivityNotification$/ },
    );
    const before = g.graph.notifications.length;
    await expect(deliverFollowUp(h.server.bot.deps, await reminders())).resolves.toBeUndefined();
    expect(g.graph.notifications.length).toBe(before);
  });
});
