import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_AREA, ManualClock, PersonalDataCipher, newDataKey, type Store } from '@marac/core';
import { openStore } from '@marac/core/store';
import { startScheduler } from './scheduler.js';

/** The daily follow-up runs at a local hour: 08:00 on the London wall clock in winter and summer. */
describe('the daily follow-up hour is local time (Europe/London)', () => {
  let dir: string;
  let store: Store;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'marac-sched-'));
    store = await openStore({
      sqlitePath: join(dir, 'm.sqlite'),
      cipher: new PersonalDataCipher(newDataKey()),
    });
    await store.repos.areas.put(DEMO_AREA);
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const days = async (clock: ManualClock, at: string[]) => {
    const ran: string[] = [];
    const s = startScheduler(
      {
        store,
        clock,
        owner: 'test',
        reminderHour: 8,
        log: { warn: () => undefined },
        onReminders: async () => void ran.push(new Date(clock.now()).toISOString()),
      },
      3_600_000,
    );
    for (const t of at) {
      clock.set(Date.parse(t));
      await s.tick();
      await s.idle();
    }
    s.stop();
    return ran;
  };

  it('in summer it runs at 07:00 UTC (08:00 BST), not at 08:00 UTC', async () => {
    const clock = new ManualClock(0);
    expect(
      await days(clock, ['2026-06-15T06:59:00Z', '2026-06-15T07:00:00Z', '2026-06-15T08:30:00Z']),
    ).toEqual(['2026-06-15T07:00:00.000Z']);
  });

  it('just after local midnight (23:30 UTC, 00:30 BST) it is a new day that has not reached 08:00', async () => {
    const clock = new ManualClock(0);
    expect(
      await days(clock, ['2026-06-15T23:30:00Z', '2026-06-16T06:59:00Z', '2026-06-16T07:01:00Z']),
    ).toEqual(['2026-06-16T07:01:00.000Z']);
  });

  it('across both clock changes: the Sunday before and the day after run at 08:00 local', async () => {
    const clock = new ManualClock(0);
    expect(
      await days(clock, [
        '2026-03-28T07:30:00Z', // Sat 07:30 GMT: not yet
        '2026-03-28T08:00:00Z', // Sat 08:00 GMT
        '2026-03-29T07:00:00Z', // Sun 08:00 BST, the first day of summer time
        '2026-10-25T07:00:00Z', // Sun 07:00 GMT: clocks went back overnight, not yet
        '2026-10-25T08:00:00Z', // Sun 08:00 GMT
      ]),
    ).toEqual(['2026-03-28T08:00:00.000Z', '2026-03-29T07:00:00.000Z', '2026-10-25T08:00:00.000Z']);
  });
});

/** Each area's follow-up hour and "today" are its own zone's: one on Auckland time, one on London's. */
describe('the daily follow-up runs per area in its own time zone', () => {
  let dir: string;
  let store: Store;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'marac-sched-zones-'));
    store = await openStore({
      sqlitePath: join(dir, 'm.sqlite'),
      cipher: new PersonalDataCipher(newDataKey()),
    });
    await store.repos.areas.put({ ...DEMO_AREA, id: 'a-london', timeZone: 'Europe/London' });
    await store.repos.areas.put({ ...DEMO_AREA, id: 'a-auckland', timeZone: 'Pacific/Auckland' });
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reaches 08:00 in Auckland (NZST, UTC+12) and in London (BST) each on their own local day', async () => {
    const clock = new ManualClock(0);
    const ran: string[] = [];
    const s = startScheduler(
      {
        store,
        clock,
        owner: 'test',
        reminderHour: 8,
        log: { warn: () => undefined },
        onReminders: async () => void ran.push(new Date(clock.now()).toISOString()),
      },
      3_600_000,
    );
    for (const t of [
      '2026-06-15T19:30:00Z', // Auckland 07:30 on the 16th, London 20:30 on the 15th: London runs (15th)
      '2026-06-15T20:30:00Z', // Auckland 08:30 on the 16th: Auckland runs for its 16th
      '2026-06-15T22:00:00Z', // London 23:00, Auckland 10:00: both done for their day
      '2026-06-15T23:30:00Z', // London 00:30 on the 16th: not 08:00 yet
      '2026-06-16T07:00:00Z', // London 08:00 BST on the 16th: London runs
      '2026-06-16T07:30:00Z', // nothing new
      '2026-06-16T20:00:00Z', // Auckland 08:00 on the 17th: Auckland runs, though London's 16th is done
    ]) {
      clock.set(Date.parse(t));
      await s.tick();
      await s.idle();
    }
    s.stop();
    expect(ran).toEqual([
      '2026-06-15T19:30:00.000Z',
      '2026-06-15T20:30:00.000Z',
      '2026-06-16T07:00:00.000Z',
      '2026-06-16T20:00:00.000Z',
    ]);
  });
});
