// The agenda published and the minutes circulated reach the agencies' representatives: a 1:1 card
// each and, when the area says so, a Teams activity-feed notification (Graph stand-in). Counted:
// a re-publication with nothing changed sends nothing; a second circulation sends nothing; the
// minutes themselves never reach the chat or the feed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  type Actor,
  confirmDeclaration,
  demoAadObjectId,
  markPresent,
  openDeclaration,
  runChairCommand,
} from '@marac/core';
import { ACTIVITY_TYPES, createGraph } from '@marac/graph';
import { startBotHarness } from '../../testing/bot-harness.js';
import { startGraphHarness, type GraphHarness } from '../../testing/graph-harness.js';
import { type Speaker, demoSpeaker, meetingChat } from '../../testing/teams-activities.js';

const reps = {
  police: demoSpeaker('p-police', 'Police Rep'),
  housing: demoSpeaker('p-housing', 'Housing Rep'),
  csc: demoSpeaker('p-csc', 'CSC Rep'),
  health: demoSpeaker('p-health', 'Health Rep'),
  education: demoSpeaker('p-education', 'Education Rep'),
};
const INVITED = ['police', 'housing', 'csc'];

describe('agenda and minutes notices: 1:1 cards and the activity feed', () => {
  let g: GraphHarness;
  let h: Awaited<ReturnType<typeof startBotHarness>>;
  const chat = meetingChat('', '19:unused@thread.v2');
  const dm = (s: Speaker) => `a:dm-${s.teamsId}`;
  const personal = (s: Speaker, activity: Record<string, unknown>) => ({
    ...activity,
    serviceUrl: h.connector.url,
    conversation: { id: dm(s), conversationType: 'personal', tenantId: 'tenant-demo' },
  });
  const cards = (s: Speaker, title: string) =>
    h.connector
      .messages(dm(s))
      .filter((m) => m.attachments?.length && JSON.stringify(m.attachments).includes(title))
      .map((m) => JSON.stringify(m.attachments));
  const feed = (type: string) => g.graph.notifications.filter((n) => n.body.activityType === type);
  const api = async (personId: string, method: string, path: string, body?: unknown) => {
    const t = await fetch(`${h.url}/api/dev/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ personId }),
    });
    const { token } = (await t.json()) as { token: string };
    const r = await fetch(h.url + path, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    await h.settle();
    return { status: r.status, body: (await r.json()) as any };
  };
  const setFeed = async (on: boolean) => {
    const area = (await h.server.store.repos.areas.get('cambs-demo'))!;
    await h.server.store.repos.areas.put({ ...area, activityFeedReminders: on });
  };
  const aad = (s: Speaker) => s.aad;

  beforeAll(async () => {
    g = await startGraphHarness();
    for (const p of ['p-police', 'p-housing', 'p-csc', 'p-health', 'p-education', 'p-idva', 'p-coordinator'])
      g.graph.users.set(demoAadObjectId(p), {
        id: demoAadObjectId(p),
        displayName: p,
        userPrincipalName: `${p}@fenshire.example`,
        userType: 'Member',
      });
    h = await startBotHarness({ graph: createGraph(g.config) });
    h.server.bot.scheduler.stop();
    const r = h.server.store.repos;
    const m = (await r.meetings.get('m-demo'))!;
    await r.meetings.put({ ...m, date: '2026-12-01', invitedAgencyIds: INVITED }, m.version);
    for (const s of Object.values(reps)) await h.send(personal(s, chat.say(s, 'hi')));
  });
  afterAll(async () => {
    await h?.close();
    await g?.close();
  });

  it('the manifest declares every activity type the app sends', () => {
    const manifest = JSON.parse(
      readFileSync(join(import.meta.dirname, '../../manifest/appPackage/manifest.json'), 'utf8'),
    );
    const declared = manifest.activities.activityTypes.map((a: { type: string }) => a.type);
    for (const t of ACTIVITY_TYPES) expect(declared).toContain(t);
    const minutes = manifest.activities.activityTypes.find(
      (a: { type: string }) => a.type === 'minutesReady',
    );
    expect(minutes.templateText).toContain('{meetingDate}');
  });

  it('feed off: publishing sends the invited representatives one card each and nothing to the feed', async () => {
    expect((await api('p-coordinator', 'POST', '/api/meetings/m-demo/publish')).status).toBe(200);
    expect(cards(reps.police, 'MARAC agenda')).toHaveLength(1);
    expect(cards(reps.housing, 'MARAC agenda')).toHaveLength(1);
    expect(cards(reps.health, 'MARAC agenda')).toHaveLength(0);
    expect(g.graph.notifications).toEqual([]);
  });

  it('feed on: a re-publication with a change sends a card and a feed notice to each invited representative; nothing changed sends nothing', async () => {
    await setFeed(true);
    const r = h.server.store.repos;
    const c = (await r.cases.get('c-demo-2'))!;
    await r.cases.put(
      {
        ...c,
        personal: { ...c.personal, victim: { ...c.personal.victim, address: '2 New Road, Fenshire' } },
      },
      c.version,
    );
    expect((await api('p-coordinator', 'POST', '/api/meetings/m-demo/publish')).body.changed).toEqual([
      'c-demo-2',
    ]);
    const researchers = (await r.people.list()).filter(
      (p) => INVITED.includes(p.agencyId ?? '') && p.roles.some((x) => x === 'agency-rep' || x === 'idva'),
    );
    await vi.waitFor(() => expect(feed('agendaPublished')).toHaveLength(researchers.length));
    await h.settle();
    expect(
      feed('agendaPublished')
        .map((n) => n.recipient)
        .sort(),
    ).toEqual(researchers.map((p) => p.aadObjectId).sort());
    const n = feed('agendaPublished')[0].body;
    expect(n.templateParameters).toEqual([{ name: 'meetingDate', value: 'Tue 1 Dec 2026' }]);
    expect(n.topic.webUrl).toMatch(/^https:\/\/teams\.microsoft\.com\/l\/entity\//);
    expect(decodeURIComponent(n.topic.webUrl)).toContain('"subEntityId":"research:m-demo"');
    expect(JSON.stringify(g.graph.notifications)).not.toMatch(/MC-\d{4}|New Road/);
    expect(cards(reps.police, 'MARAC agenda')).toHaveLength(2);
    expect(cards(reps.police, 'MARAC agenda')[1]).toContain(c.reference);
    expect(cards(reps.police, 'MARAC agenda')[1]).not.toContain('c-demo-1"');

    const unchanged = await api('p-coordinator', 'POST', '/api/meetings/m-demo/publish');
    expect(unchanged.body.unchanged).toBe(true);
    await h.settle();
    expect(cards(reps.police, 'MARAC agenda')).toHaveLength(2);
    expect(feed('agendaPublished')).toHaveLength(researchers.length);
  });

  it('circulated minutes: a notice to each representative of an agency invited or present, once; never the minutes', async () => {
    const r = h.server.store.repos;
    const deps = { store: h.server.store, clock: h.clock };
    const actor = async (id: string): Promise<Actor> => {
      const p = (await r.people.get(id))!;
      return { aadObjectId: p.aadObjectId, displayName: p.displayName, person: p };
    };
    // Health was not invited but came; Education neither.
    for (const id of ['p-chair', 'p-police', 'p-housing', 'p-health'])
      await markPresent(deps, 'm-demo', await actor(id), 'joined');
    const chair = await actor('p-chair');
    await openDeclaration(deps, 'm-demo', chair);
    for (const id of ['p-chair', 'p-police', 'p-housing', 'p-health'])
      await confirmDeclaration(deps, 'm-demo', await actor(id), 'typed');
    await runChairCommand(deps, 'm-demo', chair, { type: 'start' });
    await runChairCommand(deps, 'm-demo', chair, { type: 'end' });
    await h.settle();
    const before = g.graph.notifications.length;

    const draft = (await api('p-coordinator', 'GET', '/api/meetings/m-demo/minutes')).body;
    const body = { expectedVersion: draft.draft.version };
    expect((await api('p-coordinator', 'POST', '/api/meetings/m-demo/minutes/circulated', body)).status).toBe(
      200,
    );
    const told = (await r.people.list()).filter(
      (p) =>
        [...INVITED, 'health'].includes(p.agencyId ?? '') &&
        p.roles.some((x) => x === 'agency-rep' || x === 'idva'),
    );
    await vi.waitFor(() => expect(feed('minutesReady')).toHaveLength(told.length));
    for (const s of [reps.police, reps.housing, reps.csc, reps.health])
      expect(cards(s, 'MARAC minutes ready'), s.name).toHaveLength(1);
    expect(cards(reps.education, 'MARAC minutes ready')).toHaveLength(0);
    expect(feed('minutesReady').map((n) => n.recipient)).not.toContain(aad(reps.education));
    const card = cards(reps.housing, 'MARAC minutes ready')[0];
    expect(card).toContain('Tue 1 Dec 2026');
    expect(card).toContain('/meetings/m-demo/minutes');
    for (const c of await r.cases.list({ meetingId: 'm-demo' })) {
      expect(card).not.toContain(c.reference);
      expect(JSON.stringify(g.graph.notifications)).not.toContain(c.reference);
    }
    expect(card).not.toMatch(/Attendees|OFFICIAL-SENSITIVE minutes/);

    // Circulating again is idempotent: no event, nothing sent.
    expect((await api('p-coordinator', 'POST', '/api/meetings/m-demo/minutes/circulated', body)).status).toBe(
      200,
    );
    await h.settle();
    expect(cards(reps.housing, 'MARAC minutes ready')).toHaveLength(1);
    expect(g.graph.notifications.length).toBe(before + told.length);
  });
});
