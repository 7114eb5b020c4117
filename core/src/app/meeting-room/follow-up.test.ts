import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PersonalDataCipher, newDataKey } from '../../crypto/personal-data.js';
import { ManualClock } from '../../ports/clock.js';
import type { Store } from '../../ports/repositories.js';
import { openStore } from '../../store/index.js';
import { seedDemo } from '../demo-seed.js';
import { DEMO_AREA } from '../demo-area.js';
import { runFollowUp } from './follow-up.js';

/** "Today" for due and overdue is the area's local date: already 2 December in Auckland. */
describe('the follow-up reads due dates on the area’s own calendar', () => {
  let dir: string;
  let store: Store;
  const clock = new ManualClock(Date.parse('2026-12-01T12:00:00Z')); // 01:00 NZDT on the 2nd, 12:00 GMT on the 1st
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'marac-follow-'));
    const cipher = new PersonalDataCipher(newDataKey());
    store = await openStore({ sqlitePath: join(dir, 'marac.sqlite'), cipher });
    await seedDemo(store, cipher, clock);
    const seeded = (await store.repos.actions.list({})).find((a) => a.id === 'a-demo-earlier-1')!;
    for (const [id, dueDate] of [
      ['a-due-1st', '2026-12-01'],
      ['a-due-3rd', '2026-12-03'],
    ])
      await store.repos.actions.put({ ...seeded, id, dueDate, status: 'open', updates: [], version: 0 });
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const kinds = async (owner: string) =>
    (await runFollowUp({ store, clock }, owner, [DEMO_AREA.id])).reminders
      .filter((r) => r.action.id.startsWith('a-due-'))
      .map((r) => [r.action.id, r.kind]);

  it('on London time the 1st is due today and the 3rd not yet within a day', async () => {
    expect(await kinds('london')).toEqual([['a-due-1st', 'due']]);
  });

  it('on Auckland time the 1st is overdue and the 3rd due tomorrow', async () => {
    await store.repos.areas.put({ ...DEMO_AREA, timeZone: 'Pacific/Auckland' });
    expect((await kinds('auckland')).sort()).toEqual([
      ['a-due-1st', 'overdue'],
      ['a-due-3rd', 'due'],
    ]);
  });
});
