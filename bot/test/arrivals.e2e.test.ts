import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBotHarness } from '../../testing/bot-harness.js';
import { demoSpeaker, guest, meetingChat, postActivity } from '../../testing/teams-activities.js';
import { markPresent } from '@marac/core';
import { rememberUser } from '../src/post.js';

const chair = demoSpeaker('p-chair', 'Chris Chair');
const coordinator = demoSpeaker('p-coordinator', 'Cara Coordinator');
const arrivals = Array.from({ length: 30 }, (_, n) => guest(500 + n, `Arrival ${n}`));

/** 09:30: thirty people join within moments of each other, each announced by Teams on its own. */
describe('everyone arriving at once (over HTTP, Teams-shaped activities)', () => {
  let h: Awaited<ReturnType<typeof startBotHarness>>;
  let chat: ReturnType<typeof meetingChat>;
  const posted = () => h.connector.messages(chat.conversationId).length;
  const card = (title: string) =>
    JSON.stringify(
      h.connector
        .messages(chat.conversationId)
        .find((m) => JSON.stringify(m.attachments ?? []).includes(title))?.attachments,
    );

  const drain = async () => {
    // Teams' per-conversation limits pace the sends in real time: wait for the outbox, bounded.
    for (let i = 0; i < 300 && (await h.server.store.repos.outbox.pending()).length; i++) {
      h.server.bot.worker.kick();
      await new Promise((r) => setTimeout(r, 100));
    }
    await h.settle();
  };

  beforeAll(async () => {
    h = await startBotHarness();
    chat = meetingChat(h.connector.url);
    await h.send(chat.say(coordinator, 'link DEMO'));
    await h.send(chat.join(chair, chair));
    await h.send(chat.event(chair, 'application/vnd.microsoft.meetingStart', { Id: 'x' }));
  });
  afterAll(() => h.close());

  it(
    'asks each newcomer privately, once, and keeps the chat to the cards already there',
    { timeout: 60_000 },
    async () => {
      const messages = posted();
      const asked = h.connector.notifications('MCMeeting-demo').length;
      const answers = await Promise.all(arrivals.map((a) => postActivity(h.url, chat.join(chair, a))));
      expect(answers.map((r) => r.status).every((s) => s < 300)).toBe(true);
      await drain();

      expect(posted()).toBe(messages);
      const reminders = h.connector.notifications('MCMeeting-demo').slice(asked);
      expect(reminders.every((n) => /confirm the confidentiality declaration/.test(n.title ?? ''))).toBe(
        true,
      );
      expect(reminders.flatMap((n) => n.recipients).sort()).toEqual(arrivals.map((a) => a.teamsId).sort());
      expect(card('Declaration roll call')).toContain('0 of 31 present have confirmed');
      // The declaration card refreshes into each person's own view: everyone present is on its list.
      const declaration = card('Confidentiality declaration');
      for (const a of arrivals) expect(declaration).toContain(a.teamsId);
    },
  );

  it(
    'arrivals committed together redraw the cards once and are asked in one notification',
    { timeout: 60_000 },
    async () => {
      const later = Array.from({ length: 20 }, (_, n) => guest(700 + n, `Later ${n}`));
      const { store } = h.server;
      for (const a of later) await rememberUser(store.repos, a.aad, a.teamsId, h.connector.url);
      const requests = h.connector.requests.length;
      const asked = h.connector.notifications('MCMeeting-demo').length;
      await store.tx(async () => {
        for (const a of later)
          await markPresent(
            h.server.bot.deps,
            'm-demo',
            { aadObjectId: a.aad, displayName: a.name },
            'joined',
          );
      });
      await drain();

      const reminders = h.connector.notifications('MCMeeting-demo').slice(asked);
      expect(reminders.map((n) => n.recipients.length)).toEqual([20]);
      expect(card('Declaration roll call')).toContain('0 of 51 present have confirmed');
      // The declaration and roll-call cards updated once each, and the one notification.
      expect(h.connector.requests.length - requests).toBe(3);
    },
  );
});
