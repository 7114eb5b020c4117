import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBotHarness } from '../../testing/bot-harness.js';
import { demoSpeaker, guest, meetingChat, postActivity } from '../../testing/teams-activities.js';

const chair = demoSpeaker('p-chair', 'Chris Chair');
const coordinator = demoSpeaker('p-coordinator', 'Cara Coordinator');
const housing = demoSpeaker('p-housing', 'Housing Rep');
const police = demoSpeaker('p-police', 'Police Rep');
const visitor = guest(1, 'Vic Visitor');

describe('declaration and attendance in the meeting chat (over HTTP, Teams-shaped activities)', () => {
  let h: Awaited<ReturnType<typeof startBotHarness>>;
  let chat: ReturnType<typeof meetingChat>;
  const send = (a: unknown) => h.send(a);
  const texts = () => h.connector.messages(chat.conversationId).map((m) => m.text ?? '');
  const cards = () => h.connector.messages(chat.conversationId).filter((m) => m.attachments?.length);
  const cardText = (m: { attachments?: unknown[] }) => JSON.stringify(m.attachments);

  beforeAll(async () => {
    h = await startBotHarness();
    chat = meetingChat(h.connector.url);
  });
  afterAll(() => h.close());

  it('explains how to link when added to an unlinked meeting chat, and refuses a code from a non-chair', async () => {
    await send(chat.installed(chair));
    expect(texts().at(-1)).toMatch(/link CODE/);
    await send(chat.say(housing, 'link DEMO'));
    expect(texts().at(-1)).toMatch(/Only the chair or a coordinator/);
    await send(chat.say(chair, 'next'));
    expect(texts().at(-1)).toMatch(/not linked/);
  });

  it('links with the meeting code and posts the declaration with one roll-call card', async () => {
    await send(chat.say(coordinator, 'link DEMO'));
    expect(texts().at(-1)).toMatch(/Linked to the MARAC of Tue 24 Nov 2026 at 09:30/);
    await send(chat.join(chair, chair, coordinator, housing, police));
    await send(
      chat.event(chair, 'application/vnd.microsoft.meetingStart', { Id: 'x', MeetingType: 'Scheduled' }),
    );
    const decl = cards().find((m) => cardText(m).includes('Confidentiality declaration'));
    expect(decl).toBeDefined();
    expect(cardText(decl!)).toContain('I confirm');
    expect(cardText(decl!)).toContain('STRICTLY CONFIDENTIAL');
    const roll = cards().filter((m) => cardText(m).includes('Declaration roll call'));
    expect(roll).toHaveLength(1);
    expect(cardText(roll[0])).toContain('0 of 4 present have confirmed');
  });

  it('records typed confirmations without a mention, ignores chatter and negations, updates the roll call in place', async () => {
    const before = cards().filter((m) => cardText(m).includes('Declaration roll call'))[0];
    await send(chat.say(housing, 'morning all'));
    await send(chat.say(housing, "I don't agree"));
    await send(chat.say(police, 'Agree - P Rep, Police'));
    await send(chat.say(chair, 'I agree'));
    const agreed = chat.say(coordinator, '👍 agreed');
    await send(agreed);
    await send(agreed); // Teams delivers the same activity twice
    await send(chat.say(coordinator, 'I confirm')); // confirming twice records once
    const confirmations = await h.server.store.repos.confirmations.list('m-demo');
    expect(confirmations.map((c) => c.displayName).sort()).toEqual([
      'Cara Coordinator',
      'Chris Chair',
      'Police Rep',
    ]);
    expect(
      confirmations.every(
        (c) => c.method === 'typed' && c.declarationVersion === 'cambs-2020-1' && c.messageId,
      ),
    ).toBe(true);
    const roll = cards().filter((m) => cardText(m).includes('Declaration roll call'));
    expect(roll).toHaveLength(1);
    expect(roll[0].id).toBe(before.id);
    expect(roll[0].updated).toBeGreaterThan(0);
    expect(cardText(roll[0])).toContain('3 of 4 present have confirmed');
    expect(cardText(roll[0])).toContain('Housing Rep');
  });

  it('refuses start while someone present is unconfirmed, naming them; only the chair may start', async () => {
    await send(chat.say(housing, 'start'));
    expect(texts().at(-1)).toBe('Only the chair can do that.');
    await send(chat.say(chair, 'start'));
    expect(texts().at(-1)).toMatch(/Not everyone present has confirmed the declaration: Housing Rep/);
    const refusals = (await h.server.store.repos.audit.list()).filter((a) => a.outcome === 'refused');
    expect(refusals.map((a) => a.action)).toEqual(expect.arrayContaining(['chair.start', 'meeting.link']));
  });

  it('confirms by card with Action.Execute and shows that person their own state', async () => {
    const r = await send(chat.card(housing, 'declaration.confirm', { meetingId: 'm-demo' }));
    expect(r.status).toBe(200);
    expect(JSON.stringify(r.body)).toMatch(/You confirmed at 09:25/);
    const refreshChair = await send(
      chat.card(chair, 'declaration.refresh', { meetingId: 'm-demo' }, 'automatic'),
    );
    expect(JSON.stringify(refreshChair.body)).toContain('4 of 4 present have confirmed');
  });

  it('asks a newcomer privately to confirm and lists them on the roll call; the gate waits for them', async () => {
    const posts = texts().length;
    await send(chat.join(chair, visitor));
    expect(texts()).toHaveLength(posts);
    expect(h.connector.notifications('MCMeeting-demo').map((n) => [n.recipients, n.title])).toEqual([
      [[visitor.teamsId], expect.stringMatching(/confirm the confidentiality declaration/)],
    ]);
    const roll = cards().filter((m) => cardText(m).includes('Declaration roll call'));
    expect(roll).toHaveLength(1);
    // Joined after the declaration but before any case: not "late" (the seeds' meaning), still unconfirmed.
    expect(cardText(roll[0])).toContain('Vic Visitor');
    expect(cardText(roll[0])).not.toContain('joined late');
    await send(chat.say(chair, 'start'));
    expect(texts().at(-1)).toMatch(/Vic Visitor/);
  });

  it('refuses a card submission aimed at another meeting and audits it', async () => {
    const r = await send(chat.card(visitor, 'declaration.confirm', { meetingId: 'm-demo-closed' }));
    expect(JSON.stringify(r.body)).toContain('does not belong to this meeting');
    expect((await h.server.store.repos.confirmations.list('m-demo-closed')).length).toBe(0);
  });

  it('lets the chair override with a recorded reason naming who had not confirmed', async () => {
    await send(chat.say(chair, 'override visitor is the observer, confirming by phone'));
    const roll = cards().filter((m) => cardText(m).includes('Declaration roll call'));
    expect(cardText(roll[0])).toMatch(/opened the meeting although Vic Visitor had not confirmed/);
    const entry = (await h.server.store.repos.audit.list()).find(
      (a) => a.action === 'chair.start' && a.outcome === 'done',
    );
    expect(entry?.reason).toBe('visitor is the observer, confirming by phone');
    expect(JSON.stringify(entry?.details)).toContain('Vic Visitor');
  });

  it('answers help in a personal chat and rejects malformed activities with 4xx, writing nothing', async () => {
    const personal = {
      ...chat.say(housing, 'hello'),
      conversation: { id: 'a:personal-housing', conversationType: 'personal' },
    };
    await send(personal);
    expect(h.connector.messages('a:personal-housing').at(-1)?.text).toMatch(/1:1 chat/);
    const audits = (await h.server.store.repos.audit.list()).length;
    expect((await postActivity(h.url, { text: 'no type' })).status).toBe(400);
    const raw = await fetch(`${h.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"type":',
    });
    expect(raw.status).toBe(400);
    const big = await fetch(`${h.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...chat.say(housing, 'x'), text: 'a'.repeat(300_000) }),
    });
    expect(big.status).toBe(413);
    expect((await h.server.store.repos.audit.list()).length).toBe(audits);
    expect((await fetch(`${h.url}/healthz`)).status).toBe(200);
  });

  it('accepts overlong text without recording it as a confirmation', async () => {
    const long = chat.say(guest(7, 'Long Writer'), `I agree ${'and furthermore '.repeat(1500)}`);
    expect((await send(long)).status).toBe(200);
    const confirmed = await h.server.store.repos.confirmations.list('m-demo');
    expect(confirmed.some((c) => c.displayName === 'Long Writer')).toBe(false);
  });

  it('never puts victim or perpetrator names in the chat', async () => {
    const all = JSON.stringify(h.connector.messages(chat.conversationId));
    for (const name of ['Ava Example', 'Adam Example', 'Bea Sample']) expect(all).not.toContain(name);
  });
});
