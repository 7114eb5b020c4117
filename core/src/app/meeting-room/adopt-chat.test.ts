import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PersonalDataCipher, newDataKey } from '../../crypto/personal-data.js';
import { ManualClock } from '../../ports/clock.js';
import type { AgencyDirectory } from '../../ports/directory.js';
import type { Store } from '../../ports/repositories.js';
import { openStore } from '../../store/index.js';
import { demoAadObjectId, seedDemo } from '../demo-seed.js';
import { adoptChat } from './adopt-chat.js';
import { markPresent, rememberAgency } from './declaration.js';

const CHAT = '19:meeting_created-by-tab@thread.v2';
let dir: string;
let store: Store;
let clock: ManualClock;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'marac-adopt-'));
  const cipher = new PersonalDataCipher(newDataKey());
  store = await openStore({ sqlitePath: join(dir, 'marac.sqlite'), cipher });
  clock = new ManualClock(Date.parse('2026-11-24T09:25:00Z'));
  await seedDemo(store, cipher, clock);
  const m = (await store.repos.meetings.get('m-demo'))!;
  // As the tab stores it after creating the Teams meeting: the chat id, no service URL yet.
  await store.repos.meetings.put(
    {
      ...m,
      teams: {
        conversationId: CHAT,
        chatId: CHAT,
        serviceUrl: '',
        reference: {},
        eventId: 'AAMk1',
        organiser: 'coord',
      },
    },
    m.version,
  );
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('adoptChat: the bot links a meeting chat the tab created, without a code', () => {
  it('fills in the service URL and reference on first contact, audited and announced once; then does nothing', async () => {
    const deps = { store, clock };
    const found = await store.repos.meetings.byConversationId(CHAT);
    const reference = { conversation: { id: CHAT }, serviceUrl: 'https://smba.example/uk/' };
    const adopted = await adoptChat(
      deps,
      found,
      { serviceUrl: 'https://smba.example/uk/', reference },
      'tenant-1',
    );
    expect(adopted!.teams).toMatchObject({
      conversationId: CHAT,
      serviceUrl: 'https://smba.example/uk/',
      reference,
      eventId: 'AAMk1',
      organiser: 'coord',
      tenantId: 'tenant-1',
    });
    expect((await store.repos.meetings.get('m-demo'))!.teams!.serviceUrl).toBe('https://smba.example/uk/');

    const again = await adoptChat(deps, adopted, { serviceUrl: 'https://smba.example/uk/', reference });
    expect(again!.version).toBe(adopted!.version); // nothing written

    const moved = await adoptChat(deps, again, { serviceUrl: 'https://smba.example/emea/', reference });
    expect(moved!.teams!.serviceUrl).toBe('https://smba.example/emea/');

    const audit = (await store.repos.audit.list()).filter((a) => a.action === 'meeting.link');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actor: 'system',
      outcome: 'done',
      details: { via: 'teams-meeting-chat' },
    });
    const linked = (await store.repos.events.since(0)).filter((e) => e.type === 'MeetingLinked');
    expect(linked).toHaveLength(1);
  });

  it('an unlinked chat, or a stale copy another instance already adopted, is handled quietly', async () => {
    const deps = { store, clock };
    expect(await adoptChat(deps, undefined, { serviceUrl: 'https://x/', reference: {} })).toBeUndefined();
    const stale = (await store.repos.meetings.get('m-demo'))!;
    await adoptChat(deps, stale, { serviceUrl: 'https://a/', reference: {} });
    const res = await adoptChat(deps, stale, { serviceUrl: 'https://b/', reference: {} });
    expect(res!.teams!.serviceUrl).toBe('https://a/'); // what the other one stored wins
  });
});

describe('markPresent with an AgencyDirectory', () => {
  const directory = (answers: Record<string, string | undefined | Error>) => {
    const asked: string[] = [];
    const d: AgencyDirectory = {
      async resolveAgency(aad, area) {
        asked.push(`${aad}@${area.id}`);
        const a = answers[aad];
        if (a instanceof Error) throw a;
        return a;
      },
    };
    return { d, asked };
  };

  it('asks the directory only for someone nothing else knows, and records the agency', async () => {
    const { d, asked } = directory({ 'member-1': 'health', 'stranger-1': 'not-an-agency-here' });
    const deps = { store, clock, agencyDirectory: d };
    const known = await markPresent(
      deps,
      'm-demo',
      { aadObjectId: demoAadObjectId('p-police'), displayName: 'Police Rep' },
      'joined',
    );
    expect(known.attendee.agencyId).toBe('police');
    const member = await markPresent(
      deps,
      'm-demo',
      { aadObjectId: 'member-1', displayName: 'Hana Health' },
      'joined',
    );
    expect(member.attendee.agencyId).toBe('health');
    await rememberAgency(store.repos, 'picked-1', 'housing');
    const picked = await markPresent(
      deps,
      'm-demo',
      { aadObjectId: 'picked-1', displayName: 'Pip' },
      'spoke',
    );
    expect(picked.attendee.agencyId).toBe('housing');
    const stranger = await markPresent(
      deps,
      'm-demo',
      { aadObjectId: 'stranger-1', displayName: 'S' },
      'joined',
    );
    expect(stranger.attendee.agencyId).toBeUndefined(); // not an agency of this area: the card asks
    await markPresent(deps, 'm-demo', { aadObjectId: 'member-1', displayName: 'Hana Health' }, 'spoke'); // already present
    expect(asked).toEqual(['member-1@cambs-demo', 'stranger-1@cambs-demo']);
  });

  it('a failing directory never stops someone being recorded present', async () => {
    const { d } = directory({ 'guest-1': new Error('Graph is down') });
    const res = await markPresent(
      { store, clock, agencyDirectory: d },
      'm-demo',
      { aadObjectId: 'guest-1', displayName: 'Gale Guest' },
      'joined',
    );
    expect(res.arrived).toBe(true);
    expect(res.attendee.agencyId).toBeUndefined();
  });
});
