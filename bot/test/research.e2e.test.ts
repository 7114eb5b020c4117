import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBotHarness } from '../../testing/bot-harness.js';
import { type Speaker, demoSpeaker, meetingChat, postActivity } from '../../testing/teams-activities.js';

const housing = demoSpeaker('p-housing', 'Housing Rep');
const police = demoSpeaker('p-police', 'Police Rep');
const csc = demoSpeaker('p-csc', 'CSC Rep');
const observer = demoSpeaker('p-observer', 'Olly Observer');

type Answer = { status: number; body?: unknown };
const shown = (r: Answer) => JSON.stringify((r.body as { value: unknown }).value);

/** The published agenda reaches each invited agency's representatives in their 1:1 chat. */
describe('research: the agenda in 1:1 chats, "no information held" with one click (over HTTP)', () => {
  let h: Awaited<ReturnType<typeof startBotHarness>>;
  const chat = meetingChat('', '19:unused@thread.v2');
  const dm = (s: Speaker) => `a:dm-${s.teamsId}`;
  /** Activities in someone's 1:1 chat with the bot. */
  const personal = (s: Speaker, activity: Record<string, unknown>) => ({
    ...activity,
    serviceUrl: h.connector.url,
    conversation: { id: dm(s), conversationType: 'personal', tenantId: 'tenant-demo' },
  });
  const cards = (s: Speaker) =>
    h.connector
      .messages(dm(s))
      .filter((m) => m.attachments?.length)
      .map((m) => JSON.stringify(m.attachments));
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

  beforeAll(async () => {
    h = await startBotHarness();
    h.server.bot.scheduler.stop();
    const m = (await h.server.store.repos.meetings.get('m-demo'))!;
    await h.server.store.repos.meetings.put({ ...m, date: '2026-12-01' }, m.version);
    // Each has spoken to the bot once in their 1:1 chat, so it can reach them there.
    for (const s of [housing, police, csc, observer]) await h.send(personal(s, chat.say(s, 'hi')));
  });
  afterAll(() => h?.close());

  it('publishing sends each invited representative one card: references, the deadline, never a name', async () => {
    expect((await api('p-coordinator', 'POST', '/api/meetings/m-demo/publish')).status).toBe(200);
    for (const s of [housing, police, csc]) expect(cards(s), s.name).toHaveLength(1);
    expect(cards(observer)).toHaveLength(0);
    const card = cards(housing)[0];
    expect(card).toContain('MARAC agenda · MARAC Tue 1 Dec 2026 09:30');
    expect(card).toContain('Research due by Mon 30 Nov 2026, 14:00.');
    expect(card.match(/Not yet returned/g)).toHaveLength(8);
    expect(card.match(/"verb":"research.none"/g)).toHaveLength(8);
    for (const c of await h.server.store.repos.cases.list({ meetingId: 'm-demo' })) {
      expect(card).toContain(c.reference);
      expect(card).not.toContain(c.personal.victim.name);
      for (const p of c.personal.perpetrators) expect(card).not.toContain(p.name);
    }
  });

  it('records "no information held" with one click on the card, answered with the card as it now stands', async () => {
    const r = await postActivity(
      h.url,
      personal(
        housing,
        chat.card(housing, 'research.none', {
          meetingId: 'm-demo',
          caseId: 'c-demo-1',
          cases: 'c-demo-1,c-demo-2',
        }),
      ),
    );
    expect(shown(r)).toContain('Recorded: no information held.');
    expect(shown(r)).toMatch(/1\. MC-\d{4}-0001[^"]*\([^)]*\)"[\s\S]*No information held/);
    expect(shown(r).match(/"verb":"research.none"/g)).toHaveLength(1);
    const matrix = await api('p-coordinator', 'GET', '/api/meetings/m-demo/research-returns');
    expect(matrix.body.rows[0].cells.housing).toEqual({ state: 'none-held', late: false });
  });

  it('refuses an observer, and a representative of an agency not invited to a closed session, audited', async () => {
    const obs = await postActivity(
      h.url,
      personal(observer, chat.card(observer, 'research.none', { meetingId: 'm-demo', caseId: 'c-demo-1' })),
    );
    expect((obs.body as { statusCode: number }).statusCode).toBe(403);
    await api('p-coordinator', 'POST', '/api/meetings/m-demo-closed/publish');
    const closed = await postActivity(
      h.url,
      personal(
        housing,
        chat.card(housing, 'research.none', { meetingId: 'm-demo-closed', caseId: 'c-demo-9' }),
      ),
    );
    // Answered like any card from elsewhere: it never says whether the closed session exists.
    expect((closed.body as { statusCode: number }).statusCode).toBe(400);
    const refused = (await h.server.store.repos.audit.list(0, 10_000)).filter((a) => a.outcome === 'refused');
    expect(refused.some((a) => a.actor === 'p-housing' && a.subject === 'meeting:m-demo-closed')).toBe(true);
    expect(cards(housing)).toHaveLength(1);
    expect(cards(police)).toHaveLength(2);
    expect(cards(police)[1]).toContain('closed session');
  });

  it('re-publishing sends nothing when nothing changed, and only the changed case when one did', async () => {
    await api('p-coordinator', 'POST', '/api/meetings/m-demo/publish');
    expect(cards(housing)).toHaveLength(1);
    const c3 = (await h.server.store.repos.cases.get('c-demo-3'))!;
    await h.server.store.repos.cases.put(
      {
        ...c3,
        personal: { ...c3.personal, victim: { ...c3.personal.victim, address: '2 Mill Lane, Fenshire' } },
      },
      c3.version,
    );
    await api('p-coordinator', 'POST', '/api/meetings/m-demo/publish');
    expect(cards(housing)).toHaveLength(2);
    expect(cards(housing)[1].match(/"verb":"research.none"/g)).toHaveLength(1);
    expect(cards(housing)[1]).toContain(c3.reference);
  });

  it('chasing an agency reminds its representatives of the cases still not returned', async () => {
    const r = await api('p-coordinator', 'POST', '/api/meetings/m-demo/research-chase', {
      agencyId: 'housing',
    });
    expect(r.body.cases).toBe(7);
    const reminder = cards(housing).at(-1)!;
    expect(reminder).toContain('Reminder: research not yet returned');
    expect(reminder.match(/"verb":"research.none"/g)).toHaveLength(7);
    expect(cards(police)).toHaveLength(3);
  });

  it("the chair's case card and the side panel say which agencies returned research", async () => {
    await api('p-police', 'POST', '/api/meetings/m-demo/research/c-demo-1', {
      held: true,
      summary: { risk: 'Two call-outs in October' },
    });
    const chair = demoSpeaker('p-chair', 'Chris Chair');
    const room = meetingChat(h.connector.url, '19:meeting_research@thread.v2');
    await h.send(room.say(chair, 'link DEMO'));
    await h.send(room.join(chair, chair));
    await h.send(room.say(chair, 'declaration'));
    await h.send(room.say(chair, 'I agree'));
    await h.send(room.say(chair, 'start'));
    await h.send(room.say(chair, 'next'));
    const caseCard = h.connector
      .messages(room.conversationId)
      .map((m) => JSON.stringify(m.attachments ?? ''))
      .find((a) => a.includes('Case 1 of 8 ·') && a.includes('Add an action'));
    expect(caseCard).toContain('Research returned: Police, Housing (2 of 10 agencies)');
    expect(JSON.stringify(h.connector.messages(room.conversationId))).not.toContain('Two call-outs');
    const live = await api('p-chair', 'GET', '/api/meetings/m-demo/live');
    expect(live.body.snapshot.current.researchReturned).toEqual(['Police', 'Housing']);
  });
});
