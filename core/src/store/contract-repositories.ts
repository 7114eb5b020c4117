import { expect, it } from 'vitest';
import * as f from './contract-fixtures.js';
import type { ContractContext } from './store.contract.js';

/** Storage contract, part 1: every repository stores and finds what the domain gives it. */
export function repositoryCases(t: ContractContext) {
  it('round-trips areas, agencies and people', async () => {
    const { store } = t;
    const r = store.repos;
    await r.areas.put(f.area('cambs'));
    await r.areas.put({ ...f.area('cambs'), dashThreshold: 14 });
    expect(await r.areas.get('cambs')).toEqual({ ...f.area('cambs'), dashThreshold: 14 });
    expect(await r.areas.get('nope')).toBeUndefined();
    expect(await r.areas.list()).toHaveLength(1);
    await r.agencies.put(f.agency('police'));
    await r.agencies.put(f.agency('idva'));
    await r.agencies.put(f.agency('other', 'norfolk'));
    expect((await r.agencies.list('cambs')).map((a) => a.id)).toEqual(['idva', 'police']);
    await r.people.put(f.person('p1'));
    await r.people.put({ ...f.person('p1'), roles: ['chair'] });
    await r.people.put(f.person('p2'));
    expect(await r.people.get('p1')).toEqual({ ...f.person('p1'), roles: ['chair'] });
    expect((await r.people.byAadObjectId('aad-p2'))?.id).toBe('p2');
    expect(await r.people.list()).toHaveLength(2);
  });

  it('reads an area stored before the newer settings existed with their defaults', async () => {
    const { store } = t;
    const old: Record<string, unknown> = { ...f.area('old') };
    for (const k of ['version', 'timeZone', 'previousDeclarations', 'escalation', 'repeatWindowStart'])
      delete old[k];
    for (const k of ['agendaCirculationDays', 'minutesDeadlineHours', 'coreAgencies']) delete old[k];
    await store.repos.areas.put(old as never);
    const read = await store.repos.areas.get('old');
    expect(read).toMatchObject({
      version: 1,
      timeZone: 'Europe/London',
      previousDeclarations: [],
      escalation: { kind: 'incidents', incidents: 3 },
      repeatWindowStart: 'last-hearing',
      agendaCirculationDays: 8,
      minutesDeadlineHours: 168,
      coreAgencies: [],
      dashThreshold: 17,
      declaration: f.area().declaration,
    });
    expect((await store.repos.areas.list())[0]).toEqual(read);
  });

  it('stores meetings with versions, look-ups and filters', async () => {
    const { store } = t;
    const r = store.repos;
    const teams = { conversationId: 'conv-1', serviceUrl: 'https://smba.example', reference: { a: 1 } };
    const m1 = await r.meetings.put(f.meeting('m1', { teams }));
    expect(m1.version).toBe(1);
    const m1b = await r.meetings.put({ ...m1, status: 'live' }, 1);
    expect(m1b.version).toBe(2);
    await r.meetings.put(f.meeting('m2', { date: '2026-04-01', areaId: 'norfolk' }));
    expect(await r.meetings.get('m1')).toEqual({ ...f.meeting('m1', { teams }), status: 'live', version: 2 });
    expect((await r.meetings.byLinkCode('LC-m2'))?.id).toBe('m2');
    expect((await r.meetings.byConversationId('conv-1'))?.id).toBe('m1');
    expect((await r.meetings.list({ areaId: 'cambs' })).map((m) => m.id)).toEqual(['m1']);
    expect((await r.meetings.list({ from: '2026-03-11', to: '2026-04-01' })).map((m) => m.id)).toEqual([
      'm2',
    ]);
    expect((await r.meetings.list({ status: 'live' })).map((m) => m.id)).toEqual(['m1']);
    expect(await r.meetings.list()).toHaveLength(2);
  });

  it('reads a meeting with its area in one look-up; no area configured is absent, not an error', async () => {
    const r = t.store.repos;
    await r.areas.put(f.area());
    await r.meetings.put(f.meeting('m1'));
    await r.meetings.put(f.meeting('m2', { areaId: 'nowhere' }));
    const both = await r.meetings.withArea({ id: 'm1' });
    expect(both?.meeting).toEqual(await r.meetings.get('m1'));
    expect(both?.area).toEqual(await r.areas.get(f.area().id));
    expect(both?.area?.id).toBe(both?.meeting.areaId);
    const orphan = await r.meetings.withArea({ id: 'm2' });
    expect(orphan?.meeting.id).toBe('m2');
    expect(orphan && 'area' in orphan).toBe(false);
    expect(await r.meetings.withArea({ id: 'no-such-meeting' })).toBeUndefined();
    await r.meetings.put(
      {
        ...(await r.meetings.get('m1'))!,
        teams: { conversationId: 'conv-9', serviceUrl: '', reference: {} },
      },
      1,
    );
    expect(await r.meetings.withArea({ conversationId: 'conv-9' })).toEqual({
      meeting: await r.meetings.get('m1'),
      area: await r.areas.get(f.area().id),
    });
    expect(await r.meetings.withArea({ conversationId: 'conv-none' })).toBeUndefined();
  });

  it('refuses stale writes with DomainError("stale") and keeps the stored value', async () => {
    const { store } = t;
    const r = store.repos;
    const m = await r.meetings.put(f.meeting('m1'));
    await r.meetings.put({ ...m, startTime: '10:00' });
    await expect(r.meetings.put({ ...m, startTime: '11:00' })).rejects.toMatchObject({ code: 'stale' });
    await expect(r.meetings.put(f.meeting('m1'))).rejects.toMatchObject({ code: 'stale' });
    expect((await r.meetings.get('m1'))?.startTime).toBe('10:00');
    const c = await r.cases.put(f.maracCase('c1'));
    await expect(r.cases.put({ ...c, status: 'heard' }, 0)).rejects.toMatchObject({ code: 'stale' });
    const a = await r.actions.put(f.action('a1'));
    await r.actions.put({ ...a, status: 'complete' });
    await expect(r.actions.put({ ...a, status: 'cannot-complete' })).rejects.toMatchObject({ code: 'stale' });
    expect((await r.actions.get('a1'))?.status).toBe('complete');
  });

  it('seals case personal details and opens them on read; filters; deletes for good', async () => {
    const { store } = t;
    const r = store.repos;
    const c1 = await r.cases.put(f.maracCase('c1', { meetingId: 'm1', perpetratorKeys: ['pk-a', 'pk-b'] }));
    await r.cases.put(f.maracCase('c2', { status: 'heard', receivedAt: '2026-03-02T00:00:00.000Z' }));
    expect(await r.cases.get('c1')).toEqual({
      ...f.maracCase('c1', { meetingId: 'm1', perpetratorKeys: ['pk-a', 'pk-b'] }),
      version: 1,
    });
    expect((await r.cases.byReference('MC-2026-c2'))?.personal.victim.name).toBe(f.VICTIM_NAME);
    expect((await r.cases.list({ meetingId: 'm1' })).map((c) => c.id)).toEqual(['c1']);
    expect((await r.cases.list({ status: ['heard', 'closed'] })).map((c) => c.id)).toEqual(['c2']);
    expect((await r.cases.list({ areaId: 'cambs', status: [] })).map((c) => c.id)).toEqual([]);
    expect((await r.cases.list()).map((c) => c.id)).toEqual(['c1', 'c2']);
    await expect(r.cases.put(f.maracCase('c3', { reference: 'MC-2026-c1' }))).rejects.toMatchObject({
      code: 'conflict',
    });
    await r.hearings.add(f.hearing('c1', 'm1'));
    await r.agenda.set('m1', ['c2', 'c1']);
    // The running order's read: the agenda's cases in order, their personal details left sealed.
    const onAgenda = await r.agenda.cases('m1');
    expect(onAgenda.map((c) => [c.id, c.reference])).toEqual([
      ['c2', 'MC-2026-c2'],
      ['c1', 'MC-2026-c1'],
    ]);
    expect(onAgenda.every((c) => !('personal' in c) && c.version >= 1)).toBe(true);
    expect(JSON.stringify(onAgenda)).not.toContain(f.VICTIM_NAME);
    await r.actions.put(f.action('a1', { caseId: 'c1' }));
    await r.cases.delete(c1.id);
    expect(await r.cases.get('c1')).toBeUndefined();
    expect(await r.hearings.forVictim('vk-c1')).toEqual([]);
    expect((await r.agenda.list('m1')).map((a) => a.caseId)).toEqual(['c2']);
    expect((await r.agenda.cases('m1')).map((c) => c.id)).toEqual(['c2']);
    expect(await r.actions.get('a1')).toBeUndefined();
  });

  it('counts case numbers per area and year, atomically', async () => {
    const { store } = t;
    const numbers = await Promise.all(
      Array.from({ length: 12 }, () => store.repos.cases.nextNumber('cambs', 2026)),
    );
    expect([...numbers].sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(await store.repos.cases.nextNumber('cambs', 2027)).toBe(1);
    expect(await store.repos.cases.nextNumber('norfolk', 2026)).toBe(1);
  });

  it('keeps hearings for repeat detection, one per case per meeting', async () => {
    const { store } = t;
    const r = store.repos;
    await r.hearings.add(f.hearing('c1', 'm1', { outcome: 'deferred' }));
    await r.hearings.add(f.hearing('c1', 'm1', { outcome: 'heard', perpetratorKeys: ['pk-1', 'pk-2'] }));
    await r.hearings.add(f.hearing('c9', 'm2', { victimKey: 'vk-c1', heardOn: '2026-05-01' }));
    await r.hearings.add(f.hearing('c2', 'm2', { heardOn: '2026-05-01' }));
    const mine = await r.hearings.forVictim('vk-c1');
    expect(mine).toEqual([
      f.hearing('c1', 'm1', { perpetratorKeys: ['pk-1', 'pk-2'] }),
      f.hearing('c9', 'm2', { victimKey: 'vk-c1', heardOn: '2026-05-01' }),
    ]);
    expect((await r.hearings.list({ meetingId: 'm2' })).map((h) => h.caseId).sort()).toEqual(['c2', 'c9']);
    expect((await r.hearings.list({ from: '2026-04-01', to: '2026-05-01' })).length).toBe(2);
    expect((await r.hearings.list({ to: '2026-03-31' })).map((h) => h.caseId)).toEqual(['c1']);
  });

  it('replaces the agenda in order; upserts attendance; records a confirmation once', async () => {
    const { store } = t;
    const r = store.repos;
    await r.agenda.set('m1', ['c1', 'c2', 'c3']);
    await r.agenda.set('m1', ['c3', 'c1']);
    expect(await r.agenda.list('m1')).toEqual([
      { meetingId: 'm1', caseId: 'c3', position: 1 },
      { meetingId: 'm1', caseId: 'c1', position: 2 },
    ]);
    await r.attendance.put(f.attendee('m1', 'u1'));
    await r.attendance.put(f.attendee('m1', 'u1', { present: false, leftAt: '2026-03-10T10:00:00.000Z' }));
    await r.attendance.put(
      f.attendee('m1', 'u2', { firstSeenAt: '2026-03-10T09:40:00.000Z', lateJoiner: true }),
    );
    expect(await r.attendance.get('m1', 'u1')).toEqual(
      f.attendee('m1', 'u1', { present: false, leftAt: '2026-03-10T10:00:00.000Z' }),
    );
    expect((await r.attendance.list('m1')).map((a) => a.aadObjectId)).toEqual(['u1', 'u2']);
    expect(await r.confirmations.add(f.confirmation('m1', 'u1'))).toBe(true);
    expect(
      await r.confirmations.add(f.confirmation('m1', 'u1', { method: 'card', messageId: 'msg-2' })),
    ).toBe(false);
    expect(await r.confirmations.add(f.confirmation('m2', 'u1'))).toBe(true);
    expect(await r.confirmations.list('m1')).toEqual([f.confirmation('m1', 'u1')]);
  });

  it('stores live meeting state optimistically', async () => {
    const { store } = t;
    const r = store.repos;
    expect(await r.live.put(f.live('m1', 2))).toBe(false);
    expect(await r.live.put(f.live('m1', 1))).toBe(true);
    expect(await r.live.put(f.live('m1', 1))).toBe(false);
    expect(await r.live.put(f.live('m1', 2, { stage: 'hearing', current: 0 }))).toBe(true);
    expect(await r.live.put(f.live('m1', 2, { stage: 'ended' }))).toBe(false);
    expect(await r.live.get('m1')).toEqual(f.live('m1', 2, { stage: 'hearing', current: 0 }));
    expect(await r.live.put(f.live('m2', 1, { stage: 'ended' }))).toBe(true);
    expect((await r.live.listActive()).map((l) => l.meetingId)).toEqual(['m1']);
  });

  it('filters actions', async () => {
    const { store } = t;
    const r = store.repos;
    await r.actions.put(f.action('a1'));
    await r.actions.put(f.action('a2', { ownerAgencyId: 'idva', status: 'complete', dueDate: '2026-03-12' }));
    await r.actions.put(f.action('a3', { meetingId: 'm2', caseId: 'c2', dueDate: '2026-04-01' }));
    const ids = async (filter: Parameters<typeof r.actions.list>[0]) =>
      (await r.actions.list(filter)).map((a) => a.id);
    expect(await ids({ meetingId: 'm1' })).toEqual(['a2', 'a1']);
    expect(await ids({ caseId: 'c2' })).toEqual(['a3']);
    expect(await ids({ meetingIds: ['m1', 'm2'] })).toEqual(['a2', 'a1', 'a3']);
    expect(await ids({ meetingIds: ['m2', 'm9'] })).toEqual(['a3']);
    expect(await ids({ meetingIds: [] })).toEqual([]);
    expect(await ids({ ownerAgencyId: 'police', status: ['open', 'no-update'] })).toEqual(['a1', 'a3']);
    expect(await ids({ dueBefore: '2026-03-17' })).toEqual(['a2']);
    expect(await r.actions.get('a1')).toEqual({ ...f.action('a1'), version: 1 });
  });

  it('keeps card locations and personal conversation references', async () => {
    const { store } = t;
    const r = store.repos;
    await r.cards.put('rollcall:m1', 'conv-1', 'act-1');
    await r.cards.put('rollcall:m1', 'conv-1', 'act-2');
    expect(await r.cards.get('rollcall:m1')).toEqual({ conversationId: 'conv-1', activityId: 'act-2' });
    expect(await r.cards.get('none')).toBeUndefined();
    await r.conversations.putPersonal('u1', { conversation: { id: 'a:1' } });
    await r.conversations.putPersonal('u1', { conversation: { id: 'a:2' } });
    expect(await r.conversations.getPersonal('u1')).toEqual({ conversation: { id: 'a:2' } });
    expect(await r.conversations.getPersonal('u2')).toBeUndefined();
    await r.conversations.putPersonal('u3', { teamsUserId: '29:u3' });
    const many = await r.conversations.getPersonalMany(['u1', 'u2', 'u3']);
    expect([...many.keys()].sort()).toEqual(['u1', 'u3']);
    expect(many.get('u3')).toEqual({ teamsUserId: '29:u3' });
    expect((await r.conversations.getPersonalMany([])).size).toBe(0);
  });
}
