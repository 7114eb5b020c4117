import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PersonalDataCipher, newDataKey } from '../../crypto/personal-data.js';
import { ManualClock } from '../../ports/clock.js';
import type { Store } from '../../ports/repositories.js';
import { type TeamsMeetings, TeamsMeetingsRefusal } from '../../ports/teams-meetings.js';
import { openStore } from '../../store/index.js';
import { seedDemo } from '../demo-seed.js';
import { createTeamsMeeting } from './teams-meeting.js';
import { cancelTeamsMeeting } from './teams-meeting-changes.js';

let dir: string;
let store: Store;
let cipher: PersonalDataCipher;
const clock = new ManualClock(Date.parse('2026-11-24T07:00:00Z'));
const calls: string[] = [];
const permission = { code: 'graph-permission', message: 'Grant it.', permission: 'Calendars.ReadWrite' };
/** The port as the tab's Graph adapter presents it, scripted per test. */
let teams: TeamsMeetings;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'marac-teams-'));
  cipher = new PersonalDataCipher(newDataKey());
  store = await openStore({ sqlitePath: join(dir, 'marac.sqlite'), cipher });
  await seedDemo(store, cipher, clock);
  calls.length = 0;
  teams = {
    async schedule(i) {
      calls.push(`schedule ${i.transactionId} ${i.durationMinutes} ${i.attendees.length}`);
      return {
        eventId: 'ev1',
        organiser: i.organiser,
        chatId: '19:chat',
        appInstalled: false,
        problems: [permission],
      };
    },
    async reschedule() {},
    async cancel() {
      calls.push('cancel');
      throw new TeamsMeetingsRefusal({ code: 'graph-not-found', message: 'gone' }, true);
    },
  };
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const coordinator = async () => (await store.repos.people.get('p-coordinator'))!;
const refusals = async () =>
  (await store.repos.audit.list()).filter((a) => a.outcome === 'refused').map((a) => a.action);

describe('the Teams meeting of a MARAC meeting (core use cases, Graph behind a port)', () => {
  it('creates it once with a stable transaction id, keeps what the bot knew, and audits a failed later step', async () => {
    const deps = { store, cipher, clock, teams };
    const first = await createTeamsMeeting(deps, await coordinator(), 'm-demo');
    if ('refused' in first) throw new Error('refused');
    expect(first.created).toBe(true);
    expect(first.meeting.teams).toMatchObject({
      conversationId: '19:chat',
      chatId: '19:chat',
      eventId: 'ev1',
    });
    expect(first.problems).toEqual([permission]);
    expect(await refusals()).toEqual(['graph.teams-meeting.create']);
    const again = await createTeamsMeeting(deps, await coordinator(), 'm-demo');
    expect('refused' in again || again.created).toBe(false);
    // Eight cases at the area's minutes per case; the same transaction id both times.
    expect(calls[0]).toBe(calls[1]);
    expect(calls[0]).toMatch(/^schedule m-demo (\d+) \d+$/);
  });

  it('without Graph, or when Graph refuses, changes nothing and says why (audited)', async () => {
    const before = await store.repos.meetings.get('m-demo');
    const none = await createTeamsMeeting({ store, cipher, clock }, await coordinator(), 'm-demo');
    expect(none).toMatchObject({ configured: false, refused: { code: 'graph-not-configured' } });
    teams.schedule = async () => {
      throw new TeamsMeetingsRefusal(permission);
    };
    const no = await createTeamsMeeting({ store, cipher, clock, teams }, await coordinator(), 'm-demo');
    expect(no).toEqual({ configured: true, refused: permission });
    expect(await store.repos.meetings.get('m-demo')).toEqual(before);
    expect(await refusals()).toEqual(['graph.teams-meeting.create', 'graph.teams-meeting.create']);
  });

  it('refuses anyone but a coordinator, and treats an event already gone as cancelled', async () => {
    const housing = (await store.repos.people.get('p-housing'))!;
    await expect(createTeamsMeeting({ store, cipher, clock, teams }, housing, 'm-demo')).rejects.toThrow(
      'Only a MARAC coordinator can do this.',
    );
    const deps = { store, cipher, clock, teams };
    await createTeamsMeeting(deps, await coordinator(), 'm-demo');
    const r = await cancelTeamsMeeting(deps, await coordinator(), 'm-demo');
    if ('refused' in r) throw new Error('refused');
    expect(r.meeting.teams?.conversationId).toBe('');
    expect(r.meeting.teams?.eventId).toBeUndefined();
    expect(calls).toContain('cancel');
    expect(r.meeting.teams?.transactionId).not.toBe('m-demo');
  });
});
