import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBotHarness } from '../../testing/bot-harness.js';
import { demoSpeaker, meetingChat, postActivity } from '../../testing/teams-activities.js';

const chair = demoSpeaker('p-chair', 'Chris Chair');
const police = demoSpeaker('p-police', 'Police Rep');
const housing = demoSpeaker('p-housing', 'Housing Rep');
const csc = demoSpeaker('p-csc', 'CSC Rep');

describe('the chair runs the meeting over HTTP with a controllable clock', () => {
  let h: Awaited<ReturnType<typeof startBotHarness>>;
  let chat: ReturnType<typeof meetingChat>;
  const send = (a: unknown) => h.send(a);
  const texts = () => h.connector.messages(chat.conversationId).map((m) => m.text ?? '');
  /** Timer warnings reach the chair as targeted in-meeting notifications, not chat posts. */
  const warned = () => h.connector.notifications('MCMeeting-demo').map((n) => n.title ?? '');
  const caseCards = () =>
    h.connector
      .messages(chat.conversationId)
      .filter(
        (m) =>
          JSON.stringify(m.attachments ?? '').includes('Case 1 of 8 ·') &&
          JSON.stringify(m.attachments ?? '').includes('Add an action'),
      );
  const live = () => h.server.store.repos.live.get('m-demo');
  const tick = async (ms: number) => {
    h.clock.advance(ms);
    await h.server.bot.scheduler.tick();
    await h.settle();
  };

  beforeAll(async () => {
    h = await startBotHarness();
    chat = meetingChat(h.connector.url, '19:meeting_chair@thread.v2');
    await send(chat.say(chair, 'link DEMO'));
    await send(chat.join(chair, chair, police, housing, csc));
    await send(chat.say(chair, 'declaration'));
    for (const p of [chair, police, housing, csc]) await send(chat.say(p, 'I agree'));
    // An earlier closed session with an outstanding action: never reviewed in the main meeting.
    const r = h.server.store.repos;
    const earlier = (await r.meetings.get('m-demo-earlier'))!;
    const { version: _v, ...rest } = earlier;
    await r.meetings.put({
      ...rest,
      id: 'm-demo-earlier-closed',
      kind: 'closed',
      parentMeetingId: earlier.id,
      linkCode: 'EARLYCS',
      version: 0,
    } as typeof earlier);
    const template = (await r.actions.get('a-demo-earlier-1'))!;
    await r.actions.put(
      {
        ...template,
        id: 'a-earlier-closed',
        meetingId: 'm-demo-earlier-closed',
        description: 'Closed-session safety planning step',
        version: 0,
      },
      0,
    );
  });
  afterAll(() => h.close());

  it('opens with outstanding actions by agency, then the first case with the referrer presenting', async () => {
    await send(chat.say(chair, 'start'));
    const opening = h.connector
      .messages(chat.conversationId)
      .find((m) => JSON.stringify(m.attachments ?? '').includes('Outstanding actions from earlier meetings'));
    expect(JSON.stringify(opening?.attachments)).toMatch(
      /Children's Social Care[\s\S]*Housing[\s\S]*Flag the address/,
    );
    // The main meeting's review leaves out what an earlier closed session agreed.
    expect(JSON.stringify(opening?.attachments)).not.toContain('Closed-session safety planning step');
    expect(JSON.stringify(opening?.attachments)).not.toContain('a-earlier-closed');
    // The chair records each outstanding action: updated, change in circumstance, or not acted.
    const reviewed = await send(
      chat.card(chair, 'opening.review', {
        meetingId: 'm-demo',
        actionId: 'a-demo-earlier-1',
        review: 'not-acted',
      }),
    );
    expect(JSON.stringify(reviewed.body)).toContain('Recorded: agency has not acted');
    expect((await h.server.store.repos.actions.get('a-demo-earlier-1'))?.status).toBe('no-update');
    const refused = await send(
      chat.card(housing, 'opening.review', {
        meetingId: 'm-demo',
        actionId: 'a-demo-earlier-2',
        review: 'updated',
      }),
    );
    expect(JSON.stringify(refused.body)).toContain('application/vnd.microsoft.error');
    await send(chat.say(chair, 'next'));
    const s = await live();
    expect(s?.stage).toBe('hearing');
    expect(s?.cases[0].phase).toEqual({ kind: 'referral' });
    expect(caseCards()).toHaveLength(1);
    expect(JSON.stringify(caseCards()[0].attachments)).toMatch(/MC-2026-0001/);
  });

  it('moves through the batting order, mentions the next agency, and two clicks on one card advance once', async () => {
    await send(chat.say(chair, 'next')); // information: first agency after the referrer (police referred case 1)
    expect((await live())?.cases[0].phase).toEqual({ kind: 'information', agencyIndex: 0 });
    const version = (await live())!.version;
    const [a, b] = await Promise.all([
      postActivity(h.url, chat.card(chair, 'chair.next', { meetingId: 'm-demo', version })),
      postActivity(h.url, chat.card(chair, 'chair.next', { meetingId: 'm-demo', version })),
    ]);
    await h.settle();
    expect([a.status, b.status]).toEqual([200, 200]);
    expect((await live())?.cases[0].phase).toEqual({ kind: 'information', agencyIndex: 1 });
    await send(chat.say(chair, 'back'));
    expect((await live())?.cases[0].phase).toEqual({ kind: 'information', agencyIndex: 0 });
    await send(chat.say(housing, 'next'));
    expect(texts().at(-1)).toBe('Only the chair can do that.');
  });

  it('warns at 5 and 1 minutes and at time up, once each; pause and extend move the deadline', async () => {
    await tick(15 * 60_000 + 1000);
    expect(warned().filter((t) => /5 minutes left/.test(t))).toHaveLength(1);
    await send(chat.say(chair, 'pause'));
    await tick(10 * 60_000);
    expect(warned().filter((t) => /1 minute left|Time is up/.test(t))).toHaveLength(0);
    await send(chat.say(chair, 'resume'));
    await send(chat.say(chair, 'extend 5'));
    const c = (await live())!.cases[0];
    expect(c.timer!.deadline - h.clock.now()).toBe(10 * 60_000 - 1000);
    await tick(10 * 60_000);
    await tick(1000);
    expect(warned().filter((t) => /Time is up for case 1/.test(t))).toHaveLength(1);
    await tick(1000);
    expect(warned().filter((t) => /Time is up for case 1/.test(t))).toHaveLength(1);
  });

  it('captures typed actions, refuses bad ones with the valid choices, and reads them back when the case closes', async () => {
    const posts = texts().length;
    await send(chat.say(housing, 'action Housing: flag the address on the housing system by 1 Dec'));
    expect(texts()).toHaveLength(posts); // shown on the case card, not announced
    expect(JSON.stringify(caseCards()[0].attachments)).toMatch(
      /flag the address on the housing system \(due Tue 1 Dec 2026\)/,
    );
    await send(chat.say(chair, 'action Nobody: do it by 1 Dec'));
    expect(texts().at(-1)).toMatch(/Unknown agency[\s\S]*Housing/);
    await send(chat.say(chair, 'action Housing: check the tenancy file by 31 Feb'));
    expect(texts().at(-1)).toMatch(/could not read the date/);
    await send(chat.say(housing, 'action Police: record a marker on the police system by 2 Dec'));
    expect(texts().at(-1)).toMatch(/Only the chair, a coordinator or that agency's own representative/);
    await send(chat.say(chair, 'next case'));
    expect(texts().join('\n')).toMatch(
      /Read-back for case 1 \(MC-2026-0001\):\n\n- \*\*Housing\*\*: flag the address on the housing system \(due Tue 1 Dec 2026\)/,
    );
    expect((await live())?.cases[1].status).toBe('current');
  });

  it('refuses a case that does not exist with the valid choices; defers with a reason', async () => {
    await send(chat.say(chair, 'case 42'));
    expect(texts().at(-1)).toMatch(/There is no case 42\. Valid: case 2, case 3/);
    await send(chat.say(chair, 'defer referrer not present'));
    expect((await live())?.cases[1].status).toBe('deferred');
    expect(texts().join('\n')).toMatch(/Case 2 \(MC-2026-0002\) deferred/);
  });

  it('carries on after a restart mid-case: the timer, the speaker and no repeated warning', async () => {
    await send(chat.say(chair, 'next'));
    const before = (await live())!;
    const warningsBefore = warned().filter((t) => /minutes? left|Time is up/.test(t)).length;
    await h.server.close();
    const dataDir = h.dataDir;
    const restarted = await startBotHarness({ dataDir, clockStart: h.clock.now(), connector: h.connector });
    const connector = h.connector;
    const closeRestarted = restarted.close;
    h = {
      ...restarted,
      close: async () => {
        await closeRestarted();
        await connector.close();
      },
    };
    const after = (await live())!;
    expect(after.current).toBe(before.current);
    expect(after.cases[after.current!].phase).toEqual(before.cases[before.current!].phase);
    expect(after.cases[after.current!].timer!.deadline).toBe(before.cases[before.current!].timer!.deadline);
    await tick(0);
    expect(warned().filter((t) => /minutes? left|Time is up/.test(t)).length).toBe(warningsBefore);
    await tick(15 * 60_000);
    expect(warned().filter((t) => /Case 3 \(MC-2026-0003\): 5 minutes left/.test(t))).toHaveLength(1);
  }, 120_000);

  it('ends with a summary card and the meeting marked ended', async () => {
    await send(chat.say(chair, 'end'));
    const summary = h.connector
      .messages(chat.conversationId)
      .find((m) => JSON.stringify(m.attachments ?? '').includes('Meeting summary'));
    expect(JSON.stringify(summary?.attachments)).toMatch(/Cases heard[\s\S]*"2"|Cases heard/);
    expect((await h.server.store.repos.meetings.get('m-demo'))?.status).toBe('ended');
    const all = JSON.stringify(h.connector.messages(chat.conversationId));
    for (const name of ['Ava Example', 'Adam Example', 'Cleo Fictional']) expect(all).not.toContain(name);
  });
});

describe('typed chair commands from two devices at the same moment', () => {
  it('advance the meeting once', async () => {
    const h = await startBotHarness();
    try {
      const chat = meetingChat(h.connector.url, '19:meeting_twodevices@thread.v2');
      for (const a of [
        chat.say(chair, 'link DEMO'),
        chat.say(chair, 'declaration'),
        chat.say(chair, 'I agree'),
        chat.say(chair, 'start'),
        chat.say(chair, 'next'),
      ])
        await postActivity(h.url, a);
      const before = (await h.server.store.repos.live.get('m-demo'))!;
      expect(before.cases[0].phase).toEqual({ kind: 'referral' });
      await Promise.all([
        postActivity(h.url, chat.say(chair, 'next')),
        postActivity(h.url, chat.say(chair, 'next')),
      ]);
      const after = (await h.server.store.repos.live.get('m-demo'))!;
      expect(after.cases[0].phase).toEqual({ kind: 'information', agencyIndex: 0 });
      expect(after.version).toBe(before.version + 1);
    } finally {
      await h.close();
    }
  });
});
