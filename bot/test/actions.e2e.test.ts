import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFollowUp } from '@marac/core';
import { followUp } from '../src/scheduler.js';
import { startBotHarness } from '../../testing/bot-harness.js';
import { type Speaker, demoSpeaker, meetingChat, postActivity } from '../../testing/teams-activities.js';

const chair = demoSpeaker('p-chair', 'Chris Chair'); // a police DI, so also one of Police's people
const coordinator = demoSpeaker('p-coordinator', 'Cara Coordinator');
const housing = demoSpeaker('p-housing', 'Housing Rep');
const police = demoSpeaker('p-police', 'Police Rep');
const education = demoSpeaker('p-education', 'Education Rep');
// A second Housing representative, so two people look at the same action card.
const housing2: Speaker = {
  aad: '22222222-0000-4000-8000-000000000002',
  name: 'Hari Housing',
  teamsId: '29:housing-2',
};
const CSC_CHANNEL = '19:csc-marac-actions@thread.tacv2';
const M = 'm-demo';
const CASE = 'c-demo-1';

type Answer = { status: number; body?: unknown };
const value = (r: Answer) => (r.body as { statusCode: number; value: unknown }).value;
const shown = (r: Answer) => JSON.stringify(value(r));

describe('actions: captured in the meeting, followed up with each agency after it (over HTTP)', () => {
  let h: Awaited<ReturnType<typeof startBotHarness>>;
  let chat: ReturnType<typeof meetingChat>;
  /** Every card answer the bot gave, to check for names at the end. */
  const answers: string[] = [];
  const send = async (a: unknown) => {
    const r = await postActivity(h.url, a);
    answers.push(JSON.stringify(r.body ?? ''));
    await h.settle();
    return r;
  };
  const repos = () => h.server.store.repos;
  const texts = () => h.connector.messages(chat.conversationId).map((m) => m.text ?? '');
  const action = async (description: RegExp) =>
    (await repos().actions.list({ caseId: CASE })).find((a) => description.test(a.description))!;
  const audits = async (action: string, outcome: 'done' | 'refused') =>
    (await repos().audit.list(0, 10_000)).filter((e) => e.action === action && e.outcome === outcome);
  const changedEvents = async (actionId: string) =>
    (await repos().events.since(0, 10_000)).filter(
      (e) => e.type === 'ActionChanged' && e.actionId === actionId,
    );
  /** The 1:1 chat the bot opened with someone (Bot Connector createConversation). */
  const personalChat = async (s: Speaker) =>
    (
      (await repos().conversations.getPersonal(`user:${s.aad}`))?.personal as
        { conversationId: string } | undefined
    )?.conversationId ?? 'none';
  const cardsIn = (conversationId: string) =>
    h.connector
      .messages(conversationId)
      .filter((m) => m.attachments?.length)
      .map((m) => JSON.stringify(m.attachments));
  /** A click on an agency's action card, in a 1:1 chat (or the agency's channel). */
  const inPersonal = (
    s: Speaker,
    conversationId: string,
    verb: string,
    data: Record<string, unknown>,
    trigger: 'manual' | 'automatic' = 'manual',
    conversationType = 'personal',
  ) => ({
    ...chat.card(s, verb, data, trigger),
    conversation: { id: conversationId, conversationType, tenantId: 'tenant-demo' },
  });
  /** The follow-up runs beside the tick; wait (bounded) for what it should have sent. */
  const until = async (done: () => boolean | Promise<boolean>) => {
    for (let i = 0; i < 200 && !(await done()); i++) {
      await h.settle();
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  const followUpAt = async (isoTime: string, done: () => boolean | Promise<boolean>) => {
    h.clock.set(Date.parse(isoTime));
    await h.server.bot.scheduler.tick();
    await until(done);
    await h.settle();
  };

  beforeAll(async () => {
    h = await startBotHarness();
    // Only this test's explicit ticks run the daily follow-up (the clock says 09:25, past the reminder hour).
    h.server.bot.scheduler.stop();
    const r = repos();
    await r.people.put({
      id: 'p-housing-2',
      aadObjectId: housing2.aad,
      displayName: housing2.name,
      email: 'hari.housing@fenshire.example',
      agencyId: 'housing',
      roles: ['agency-rep'],
    });
    const csc = (await r.agencies.list('cambs-demo')).find((a) => a.id === 'csc')!;
    await r.agencies.put({ ...csc, channelConversationId: CSC_CHANNEL });
    chat = meetingChat(h.connector.url, '19:meeting_actions@thread.v2');
    await send(chat.say(coordinator, 'link DEMO'));
    await send(chat.join(chair, chair, coordinator, housing, housing2, police, education));
    await send(chat.say(chair, 'declaration'));
    for (const p of [chair, coordinator, housing, housing2, police, education])
      await send(chat.say(p, 'I agree'));
    await send(chat.say(chair, 'start'));
    await send(chat.say(chair, 'next'));
    expect((await repos().live.get(M))?.cases[0].status).toBe('current');
  });
  afterAll(() => h.close());

  it('captures actions from the case card form with a gentle SMART check the chair may accept, and typed', async () => {
    const form = await send(chat.card(housing, 'action.form', { meetingId: M, caseId: CASE }));
    expect(shown(form)).toContain('New action · MC-2026-0001');
    expect(value(form)).toMatchObject({
      body: expect.arrayContaining([
        expect.objectContaining({ id: 'ownerAgencyId', value: 'housing' }),
        expect.objectContaining({ id: 'dueDate', value: '2026-12-01' }),
      ]),
    });

    const vague = {
      meetingId: M,
      caseId: CASE,
      ownerAgencyId: 'housing',
      description: 'monitor the tenancy for any further incidents',
      forWhom: 'household',
      dueDate: '2026-12-01',
    };
    const byRep = await send(chat.card(housing, 'action.add', vague));
    expect(shown(byRep)).toMatch(/SMART check: Vague.*ask the chair to accept it/);
    expect(shown(byRep)).not.toContain('Accept anyway');
    const byChair = await send(chat.card(chair, 'action.add', vague));
    expect(shown(byChair)).toContain('Accept anyway (chair)');
    expect(await repos().actions.list({ caseId: CASE })).toHaveLength(0);
    const accepted = await send(chat.card(chair, 'action.add', { ...vague, acceptSmart: 'true' }));
    expect(shown(accepted)).toContain('Added for Housing, due Tue 1 Dec 2026');
    expect((await action(/^monitor the tenancy/)).smartAccepted).toBe(true);
    expect((await audits('action.add', 'done')).at(-1)?.details).toMatchObject({
      smartAccepted: true,
      owner: 'housing',
    });

    const posts = texts().length;
    await send(chat.say(housing, 'action Housing: flag the address on the housing system by 1 Dec'));
    // Recorded on the case card, not announced in the chat.
    expect(texts()).toHaveLength(posts);
    expect((await action(/^flag the address on the housing system/)).dueDate).toBe('2026-12-01');
    const add = (
      s: Speaker,
      ownerAgencyId: string,
      description: string,
      dueDate: string,
      forWhom = 'victim',
    ) =>
      send(
        chat.card(s, 'action.add', {
          meetingId: M,
          caseId: CASE,
          ownerAgencyId,
          description,
          forWhom,
          dueDate,
        }),
      );
    await add(chair, 'police', 'Record a marker on the police system for the address', '2026-12-01');
    await add(
      chair,
      'csc',
      'Complete a child and family assessment and share the outcome with the IDVA',
      '2026-12-01',
      'child',
    );
    await add(
      education,
      'education',
      "Tell the school's safeguarding lead and agree a safe collection plan",
      '2026-12-03',
      'child',
    );
    await add(housing, 'housing', 'Offer a sanctuary scheme assessment at the property', '2026-12-01');
    expect(await repos().actions.list({ caseId: CASE })).toHaveLength(6);
    const caseCard = h.connector
      .messages(chat.conversationId)
      .find((m) =>
        /Case 1 of 8 · MC-2026-0001"[\s\S]*action\.form/.test(JSON.stringify(m.attachments ?? '')),
      );
    expect(JSON.stringify(caseCard?.attachments)).toMatch(/sanctuary scheme[\s\S]*Edit or remove actions/);
    const added = (await repos().events.since(0, 10_000)).filter((e) => e.type === 'ActionAdded');
    expect(added).toHaveLength(6);
  });

  it('refuses a past or unreadable due date with the expected format, and an unknown agency with the valid ones', async () => {
    const base = {
      meetingId: M,
      caseId: CASE,
      ownerAgencyId: 'housing',
      description: 'Check the rent account for signs of financial abuse',
      forWhom: 'victim',
    };
    const past = await send(chat.card(housing, 'action.add', { ...base, dueDate: '2026-11-01' }));
    expect(shown(past)).toMatch(
      /The due date 2026-11-01 is in the past\. Give a date like 1 Dec, 1 December 2026 or 2026-12-01\./,
    );
    const garbled = await send(chat.card(housing, 'action.add', { ...base, dueDate: 'next week' }));
    expect(shown(garbled)).toMatch(/could not read the due date \\"next week\\"\. Give a date like 1 Dec/);
    const nobody = await send(
      chat.card(chair, 'action.add', { ...base, ownerAgencyId: 'nobody', dueDate: '2026-12-01' }),
    );
    expect(shown(nobody)).toMatch(
      /Unknown agency\. Choose one of: .*Housing.*Police|Unknown agency\. Choose one of: .*Police.*Housing/,
    );
    await send(chat.say(chair, 'action Nobody: check the records by 1 Dec'));
    expect(texts().at(-1)).toMatch(/Unknown agency "Nobody"\. Choose one of: .*Housing/);
    await send(chat.say(chair, 'action Housing: check the tenancy file by 31 Feb'));
    expect(texts().at(-1)).toMatch(/could not read the date "31 Feb"\. Use a date like 1 Dec/);
    expect(await repos().actions.list({ caseId: CASE })).toHaveLength(6);
    const refused = (await audits('action.add', 'refused')).map((e) => e.reason);
    expect(refused).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/in the past/),
        expect.stringMatching(/could not read/),
        expect.stringMatching(/Unknown agency/),
      ]),
    );
  });

  it('edits and removes actions from the case card while the case is open; other agencies, stale cards and bad dates are refused', async () => {
    const list = await send(chat.card(chair, 'action.manage', { meetingId: M, caseId: CASE }));
    expect(shown(list)).toMatch(
      /Actions · MC-2026-0001[\s\S]*Police[\s\S]*Children's Social Care[\s\S]*Education[\s\S]*Housing/,
    );
    expect(shown(list).match(/"verb":"action.edit-form"/g)).toHaveLength(6);
    const vague = await action(/^monitor the tenancy/);
    const form = await send(chat.card(chair, 'action.edit-form', { meetingId: M, actionId: vague.id }));
    expect(shown(form)).toContain('Edit action · MC-2026-0001');
    expect(shown(form)).toContain(
      `"verb":"action.edit","style":"positive","data":{"meetingId":"${M}","actionId":"${vague.id}","version":${vague.version}}`,
    );

    const edit = {
      meetingId: M,
      actionId: vague.id,
      ownerAgencyId: 'housing',
      forWhom: 'household',
      dueDate: '2026-12-01',
    };
    const saved = await send(
      chat.card(chair, 'action.edit', {
        ...edit,
        version: vague.version,
        description: 'Check the tenancy file for reports of damage and share them with the IDVA',
      }),
    );
    expect(shown(saved)).toContain('Saved.');
    const tenancy = await action(/^Check the tenancy file/);
    expect(tenancy.version).toBe(vague.version + 1);
    expect((await audits('action.edit', 'done')).at(-1)?.details).toMatchObject({
      description: { from: vague.description, to: tenancy.description },
    });

    // A card still showing the old version: the current state is shown, nothing is overwritten.
    const stale = await send(
      chat.card(housing, 'action.edit', {
        ...edit,
        version: vague.version,
        description: 'Visit the property with the IDVA within five days',
      }),
    );
    expect(shown(stale)).toMatch(/has changed since this card was sent[\s\S]*Check the tenancy file/);
    expect((await action(/^Check the tenancy file/)).version).toBe(tenancy.version);
    expect((await audits('action.edit', 'refused')).at(-1)).toMatchObject({
      actor: 'p-housing',
      reason: expect.stringMatching(/changed since/),
    });

    const notYours = await send(
      chat.card(police, 'action.edit-form', { meetingId: M, actionId: tenancy.id }),
    );
    expect(shown(notYours)).toContain('Only Housing or a coordinator can change this action.');
    const policeEdit = await send(
      chat.card(police, 'action.edit', {
        ...edit,
        version: tenancy.version,
        description: 'Police will do the tenancy check instead of housing',
      }),
    );
    expect(shown(policeEdit)).toContain('Only Housing or a coordinator can change this action.');
    expect((await audits('action.edit', 'refused')).at(-1)).toMatchObject({
      actor: 'p-police',
      subject: `action:${tenancy.id}`,
    });
    const handOver = await send(
      chat.card(housing, 'action.edit', { ...edit, version: tenancy.version, ownerAgencyId: 'police' }),
    );
    expect(shown(handOver)).toContain(
      'Only the chair or a coordinator can hand an action to another agency.',
    );
    const pastDue = await send(
      chat.card(housing, 'action.edit', { ...edit, version: tenancy.version, dueDate: '2026-11-20' }),
    );
    expect(shown(pastDue)).toMatch(/in the past\. Give a date like 1 Dec/);
    expect(await action(/^Check the tenancy file/)).toMatchObject({
      ownerAgencyId: 'housing',
      dueDate: '2026-12-01',
      version: tenancy.version,
    });

    const sanctuary = await action(/sanctuary scheme/);
    const removed = await send(
      chat.card(housing, 'action.remove', {
        meetingId: M,
        actionId: sanctuary.id,
        version: sanctuary.version,
        [`reason-${sanctuary.id}`]: 'Already in place from last year',
      }),
    );
    expect(shown(removed)).toContain('Removed: Offer a sanctuary scheme');
    expect(shown(removed)).not.toContain(`"actionId":"${sanctuary.id}"`);
    expect((await action(/sanctuary scheme/)).updates.at(-1)).toMatchObject({
      kind: 'removed',
      byPersonId: 'p-housing',
      note: 'Removed in the meeting: Already in place from last year',
    });
    expect((await action(/sanctuary scheme/)).status).toBe('removed');
    const caseCard = h.connector
      .messages(chat.conversationId)
      .find((m) =>
        /Case 1 of 8 · MC-2026-0001"[\s\S]*action\.form/.test(JSON.stringify(m.attachments ?? '')),
      );
    expect(JSON.stringify(caseCard?.attachments)).toContain('Check the tenancy file');
    expect(JSON.stringify(caseCard?.attachments)).not.toContain('Offer a sanctuary scheme');
    expect(await audits('action.remove', 'done')).toHaveLength(1);
    expect((await changedEvents(tenancy.id)).map((e) => 'status' in e && e.status)).toEqual(['open']);
    expect(await changedEvents(sanctuary.id)).toHaveLength(1);
  });

  it('reads the actions back per agency when the case closes; after that they can no longer be edited or removed', async () => {
    await send(chat.say(chair, 'next case'));
    const readBack = texts().find((t) => t.startsWith('Read-back for case 1'));
    expect(readBack).toMatch(
      /^Read-back for case 1 \(MC-2026-0001\):\n\n- \*\*Police\*\*: Record a marker[^\n]*\(due Tue 1 Dec 2026\)\n- \*\*Children's Social Care\*\*: Complete a child[^\n]*\n- \*\*Education\*\*: [^\n]*\(due Thu 3 Dec 2026\)\n- \*\*Housing\*\*: [^\n]*\n- \*\*Housing\*\*: [^\n]*$/,
    );
    expect(readBack).not.toContain('sanctuary');

    const edu = await action(/safeguarding lead/);
    const late = await send(
      chat.card(chair, 'action.edit', {
        meetingId: M,
        actionId: edu.id,
        version: edu.version,
        description: 'Tell the head teacher and agree a safe collection plan',
        dueDate: '2026-12-03',
      }),
    );
    expect(shown(late)).toContain(
      'That case has closed; its actions can no longer be added, edited or removed.',
    );
    const lateRemove = await send(
      chat.card(education, 'action.remove', { meetingId: M, actionId: edu.id, version: edu.version }),
    );
    expect(shown(lateRemove)).toContain('That case has closed');
    const lateAdd = await send(
      chat.card(chair, 'action.add', {
        meetingId: M,
        caseId: CASE,
        ownerAgencyId: 'health',
        description: 'Add a safeguarding alert to the GP record',
        forWhom: 'victim',
        dueDate: '2026-12-01',
      }),
    );
    expect(shown(lateAdd)).toContain('That case has closed');
    expect(await action(/safeguarding lead/)).toMatchObject({
      version: edu.version,
      description: edu.description,
    });
    expect(await repos().actions.list({ caseId: CASE })).toHaveLength(6);
    expect((await audits('action.edit', 'refused')).at(-1)?.reason).toMatch(/case has closed/);
    expect((await audits('action.remove', 'refused')).at(-1)?.reason).toMatch(/case has closed/);
    const list = await send(chat.card(chair, 'action.manage', { meetingId: M, caseId: CASE }));
    expect(shown(list)).toContain('This case has closed');
    expect(shown(list)).not.toContain('action.edit-form');
  });

  it('after the meeting sends each agency its actions as cards: 1:1 chats with its representatives, or its channel', async () => {
    await send(chat.say(chair, 'end'));
    await until(async () => cardsIn(await personalChat(education)).length > 0);
    expect(
      h.connector.requests.filter(
        (r) => r.method === 'POST' && /\/v3\/conversations\/?$/.test(r.url.split('?')[0]),
      ).length,
    ).toBeGreaterThanOrEqual(4);

    const housingCards = cardsIn(await personalChat(housing));
    expect(housingCards).toHaveLength(2);
    expect(cardsIn(await personalChat(housing2))).toHaveLength(2);
    const flag = await action(/^flag the address/);
    const card = housingCards.find((c) => c.includes('flag the address'))!;
    expect(card).toContain('MARAC action · MC-2026-0001');
    expect(card).toMatch(/"title":"Due","value":"Tue 1 Dec 2026"[\s\S]*"title":"Status","value":"Open"/);
    for (const title of ['Mark complete', 'Add update', "Can't complete"])
      expect(card).toContain(`"title":"${title}"`);
    for (const verb of ['action.complete', 'action.update', 'action.cannot-complete'])
      expect(card).toContain(`"verb":"${verb}"`);
    expect(card).toContain(
      `"refresh":{"action":{"type":"Action.Execute","verb":"action.refresh","data":{"actionId":"${flag.id}"}}`,
    );
    expect(card).toMatch(/"userIds":\[[^\]]*"29:p-housing"[^\]]*\]/);
    expect(card).toMatch(/"userIds":\[[^\]]*"29:housing-2"[^\]]*\]/);

    expect(cardsIn(await personalChat(police)).join()).toContain('Record a marker on the police system');
    expect(cardsIn(await personalChat(chair)).join()).toContain('Record a marker on the police system');
    expect(cardsIn(await personalChat(education)).join()).toContain('safe collection plan');
    expect(cardsIn(CSC_CHANNEL)).toHaveLength(1);
    expect(cardsIn(CSC_CHANNEL)[0]).toContain('child and family assessment');
    // Removed actions go nowhere.
    expect(
      JSON.stringify(
        h.connector.requests
          .map((r) => r.conversationId)
          .filter(Boolean)
          .flatMap((id) => cardsIn(id!)),
      ),
    ).not.toContain('Offer a sanctuary scheme');
  });

  it("completes, updates and can't-completes from the card; every viewer sees the current state; stale cards and other agencies are refused", async () => {
    const [c1, c2] = [await personalChat(housing), await personalChat(housing2)];
    const flag = await action(/^flag the address/);
    const updated = await send(
      inPersonal(housing, c1, 'action.update', {
        actionId: flag.id,
        version: flag.version,
        update: 'Flag requested from the systems team',
      }),
    );
    expect(shown(updated)).toMatch(
      /Saved\.[\s\S]*"title":"Status","value":"Open"[\s\S]*update: Flag requested from the systems team/,
    );

    // Hari's card still carries the version it was sent with: shown the current state, not overwritten.
    const stale = await send(
      inPersonal(housing2, c2, 'action.complete', {
        actionId: flag.id,
        version: flag.version,
        outcome: 'Flag added',
      }),
    );
    expect(shown(stale)).toMatch(
      /has changed since this card was sent[\s\S]*"title":"Status","value":"Open"[\s\S]*update: Flag requested/,
    );
    expect((await action(/^flag the address/)).status).toBe('open');
    expect((await audits('action.complete', 'refused')).at(-1)).toMatchObject({
      actor: 'p-housing-2',
      reason: expect.stringMatching(/changed since/),
    });

    const current = await action(/^flag the address/);
    const done = await send(
      inPersonal(housing2, c2, 'action.complete', {
        actionId: flag.id,
        version: current.version,
        outcome: 'Flag added to the housing system on 25 Nov',
      }),
    );
    expect(shown(done)).toMatch(/"title":"Status","value":"Complete"/);
    expect(shown(done)).not.toContain('Mark complete');
    const refreshed = await send(
      inPersonal(housing, c1, 'action.refresh', { actionId: flag.id }, 'automatic'),
    );
    expect(shown(refreshed)).toMatch(
      /"title":"Status","value":"Complete"[\s\S]*complete: Flag added to the housing system/,
    );
    const again = await send(
      inPersonal(housing, c1, 'action.complete', {
        actionId: flag.id,
        version: (await action(/^flag the address/)).version,
        outcome: 'done twice',
      }),
    );
    expect(shown(again)).toContain('already complete; nothing was changed');

    const tenancy = await action(/^Check the tenancy file/);
    const policeTry = await send(
      inPersonal(police, await personalChat(police), 'action.update', {
        actionId: tenancy.id,
        version: tenancy.version,
        update: 'We did it',
      }),
    );
    expect(value(policeTry)).toMatchObject({
      code: 'forbidden',
      message: expect.stringMatching(/belongs to another agency/),
    });
    expect((policeTry.body as { statusCode: number }).statusCode).toBe(403);
    expect((await audits('action.update', 'refused')).at(-1)).toMatchObject({
      actor: 'p-police',
      subject: `action:${tenancy.id}`,
    });
    expect(await action(/^Check the tenancy file/)).toMatchObject({
      version: tenancy.version,
      status: 'open',
    });

    // A coordinator may change any agency's action; can't-complete needs both the reason and what was done.
    const cscAction = await action(/child and family assessment/);
    const inChannel = (data: Record<string, unknown>) =>
      send(
        inPersonal(
          coordinator,
          CSC_CHANNEL,
          'action.cannot-complete',
          { actionId: cscAction.id, version: cscAction.version, ...data },
          'manual',
          'channel',
        ),
      );
    const half = await inChannel({ reason: 'Family moved out of area' });
    expect(shown(half)).toContain('Say why it could not be done, and what was done instead.');
    const full = await inChannel({
      reason: 'Family moved out of area',
      instead: 'Referred to the receiving authority',
    });
    expect(shown(full)).toMatch(
      /"title":"Status","value":"Can't complete"[\s\S]*What was done instead: Referred to the receiving authority/,
    );

    for (const [verb, actor] of [
      ['action.update', 'p-housing'],
      ['action.complete', 'p-housing-2'],
      ['action.cannot-complete', 'p-coordinator'],
    ])
      expect((await audits(verb, 'done')).map((e) => e.actor)).toContain(actor);
    expect((await changedEvents(flag.id)).map((e) => 'status' in e && e.status)).toEqual([
      'open',
      'complete',
    ]);
    expect((await changedEvents(cscAction.id)).map((e) => 'status' in e && e.status)).toEqual([
      'cannot-complete',
    ]);
  });

  it('follows up under a controllable clock: reminders once, none for police, stale actions marked and the coordinator told', async () => {
    const [h1, h2, edu, pol, chairChat] = [
      await personalChat(housing),
      await personalChat(housing2),
      await personalChat(education),
      await personalChat(police),
      await personalChat(chair),
    ];
    const reminders = (id: string) => cardsIn(id).filter((c) => c.includes('Reminder:'));
    const before = { police: cardsIn(pol).length, chair: cardsIn(chairChat).length };

    // The day after the due date: overdue reminders to Housing's two people, a due reminder to Education.
    await followUpAt(
      '2026-12-02T08:30:00Z',
      async () => reminders(h1).length > 0 && reminders(h2).length > 0 && reminders(edu).length > 0,
    );
    expect(reminders(h1)).toHaveLength(1);
    expect(reminders(h1)[0]).toMatch(/Reminder: overdue since Tue 1 Dec 2026[\s\S]*Check the tenancy file/);
    expect(reminders(h2)).toHaveLength(1);
    expect(reminders(edu)).toEqual([expect.stringContaining('Reminder: due Thu 3 Dec 2026.')]);
    // Police record their actions in their own system: tracked, never reminded.
    expect([cardsIn(pol).length, cardsIn(chairChat).length]).toEqual([before.police, before.chair]);
    // The earlier meeting's actions (due 17 Nov) are past the seven-day grace: marked, and the coordinator told.
    const coordinatorChat = await personalChat(coordinator);
    await until(() => h.connector.messages(coordinatorChat).length > 0);
    expect(h.connector.messages(coordinatorChat).at(-1)?.text).toMatch(
      /3 actions were marked "No update from lead agency"[\s\S]*MC-2025-0999: Housing, due Tue 17 Nov 2026/,
    );
    expect((await repos().actions.get('a-demo-earlier-1'))?.status).toBe('no-update');

    // Again on the same day, here and on a second instance: nothing is sent twice.
    const delivered: unknown[] = [];
    for (const owner of [h.server.bot.deps.owner, 'instance-b'])
      await followUp({
        store: h.server.store,
        clock: h.clock,
        owner,
        reminderHour: 8,
        log: h.server.bot.deps.log,
        onReminders: async (res) => void delivered.push(res),
      });
    expect(delivered).toEqual([]);
    expect(await runFollowUp({ store: h.server.store, clock: h.clock }, 'instance-b')).toEqual({
      reminders: [],
      markedNoUpdate: [],
    });
    await h.settle();
    expect([reminders(h1).length, reminders(h2).length, reminders(edu).length]).toEqual([1, 1, 1]);
    const reminded = (await audits('action.reminded', 'done')).map((e) => e.subject);
    expect(reminded).toContain(`action:${(await action(/^Check the tenancy/)).id}`);
    expect(reminded).not.toContain(`action:${(await action(/^Record a marker/)).id}`);

    // A week past the grace period: Housing's action is marked (Police update theirs on their own
    // system and are never stamped); Education is reminded again.
    const tenancy = await action(/^Check the tenancy file/);
    await followUpAt(
      '2026-12-09T08:30:00Z',
      () => reminders(edu).length === 2 && h.connector.messages(coordinatorChat).length === 2,
    );
    expect(reminders(edu)[1]).toContain('Reminder: overdue since Thu 3 Dec 2026');
    expect(reminders(h1)).toHaveLength(1);
    const marked = await action(/^Check the tenancy file/);
    expect(marked).toMatchObject({ status: 'no-update', version: tenancy.version + 1 });
    expect(marked.updates.at(-1)).toMatchObject({
      kind: 'no-update',
      byPersonId: 'system',
      note: 'No update from lead agency',
    });
    expect((await action(/^Record a marker/)).status).toBe('open');
    const told = h.connector.messages(coordinatorChat).at(-1)?.text ?? '';
    expect(told).toMatch(/^1 action was marked "No update from lead agency" after the grace period/);
    expect(told).toContain('- MC-2026-0001: Housing, due Tue 1 Dec 2026');
    expect(told).not.toContain('Police');
    expect(
      (await audits('action.no-update', 'done')).filter((e) => e.subject === `action:${marked.id}`),
    ).toMatchObject([{ actor: 'system', reason: 'No update from lead agency' }]);
    expect((await changedEvents(marked.id)).at(-1)).toMatchObject({
      status: 'no-update',
      ownerAgencyId: 'housing',
    });
    // Anyone looking at the card sees the area's wording, and can still update it.
    const look = await send(inPersonal(housing2, h2, 'action.refresh', { actionId: marked.id }, 'automatic'));
    expect(shown(look)).toMatch(/"title":"Status","value":"No update from lead agency"[\s\S]*Add update/);
  });

  it('never puts victim, perpetrator or child names in any chat or card answer', async () => {
    const names: string[] = [];
    for (let i = 1; i <= 8; i++) {
      const c = await repos().cases.get(`c-demo-${i}`);
      names.push(
        c!.personal.victim.name,
        ...c!.personal.perpetrators.map((p) => p.name),
        ...c!.personal.children.map((k) => k.name),
      );
    }
    expect(names.length).toBeGreaterThan(16);
    const conversations = [
      ...new Set(h.connector.requests.map((r) => r.conversationId).filter((id): id is string => !!id)),
    ];
    expect(conversations.length).toBeGreaterThanOrEqual(6);
    // Everything was delivered within Teams' limits: nothing refused, nothing left waiting.
    expect(h.connector.requests.filter((r) => r.status >= 400)).toEqual([]);
    expect(await repos().outbox.pending()).toEqual([]);
    const everything =
      JSON.stringify(conversations.map((id) => h.connector.messages(id))) + answers.join('\n');
    for (const name of names) expect(everything).not.toContain(name);
  });
});
