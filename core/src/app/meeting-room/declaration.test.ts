import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../ports/repositories.js';
import { openDemoStore, type DemoStore } from '../../store/demo-fixture.js';
import { confirmDeclaration, markPresent, openDeclaration, resolveActor } from './index.js';

let demo: DemoStore;
let store: Store;
const deps = () => demo.deps();

beforeEach(async () => {
  demo = await openDemoStore();
  store = demo.store;
});
afterEach(() => demo.close());

const guest = { aadObjectId: 'guest-aad-1', displayName: 'Guest Rep' };

describe('confirming the declaration as someone’s first act', () => {
  it('records their arrival, the agency they picked and their confirmation together, and remembers the agency', async () => {
    await openDeclaration(deps(), 'm-demo', await resolveActor(store.repos, 'system', 'system'));
    const from = await store.repos.events.lastSeq();
    const actor = await resolveActor(store.repos, guest.aadObjectId, guest.displayName);

    const done = await confirmDeclaration(deps(), 'm-demo', actor, 'card', undefined, 'housing', {
      key: 'activity:1',
      owner: 'test',
    });

    expect(done).toMatchObject({ recorded: true, confirmation: { agencyId: 'housing', method: 'card' } });
    expect(await store.repos.attendance.get('m-demo', guest.aadObjectId)).toMatchObject({
      present: true,
      agencyId: 'housing',
      source: 'spoke',
      lateJoiner: false,
    });
    // Arrival first, then the confirmation; the arrival says nobody need ask them to confirm.
    const events = await store.repos.events.since(from);
    expect(events.map((e) => e.type)).toEqual(['AttendeeJoined', 'DeclarationConfirmed']);
    expect(events[0]).toMatchObject({ aadObjectId: guest.aadObjectId, confirming: true });
    expect(await store.repos.conversations.getPersonal(`agency:${guest.aadObjectId}`)).toEqual({
      agencyId: 'housing',
    });

    // The same activity delivered again changes nothing.
    const again = await confirmDeclaration(deps(), 'm-demo', actor, 'card', undefined, 'housing', {
      key: 'activity:1',
      owner: 'test',
    });
    expect(again).toMatchObject({ recorded: false, confirmation: { agencyId: 'housing' } });
    expect(await store.repos.events.since(from)).toHaveLength(2);
  });

  it('someone already present confirms without arriving twice', async () => {
    await markPresent(deps(), 'm-demo', guest, 'joined');
    const from = await store.repos.events.lastSeq();
    const actor = await resolveActor(store.repos, guest.aadObjectId, guest.displayName);
    await confirmDeclaration(deps(), 'm-demo', actor, 'typed', 'msg-1', 'housing');
    const events = (await store.repos.events.since(from)).map((e) => e.type);
    expect(events).toEqual(['DeclarationConfirmed']);
    // They joined before picking: the agency is added to their presence.
    expect(await store.repos.attendance.get('m-demo', guest.aadObjectId)).toMatchObject({
      present: true,
      source: 'joined',
      agencyId: 'housing',
    });
  });
});
