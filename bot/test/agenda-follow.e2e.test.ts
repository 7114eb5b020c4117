import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBotHarness } from '../../testing/bot-harness.js';
import { demoSpeaker, meetingChat } from '../../testing/teams-activities.js';
import { openSse, type SseConnection } from '../../tab/test/support/sse-client.js';

const chair = demoSpeaker('p-chair', 'Chris Chair');
const police = demoSpeaker('p-police', 'Police Rep');
const dash = (yes: number) => Array.from({ length: 24 }, (_, i) => (i < yes ? 'yes' : 'no'));

/**
 * A meeting made in the tab runs as its agenda stands: referrals listed after the chat is linked
 * and after the chair's `start`, a reorder and a removal all reach the bot and the side panel;
 * the chair hears exactly the listed cases in agenda order and the minutes list them.
 */
describe('the live running order is the agenda until a case opens', () => {
  let h: Awaited<ReturnType<typeof startBotHarness>>;
  let chat: ReturnType<typeof meetingChat>;
  let coordinator: string;
  let meetingId: string;
  let panel: SseConnection;
  const refs: Record<string, string> = {};
  const ids: Record<string, string> = {};

  const call = async (method: string, path: string, body?: unknown, token = coordinator) => {
    const res = await fetch(h.url + path, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  };
  const refer = async (key: string, victim: string) => {
    const r = await call('POST', '/api/referrals', {
      areaId: 'cambs-demo',
      meetingId,
      referringAgencyId: 'police',
      victim: { name: victim, dateOfBirth: '1990-03-04' },
      perpetrators: [{ name: `${victim} Partner`, dateOfBirth: '1988-05-06' }],
      children: [],
      dash: dash(18),
      criteria: ['visible-high-risk'],
      consent: 'given',
      honourBasedAbuse: false,
      worksForCoreAgency: false,
      diversity: {},
    });
    expect(r.status).toBe(201);
    refs[key] = r.body.case.reference;
    ids[key] = r.body.case.id;
  };
  const lastReply = () => h.connector.messages(chat.conversationId).at(-1)?.text ?? '';
  const status = async () => {
    await h.send(chat.say(chair, 'status'));
    return lastReply();
  };
  /** The side panel's stream shows these references, in this order, within a second of the change. */
  const panelShows = async (expected: string[], since: number, t0: number) => {
    const m = await panel.waitFor(
      (x) =>
        x.data?.snapshot?.cases?.map((c: { reference: string }) => c.reference).join() === expected.join(),
      1000,
      since,
    );
    expect(m.receivedAt - t0).toBeLessThan(1000);
  };
  beforeAll(async () => {
    h = await startBotHarness();
    chat = meetingChat(h.connector.url, '19:meeting_agenda@thread.v2');
    const signIn = await fetch(`${h.url}/api/dev/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ personId: 'p-coordinator' }),
    });
    coordinator = ((await signIn.json()) as { token: string }).token;
  });
  afterAll(async () => {
    panel?.close();
    await h?.close();
  });

  it('a new meeting made in the tab, linked in chat, shows each case listed before and after linking', async () => {
    const created = await call('POST', '/api/meetings', {
      areaId: 'cambs-demo',
      kind: 'marac',
      date: '2026-11-24',
      startTime: '10:00',
      chairId: 'p-chair',
    });
    expect(created.status).toBe(201);
    meetingId = created.body.id;
    await refer('first', 'Una Early');
    await h.send(chat.say(chair, `link ${created.body.linkCode}`));
    await h.send(chat.join(chair, chair, police));
    panel = await openSse(`${h.url}/api/meetings/${meetingId}/events`, { token: coordinator });
    await panel.waitFor((m) => m.event === 'snapshot');
    expect(await status()).toMatch(/^Not started; 1 case on the agenda\./);

    const seen = panel.messages.length;
    const t0 = performance.now();
    await refer('second', 'Vera Linked');
    await panelShows([refs.first, refs.second], seen, t0);
    expect(await status()).toMatch(/^Not started; 2 cases on the agenda\./);
  });

  it("a referral listed after the chair's start, a reorder and a removal reach the bot and the side panel", async () => {
    await h.send(chat.say(chair, 'declaration'));
    for (const p of [chair, police]) await h.send(chat.say(p, 'I agree'));
    await h.send(chat.say(chair, 'start'));
    expect(await status()).toMatch(/^0 of 2 cases done\./);

    let seen = panel.messages.length;
    let t0 = performance.now();
    await refer('third', 'Wren Late');
    await panelShows([refs.first, refs.second, refs.third], seen, t0);
    expect(await status()).toMatch(/^0 of 3 cases done\./);

    seen = panel.messages.length;
    t0 = performance.now();
    const reordered = await call('PUT', `/api/meetings/${meetingId}/agenda`, {
      caseIds: [ids.third, ids.first, ids.second],
      expectedOrder: [ids.first, ids.second, ids.third],
    });
    expect(reordered.status).toBe(200);
    await panelShows([refs.third, refs.first, refs.second], seen, t0);

    seen = panel.messages.length;
    t0 = performance.now();
    const noReason = await call('DELETE', `/api/meetings/${meetingId}/agenda/${ids.first}`, { reason: ' ' });
    expect(noReason.status).toBe(400);
    const removed = await call('DELETE', `/api/meetings/${meetingId}/agenda/${ids.first}`, {
      reason: 'Referrer withdrew: managed by the IDVA service',
    });
    expect(removed.status).toBe(200);
    await panelShows([refs.third, refs.second], seen, t0);
    expect(await status()).toMatch(/^0 of 2 cases done\./);
    const audit = (await h.server.store.repos.audit.list(0, 100_000)).filter(
      (a) => a.subject === `case:${ids.first}` && a.action === 'case.removed',
    );
    expect(audit.map((a) => [a.outcome, a.reason])).toEqual([
      ['done', 'Referrer withdrew: managed by the IDVA service'],
    ]);
    expect((await h.server.store.repos.cases.get(ids.first))?.status).toBe('referred');
  });

  it('the chair hears exactly the listed cases in agenda order; an opened case keeps its place', async () => {
    await h.send(chat.say(chair, 'next'));
    expect(await status()).toMatch(new RegExp(`^Case 1 of 2 · ${refs.third} ·`));
    // The case being heard cannot be taken off the agenda; one not yet opened can still move.
    const refused = await call('DELETE', `/api/meetings/${meetingId}/agenda/${ids.third}`, {
      reason: 'try',
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/already been opened/);
    await h.send(chat.say(chair, 'next case'));
    expect(await status()).toMatch(new RegExp(`^Case 2 of 2 · ${refs.second} ·`));
    await h.send(chat.say(chair, 'end'));
    expect(lastReply()).not.toMatch(/Every case has been heard/);

    const hearings = await h.server.store.repos.hearings.list({ meetingId });
    expect(hearings.map((x) => [x.caseId, x.outcome])).toEqual([
      [ids.third, 'heard'],
      [ids.second, 'heard'],
    ]);
    const minutes = await call('GET', `/api/meetings/${meetingId}/minutes`);
    expect(minutes.status).toBe(200);
    const cases = (minutes.body.record ?? minutes.body).cases as { reference: string; status: string }[];
    expect(cases.map((c) => [c.reference, c.status])).toEqual([
      [refs.third, 'heard'],
      [refs.second, 'heard'],
    ]);
    // An ended meeting's agenda is locked.
    const late = await call('PUT', `/api/meetings/${meetingId}/agenda`, { caseIds: [ids.second, ids.third] });
    expect(late.status).toBe(400);
    expect(late.body.error.message).toMatch(/ended; its agenda is locked/);
  });
});
