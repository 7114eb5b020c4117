import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBotHarness } from '../../testing/bot-harness.js';
import { demoSpeaker, meetingChat } from '../../testing/teams-activities.js';

const chair = demoSpeaker('p-chair', 'Chris Chair');
const housing = demoSpeaker('p-housing', 'Housing Rep');

/** An action completed in the tab shows the same state on the agency's card in Teams, updated in place. */
describe('actions: the tab and the agency card show the same state (over HTTP)', () => {
  let h: Awaited<ReturnType<typeof startBotHarness>>;
  let chat: ReturnType<typeof meetingChat>;
  const repos = () => h.server.store.repos;
  const housingChat = async () =>
    ((await repos().conversations.getPersonal(`user:${housing.aad}`))?.personal as { conversationId: string })
      ?.conversationId;
  const token = async (personId: string) => {
    const r = await fetch(`${h.url}/api/dev/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ personId }),
    });
    return ((await r.json()) as { token: string }).token;
  };

  beforeAll(async () => {
    h = await startBotHarness();
    h.server.bot.scheduler.stop();
    chat = meetingChat(h.connector.url, '19:meeting_sync@thread.v2');
    await h.send(chat.say(chair, 'link DEMO'));
    await h.send(chat.join(chair, chair, housing));
    await h.send(chat.say(chair, 'declaration'));
    for (const p of [chair, housing]) await h.send(chat.say(p, 'I agree'));
    await h.send(chat.say(chair, 'start'));
    await h.send(chat.say(chair, 'next'));
    await h.send(chat.say(chair, 'action Housing: Fit a sanctuary scheme at the address by 2026-12-01'));
    await h.send(chat.say(chair, 'end'));
    for (let i = 0; i < 100 && !(await housingChat()); i++) await h.settle();
  });
  afterAll(() => h?.close());

  it('completing in the tab updates the card already in the 1:1 chat, without a new message', async () => {
    const conversation = (await housingChat())!;
    const cards = () => h.connector.messages(conversation).filter((m) => m.attachments?.length);
    expect(cards()).toHaveLength(1);
    expect(JSON.stringify(cards()[0].attachments)).toMatch(/"title":"Status","value":"Open"/);
    const [a] = await repos().actions.list({ ownerAgencyId: 'housing', meetingId: 'm-demo' });
    const res = await fetch(`${h.url}/api/actions/${a.id}/change`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await token('p-housing')}` },
      body: JSON.stringify({ kind: 'complete', note: 'Scheme fitted on 28 Nov', version: a.version }),
    });
    expect(res.status).toBe(200);
    await h.settle();
    const now = cards();
    expect(now).toHaveLength(1);
    const shown = JSON.stringify(now[0].attachments);
    expect(shown).toMatch(/"title":"Status","value":"Complete"/);
    expect(shown).toContain('complete: Scheme fitted on 28 Nov');
    expect(shown).not.toContain('"verb":"action.complete"');
  });
});
