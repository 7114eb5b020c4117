import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listUndeliverableActions } from '@marac/core/coordinator';
import { recordVictimViews } from '@marac/core/research';
import { startBotHarness } from '../../testing/bot-harness.js';
import { demoSpeaker, guest, meetingChat } from '../../testing/teams-activities.js';

/**
 * The small things a chat reader notices, over HTTP with Teams-shaped activities: hints for the
 * chair's near-miss commands, one install greeting, the declaration's per-user refresh list, and
 * an action for an agency nobody can be reached in.
 */
const chair = demoSpeaker('p-chair', 'Chris Chair');
const coordinator = demoSpeaker('p-coordinator', 'Cara Coordinator');
const housing = demoSpeaker('p-housing', 'Housing Rep');
const police = demoSpeaker('p-police', 'Police Rep');

describe('chat details', () => {
  let h: Awaited<ReturnType<typeof startBotHarness>>;
  let chat: ReturnType<typeof meetingChat>;
  const messages = () => h.connector.messages(chat.conversationId);
  const texts = () => messages().map((m) => m.text ?? '');
  const newTexts = async (fn: () => Promise<unknown>) => {
    const before = messages().length;
    await fn();
    return texts().slice(before);
  };
  /** The outbox may still be sending when nothing is pending: wait until the chat stops changing. */
  const drain = async () => {
    for (let stable = 0, last = ''; stable < 3;) {
      await h.settle();
      const now = JSON.stringify(messages().map((m) => [m.id, m.updated]));
      stable = now === last ? stable + 1 : 0;
      last = now;
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  /**
   * Waits for the chat to show what the test expects, bounded by real time: on loaded cores the
   * outbox can take longer than any fixed pause (Teams' per-conversation limits space the updates).
   */
  const eventually = async (ok: () => boolean, withinMs = 90_000) => {
    for (const until = Date.now() + withinMs; !ok() && Date.now() < until;) await drain();
  };
  const say = (who: typeof chair, t: string) => h.send(chat.say(who, t));
  const installation = (from: typeof chair) => ({
    ...chat.installed(from),
    type: 'installationUpdate',
    action: 'add',
    membersAdded: undefined,
  });

  beforeAll(async () => {
    h = await startBotHarness();
    chat = meetingChat(h.connector.url, '19:meeting_details@thread.v2', 'MCMeeting-details');
  });
  afterAll(() => h.close());

  it('greets once when Teams sends installationUpdate and conversationUpdate, even delivered twice', async () => {
    const update = chat.installed(chair);
    const install = installation(chair);
    const greeted = await newTexts(async () => {
      await h.send(install);
      await h.send(update);
      await h.send(install); // the same activity again
      await h.send(update);
      await h.send(installation(chair));
    });
    expect(greeted).toHaveLength(1);
    expect(greeted[0]).toMatch(/^Hello\. I help run MARAC meetings in this chat\..*link CODE/);
  });

  it("hints once a minute to the chair's near-miss commands; talk and others get nothing", async () => {
    await say(coordinator, 'link DEMO');
    await h.send(chat.join(chair, chair, coordinator, housing, police));
    const nothing = await newTexts(async () => {
      await say(housing, 'nxt'); // not the chair
      await say(police, 'action Police check the history by 1 Dec'); // not the chair
      await say(chair, 'morning all, next week the review is on Tuesday as usual');
      await say(chair, 'thanks');
    });
    expect(nothing).toEqual([]);
    const first = await newTexts(() => say(chair, 'nxt'));
    expect(first).toEqual(['Commands are one line on their own: did you mean `next`? `help` lists them.']);
    // Within the minute: nothing more, whatever the near miss.
    h.clock.advance(30_000);
    expect(await newTexts(() => say(chair, 'next agency please'))).toEqual([]);
    h.clock.advance(31_000);
    expect(await newTexts(() => say(chair, 'next agency please'))).toEqual([
      'Commands are one line on their own: did you mean `next`? `help` lists them.',
    ]);
    h.clock.advance(61_000);
    expect(await newTexts(() => say(chair, 'action Housing check the tenancy by 1 Dec'))).toEqual([
      expect.stringMatching(/^To record an action: `action <Agency>: <what> by <date>`/),
    ]);
    h.clock.advance(61_000);
    // Still nothing for ordinary talk or for someone else, with the minute past.
    expect(await newTexts(() => say(chair, 'good morning everyone'))).toEqual([]);
    expect(await newTexts(() => say(housing, 'nxt'))).toEqual([]);
    // The minute is kept as a claim, not in the table of people's 1:1 chats.
    const meetingId = (await h.server.store.repos.meetings.byConversationId(chat.conversationId))!.id;
    expect(await h.server.store.repos.conversations.getPersonal(`hint:${meetingId}`)).toBeUndefined();
  });

  it('accepts an action for an agency nobody can be reached in, warns the chair and flags it on the card', async () => {
    await say(chair, 'declaration');
    for (const p of [chair, coordinator, housing, police]) await say(p, 'I agree');
    await say(chair, 'start');
    await say(chair, 'next'); // case 1 opens
    await drain();
    const caseCard = () => messages().find((m) => /Case 1 of \d/.test(JSON.stringify(m.attachments ?? [])))!;
    expect(caseCard()).toBeDefined();
    const before = { posts: messages().length, updated: caseCard().updated };
    // Housing's rep has spoken here (reachable); nobody from Probation has ever been seen in Teams.
    await say(chair, 'action Housing: check the tenancy file by 1 Dec');
    await drain();
    expect(messages().length).toBe(before.posts); // the card shows it: no chat post
    const warned = await newTexts(() =>
      say(chair, 'action Probation: share the licence conditions by 2 Dec'),
    );
    await drain();
    expect(warned).toEqual([
      'Action recorded for Probation, due Wed 2 Dec 2026, but nobody from Probation can be reached in Teams: it is flagged "no one to deliver to" for the coordinator.',
    ]);
    const actions = (await h.server.store.repos.actions.list({})).filter((a) =>
      /tenancy file|licence conditions/.test(a.description),
    );
    expect(actions.map((a) => a.ownerAgencyId).sort()).toEqual(['housing', 'probation']);
    expect(messages().length).toBe(before.posts + 1);
    const card = JSON.stringify(caseCard().attachments);
    expect(caseCard().updated).toBeGreaterThan(before.updated);
    expect(card).toContain(
      '{"title":"Probation","value":"share the licence conditions (due Wed 2 Dec 2026) · no one to deliver to"}',
    );
    expect(card).toContain('{"title":"Housing","value":"check the tenancy file (due Tue 1 Dec 2026)"}');
    // The coordinator's list in the tab (the Undelivered page) flags the same action, by the same rule.
    const coordinatorPerson = (await h.server.store.repos.people.get('p-coordinator'))!;
    const flagged = await listUndeliverableActions(
      { store: h.server.store, clock: h.clock },
      coordinatorPerson,
    );
    expect(flagged.filter((a) => /tenancy file|licence conditions/.test(a.description))).toEqual([
      expect.objectContaining({ agency: 'Probation', description: 'share the licence conditions' }),
    ]);
  });

  it("says on the case card that the IDVA recorded the victim's views, never what they are", async () => {
    const VIEWS = 'She wants the locks changed before he is released from custody';
    const m = (await h.server.store.repos.meetings.byConversationId(chat.conversationId))!;
    const [first, second] = (await h.server.store.repos.agenda.list(m.id)).map((i) => i.caseId);
    const idva = (await h.server.store.repos.people.get('p-idva'))!;
    const deps = { store: h.server.store, clock: h.clock };
    const caseCard = () => messages().find((x) => /Case 1 of \d/.test(JSON.stringify(x.attachments ?? [])))!;
    const before = { posts: messages().length, updated: caseCard().updated };
    expect(JSON.stringify(caseCard().attachments)).not.toContain("Victim's views");
    await recordVictimViews(deps, idva, m.id, first, { text: VIEWS });
    // A case not yet opened has no card: recording its views posts nothing.
    await recordVictimViews(deps, idva, m.id, second, { text: VIEWS });
    await drain();
    expect(messages().length).toBe(before.posts);
    expect(caseCard().updated).toBeGreaterThan(before.updated);
    expect(JSON.stringify(caseCard().attachments)).toContain("Victim's views: recorded by the IDVA");
    expect(JSON.stringify(h.connector.notifications())).not.toContain('locks changed');
    expect(JSON.stringify(messages())).not.toContain('locks changed');
  });

  it("lists every present person, up to Teams' 60, in the declaration's refresh.userIds", async () => {
    const declaration = () =>
      messages().filter((m) => JSON.stringify(m.attachments ?? []).includes('Confidentiality declaration'));
    const userIds = () =>
      (declaration()[0].attachments as { content: { refresh?: { userIds?: string[] } } }[])[0].content.refresh
        ?.userIds ?? [];
    await say(chair, 'declaration');
    expect(declaration()).toHaveLength(1);
    expect([...userIds()].sort()).toEqual([chair, coordinator, housing, police].map((p) => p.teamsId).sort());
    const guests = Array.from({ length: 60 }, (_, i) => guest(100 + i));
    await h.send(chat.join(chair, ...guests.slice(0, 10)));
    expect(declaration()).toHaveLength(1);
    await eventually(() => userIds().length >= 14);
    expect(userIds()).toHaveLength(14);
    expect(userIds()).toEqual(expect.arrayContaining(guests.slice(0, 10).map((g) => g.teamsId)));
    await h.send(chat.join(chair, ...guests.slice(10)));
    expect(declaration()).toHaveLength(1);
    expect(declaration()[0].updated).toBeGreaterThan(1);
    await eventually(() => userIds().length >= 60);
    expect(userIds()).toHaveLength(60);
    expect(new Set(userIds()).size).toBe(60);
    // The chair is always among them, whoever joined later.
    expect(userIds()).toContain(chair.teamsId);
  }, 200_000);
});
