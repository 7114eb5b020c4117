import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBotHarness } from '../../testing/bot-harness.js';
import { demoSpeaker, meetingChat } from '../../testing/teams-activities.js';

const chair = demoSpeaker('p-chair', 'Chris Chair');
const housing = demoSpeaker('p-housing', 'Housing Rep');

/**
 * Attendance the bot cannot see: a dial-in confirmed aloud and recorded by the coordinator
 * counts for the gate like a typed "I agree", and the minutes name who recorded it.
 */
describe('recorded attendance and confirmations (whole server over HTTP)', () => {
  let h: Awaited<ReturnType<typeof startBotHarness>>;
  let chat: ReturnType<typeof meetingChat>;
  const tokens = new Map<string, string>();
  const call = async (personId: string, method: string, path: string, body?: unknown) => {
    if (!tokens.has(personId)) {
      const r = await fetch(`${h.url}/api/dev/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ personId }),
      });
      tokens.set(personId, ((await r.json()) as { token: string }).token);
    }
    const r = await fetch(h.url + path, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.get(personId)}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    await h.settle();
    return { status: r.status, body: (await r.json()) as any };
  };
  const refusals = async (actor: string) =>
    (await h.server.store.repos.audit.list(0, 10_000)).filter(
      (a) => a.actor === actor && a.outcome === 'refused',
    );
  const texts = () => h.connector.messages(chat.conversationId).map((m) => m.text ?? '');
  const dialIn = {
    name: 'Dana Dialin',
    agencyId: 'probation',
    role: 'representative',
    attendingBy: 'dial-in',
    confirmed: false,
  };

  beforeAll(async () => {
    h = await startBotHarness();
    h.server.bot.scheduler.stop();
    chat = meetingChat(h.connector.url, '19:meeting_recorded@thread.v2');
    await h.send(chat.say(chair, 'link DEMO'));
    await h.send(chat.join(chair, chair, housing));
    await h.send(chat.say(chair, 'declaration'));
    for (const p of [chair, housing]) await h.send(chat.say(p, 'I agree'));
  });
  afterAll(() => h?.close());

  it('refuses anyone but the coordinator or the chair, explains and audits it', async () => {
    for (const personId of ['p-housing', 'p-observer', 'p-probation']) {
      const r = await call(personId, 'POST', '/api/meetings/m-demo/attendees', {
        ...dialIn,
        confirmed: true,
      });
      expect(r.status, personId).toBe(403);
      expect(r.body.error.message).toBe(
        'Only the coordinator or the chair can record attendance or a confirmation.',
      );
      expect((await refusals(personId)).map((a) => a.action)).toContain('attendance.record');
      const apology = await call(personId, 'POST', '/api/meetings/m-demo/apologies', { name: 'Ann Apology' });
      expect(apology.status).toBe(403);
      expect((await refusals(personId)).map((a) => a.action)).toContain('apology.record');
    }
    // A closed session is answered as not found to someone not invited, and still audited.
    const closed = await call('p-housing', 'POST', '/api/meetings/m-demo-closed/attendees', dialIn);
    expect(closed.status).toBe(404);
    expect((await refusals('p-housing')).some((a) => a.subject === 'meeting:m-demo-closed')).toBe(true);
    expect((await h.server.store.repos.attendance.list('m-demo')).map((a) => a.displayName)).not.toContain(
      'Dana Dialin',
    );
  });

  it('a recorded dial-in blocks the start until their verbal confirmation is recorded; then the chair starts without override', async () => {
    const added = await call('p-coordinator', 'POST', '/api/meetings/m-demo/attendees', dialIn);
    expect(added.status).toBe(201);
    await h.send(chat.say(chair, 'start'));
    expect((await h.server.store.repos.live.get('m-demo'))!.stage).toBe('declaration');
    expect(texts().join('\n')).toContain('Dana Dialin');

    const pending = await call('p-coordinator', 'GET', '/api/meetings/m-demo/roll-call');
    expect(pending.body.unconfirmed.map((u: { name: string }) => u.name)).toEqual(['Dana Dialin']);
    expect(
      (
        await call('p-housing', 'POST', '/api/meetings/m-demo/confirmations', {
          aadObjectId: added.body.aadObjectId,
        })
      ).status,
    ).toBe(403);
    const confirmed = await call('p-coordinator', 'POST', '/api/meetings/m-demo/confirmations', {
      aadObjectId: added.body.aadObjectId,
    });
    expect(confirmed.body).toMatchObject({ name: 'Dana Dialin', method: 'recorded' });
    const roll = h.connector
      .messages(chat.conversationId)
      .find((m) => JSON.stringify(m.attachments ?? '').includes('Declaration roll call'));
    expect(JSON.stringify(roll?.attachments)).toMatch(/3 of 3/);

    await h.send(chat.say(chair, 'start'));
    const live = (await h.server.store.repos.live.get('m-demo'))!;
    expect(live.stage).toBe('opening');
    expect(live.gateOverride).toBeUndefined();
  });

  it('records observers only with the chair’s permission, and apologies with deputies; the minutes name them all', async () => {
    const observer = { name: 'Oscar Observer', role: 'observer', attendingBy: 'in-person', confirmed: true };
    const noPermission = await call('p-coordinator', 'POST', '/api/meetings/m-demo/attendees', observer);
    expect(noPermission.status).toBe(400);
    expect(noPermission.body.error.message).toMatch(/chair's permission/);
    expect(
      (
        await call('p-coordinator', 'POST', '/api/meetings/m-demo/attendees', {
          ...observer,
          chairPermission: true,
        })
      ).status,
    ).toBe(201);
    // The chair gives permission by recording them.
    expect(
      (
        await call('p-chair', 'POST', '/api/meetings/m-demo/attendees', {
          ...observer,
          name: 'Asha Assessor',
          role: 'assessor',
        })
      ).status,
    ).toBe(201);
    const apology = await call('p-chair', 'POST', '/api/meetings/m-demo/apologies', {
      name: 'Hugh Health',
      agencyId: 'health',
      deputy: 'Hana Deputy',
    });
    expect(apology.body.apologies).toEqual([
      { name: 'Hugh Health', agencyId: 'health', note: 'Deputy: Hana Deputy' },
    ]);

    await h.send(chat.say(chair, 'end'));
    const minutes = await call('p-coordinator', 'GET', '/api/meetings/m-demo/minutes');
    expect(minutes.status).toBe(200);
    const conf = minutes.body.declaration.confirmations.find(
      (c: { name: string }) => c.name === 'Dana Dialin',
    );
    expect(conf).toMatchObject({ agency: 'Probation', how: 'Confirmed aloud, recorded by Cara Coordinator' });
    const att = (n: string) => minutes.body.attendees.find((a: { name: string }) => a.name === n);
    expect(att('Dana Dialin').how).toBe('Dial-in, recorded by Cara Coordinator');
    expect(att('Oscar Observer')).toMatchObject({
      agency: "Observer (with the chair's permission)",
      how: 'In person, recorded by Cara Coordinator',
    });
    expect(att('Asha Assessor').how).toBe('In person, recorded by Chris Chair');
    expect(minutes.body.declaration.unconfirmed).toEqual([]);
    expect(minutes.body.apologies).toMatchObject([
      { name: 'Hugh Health', agency: 'Hospital / Health', note: 'Deputy: Hana Deputy' },
    ]);
  });
});
