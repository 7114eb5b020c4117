/**
 * Cross-boundary card attempts, as a table: every card verb of the registry, sent from a 1:1
 * chat, from another meeting's chat, and from inside a closed session by someone not invited,
 * by a representative, a guest unknown to MARAC and the coordinator. Every one is refused, audited,
 * and changes nothing. (Card data is client input: anyone can hand-craft an Action.Execute.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERBS } from '@marac/core';
import { startBotHarness } from '../../testing/bot-harness.js';
import { demoSpeaker, guest, meetingChat, nextId, type Speaker } from '../../testing/teams-activities.js';

type Harness = Awaited<ReturnType<typeof startBotHarness>>;

const chair = demoSpeaker('p-chair', 'Chris Chair');
const housing = demoSpeaker('p-housing', 'Housing Rep');
const coordinator = demoSpeaker('p-coordinator', 'Cara Coordinator');
const stranger = guest(7, 'Unknown Guest');
const people: Record<string, Speaker> = { representative: housing, guest: stranger, coordinator };

const cardVerbs = VERBS.flatMap((v) => ('card' in v && v.card ? [v.card] : []));
const meetingVerbs = cardVerbs.filter((c) => c.scope === 'meeting' && !('from' in c)).map((c) => c.verb);
const actionVerbs = cardVerbs.filter((c) => c.scope === 'action').map((c) => c.verb);

describe('card verbs across boundaries', () => {
  let h: Harness;
  const main = () => meetingChat(h.connector.url, '19:meeting_main@thread.v2', 'MCMeeting-main');
  const closed = () => meetingChat(h.connector.url, '19:meeting_closed@thread.v2', 'MCMeeting-closed');
  /** An invoke from someone's 1:1 chat with the bot. */
  const personal = (from: Speaker, verb: string, data: Record<string, unknown>) => ({
    type: 'invoke',
    name: 'adaptiveCard/action',
    id: nextId(),
    channelId: 'msteams',
    serviceUrl: h.connector.url,
    from: { id: from.teamsId, name: from.name, aadObjectId: from.aad },
    recipient: { id: '28:marac-bot', name: 'MARAC' },
    conversation: { id: `a:1${from.teamsId}`, conversationType: 'personal', tenantId: 'tenant-demo' },
    channelData: { tenant: { id: 'tenant-demo' } },
    value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
  });
  let closedActionId = '';
  const state = async () => {
    const r = h.server.store.repos;
    return JSON.stringify({
      actions: await r.actions.list({ meetingId: 'm-demo-closed' }),
      main: await r.actions.list({ meetingId: 'm-demo' }),
      confirmations: await r.confirmations.list('m-demo-closed'),
      live: await r.live.get('m-demo-closed'),
    });
  };

  beforeAll(async () => {
    h = await startBotHarness();
    await h.send(main().say(chair, 'link DEMO'));
    await h.send(closed().say(chair, 'link DEMOCS'));
    // The uninvited are in the closed session's chat (the attack the roll call must flag).
    await h.send(closed().join(chair, chair, housing, stranger));
    await h.send(closed().say(chair, 'declaration'));
    const r = h.server.store.repos;
    const mine = await r.actions.list({ meetingId: 'm-demo' });
    const template = mine[0] ?? (await r.actions.list({})).find(Boolean);
    closedActionId = 'a-closed-hba';
    await r.actions.put(
      {
        ...template!,
        id: closedActionId,
        meetingId: 'm-demo-closed',
        caseId: 'c-demo-8',
        caseReference: (await r.cases.get('c-demo-8'))!.reference,
        ownerAgencyId: 'housing',
        description: 'Closed-session action',
        status: 'open',
        updates: [],
        version: 0,
      },
      0,
    );
  }, 90_000);
  afterAll(() => h?.close());

  const closedData = () => ({
    meetingId: 'm-demo-closed',
    caseId: 'c-demo-8',
    actionId: closedActionId,
    version: 1,
    description: 'x',
    agencyId: 'housing',
    due: '2030-01-01',
    outcome: 'updated',
  });
  const attempts = () => {
    const rows: { name: string; role: string; activity: unknown }[] = [];
    for (const [role, who] of Object.entries(people)) {
      for (const verb of meetingVerbs) {
        rows.push({ name: `${verb} × 1:1 × ${role}`, role, activity: personal(who, verb, closedData()) });
        rows.push({
          name: `${verb} × other meeting × ${role}`,
          role,
          activity: main().card(who, verb, closedData()),
        });
        // Inside the closed session's own chat: only someone not invited is refused there.
        if (role !== 'coordinator')
          rows.push({
            name: `${verb} × closed session × ${role}`,
            role,
            activity: closed().card(who, verb, closedData()),
          });
      }
      if (role !== 'coordinator')
        for (const verb of actionVerbs) {
          const data = { actionId: closedActionId, version: 0, note: 'x', update: 'x', reason: 'x' };
          rows.push({ name: `${verb} × 1:1 × ${role}`, role, activity: personal(who, verb, data) });
        }
    }
    return rows;
  };

  it('refuses every attempt, audits each, and changes nothing', async () => {
    const before = await state();
    const rows = attempts();
    expect(rows.length).toBeGreaterThan(80);
    const answers: string[] = [];
    for (const row of rows) {
      const auditBefore = (await h.server.store.repos.audit.list(0, 100_000)).length;
      const res = await h.send(row.activity);
      const body = res.body as { statusCode?: number; type?: string };
      if (!(body?.type === 'application/vnd.microsoft.error' && (body.statusCode ?? 0) >= 400))
        answers.push(`${row.name}: answered ${JSON.stringify(body).slice(0, 120)}`);
      const added = (await h.server.store.repos.audit.list(auditBefore, 100)).filter(
        (a) => a.outcome === 'refused',
      );
      if (!added.length) answers.push(`${row.name}: no refusal audited`);
    }
    expect(answers).toEqual([]);
    expect(await state()).toBe(before);
  }, 180_000);

  it('flags the uninvited on the closed session’s roll call', async () => {
    const roll = h.connector
      .messages(closed().conversationId)
      .filter((m) => m.activity.summary === 'Declaration roll call')
      .at(-1);
    const facts = JSON.stringify(roll?.activity).match(/"title":"[^"]+","value":"[^"]+not invited"/g);
    expect(facts).toEqual([
      '"title":"Housing Rep","value":"Housing · not invited"',
      '"title":"Unknown Guest","value":"Agency not known · not invited"',
    ]);
  });

  it('someone not invited typing "I agree" is not counted as confirming: flagged, refused, audited', async () => {
    const r = h.server.store.repos;
    const auditBefore = (await r.audit.list(0, 100_000)).length;
    const posted = h.connector.messages(closed().conversationId).length;
    await h.send(closed().say(housing, 'I agree'));
    await h.send(closed().say(stranger, 'I agree, Housing'));
    const confirmedBy = (await r.confirmations.list('m-demo-closed')).map((c) => c.displayName);
    expect(confirmedBy).not.toContain('Housing Rep');
    expect(confirmedBy).not.toContain('Unknown Guest');
    const refused = (await r.audit.list(auditBefore, 100)).filter(
      (a) => a.action === 'declaration.confirmed' && a.outcome === 'refused',
    );
    expect(refused.map((a) => [a.actor, a.details?.reason])).toEqual([
      [expect.stringContaining('p-housing'), 'not-invited'],
      [expect.stringContaining(stranger.aad), 'not-invited'],
    ]);
    // The roll call (updated in place, no new message) still names both as not invited and
    // counts neither among those who confirmed.
    expect(h.connector.messages(closed().conversationId).length).toBe(posted);
    const roll = JSON.stringify(
      h.connector
        .messages(closed().conversationId)
        .filter((m) => m.activity.summary === 'Declaration roll call')
        .at(-1)?.activity,
    );
    expect(roll).toMatch(/"Housing Rep","value":"Housing · not invited"/);
    expect(roll).toMatch(/"Unknown Guest","value":"Agency not known · not invited"/);
    const present = (await r.attendance.list('m-demo-closed')).filter((a) => a.present).length;
    const counted = (await r.confirmations.list('m-demo-closed')).length;
    expect(roll).toContain(`${counted} of ${present} present have confirmed`);
  });

  it('the chair cannot open the closed case while they are present; an override is recorded naming them', async () => {
    const said = () => h.connector.messages(closed().conversationId).map((m) => m.text ?? '');
    await h.send(closed().say(chair, 'I agree'));
    await h.send(closed().say(chair, 'start'));
    expect(said().at(-1)).toMatch(/not invited to this closed session: Housing Rep, Unknown Guest/);
    expect((await h.server.store.repos.live.get('m-demo-closed'))?.stage ?? 'not started').not.toBe(
      'hearing',
    );
    await h.send(closed().say(chair, 'override Housing Rep is leaving now'));
    const live = await h.server.store.repos.live.get('m-demo-closed');
    expect(live?.gateOverride).toMatchObject({
      reason: 'Housing Rep is leaving now',
      uninvited: ['Housing Rep', 'Unknown Guest'],
    });
  });
});
