import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PersonalDataCipher, newDataKey } from '../../crypto/personal-data.js';
import { ManualClock } from '../../ports/clock.js';
import type { Store } from '../../ports/repositories.js';
import { openStore } from '../../store/index.js';
import { demoAadObjectId, seedDemo } from '../demo-seed.js';
import { type Actor, mayChair, resolveActor } from './context.js';
import { delegateChair } from './delegation.js';
import { postDeclaration } from './declaration.js';

let dir: string;
let store: Store;
const clock = new ManualClock(Date.parse('2026-11-24T09:25:00Z'));
const deps = () => ({ store, clock });
const as = (personId: string): Promise<Actor> =>
  resolveActor(store.repos, demoAadObjectId(personId), personId);
const audits = async (action: string) =>
  (await store.repos.audit.list()).filter((a) => a.action === action).map((a) => [a.actor, a.outcome]);

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'marac-delegate-'));
  const cipher = new PersonalDataCipher(newDataKey());
  store = await openStore({ sqlitePath: join(dir, 'marac.sqlite'), cipher });
  await seedDemo(store, cipher, clock);
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('delegating the chair', () => {
  it('lets the named chair hand the meeting to someone, who may then run it; audited', async () => {
    const housing = await as('p-housing');
    expect(mayChair((await store.repos.meetings.get('m-demo'))!, housing)).toBe(false);
    await expect(postDeclaration(deps(), 'm-demo', housing)).rejects.toThrow('Only the chair can do that.');

    const named = await delegateChair(deps(), 'm-demo', await as('p-chair'), '  housing REP ');
    expect(named.id).toBe('p-housing');
    const m = (await store.repos.meetings.get('m-demo'))!;
    expect(m.delegateIds).toEqual(['p-housing']);
    expect(mayChair(m, await as('p-housing'))).toBe(true);
    await postDeclaration(deps(), 'm-demo', await as('p-housing'));
    expect((await store.repos.live.get('m-demo'))?.stage).toBe('declaration');
    expect(await audits('meeting.delegate')).toEqual([['p-chair', 'done']]);
    expect(await audits('chair.declaration')).toEqual([['p-housing', 'refused']]);
  });

  it.each([
    ['a delegate', 'p-housing', 'Police Rep', "Only the meeting's chair can name a delegate."],
    ['a coordinator', 'p-coordinator', 'Police Rep', "Only the meeting's chair can name a delegate."],
    ['the chair, naming nobody known', 'p-chair', 'Nobody Known', 'I do not know that person.'],
  ])('refuses %s, explained and audited, changing nothing', async (_who, by, name, message) => {
    await delegateChair(deps(), 'm-demo', await as('p-chair'), 'Housing Rep');
    const before = (await store.repos.meetings.get('m-demo'))!;
    await expect(delegateChair(deps(), 'm-demo', await as(by), name)).rejects.toThrow(message);
    expect((await store.repos.meetings.get('m-demo'))!.delegateIds).toEqual(before.delegateIds);
    expect((await audits('meeting.delegate')).at(-1)).toEqual([by, 'refused']);
  });
});
