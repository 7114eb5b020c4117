import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../ports/clock.js';
import { PersonalDataCipher, newDataKey } from '../crypto/personal-data.js';
import { openStore } from '../store/index.js';
import { pruneClaims } from './claims-pruning.js';

describe('the daily job prunes claims that can no longer matter', () => {
  it('forgets old activity ids and past days, keeps recent ones and everything without a lifetime', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'marac-claims-'));
    const store = await openStore({
      sqlitePath: join(dir, 'c.sqlite'),
      cipher: new PersonalDataCipher(newDataKey()),
      onError: () => {},
    });
    try {
      const clock = new ManualClock(Date.parse('2026-12-20T08:00:00Z'));
      const c = store.repos.claims;
      const old = '2026-11-01T08:00:00.000Z';
      const recent = '2026-12-19T08:00:00.000Z';
      for (const k of ['activity:19:chat:1', 'reminder:a-1:2026-11-01', 'follow-up:cambs:2026-11-01'])
        await c.claim(k, 'i1', old);
      for (const k of ['timer:m-1:c-1:5', 'project:12', 'no-update:a-1', 'retention:c-1'])
        await c.claim(k, 'i1', old);
      await c.claim('activity:19:chat:2', 'i1', recent);
      expect(await pruneClaims({ store, clock })).toMatchObject({
        'activity:': 1,
        'reminder:': 1,
        'follow-up:': 1,
      });
      const free = async (k: string) => c.claim(k, 'i2', '2026-12-20T08:00:00.000Z');
      expect(await free('activity:19:chat:1')).toBe(true);
      expect(await free('activity:19:chat:2')).toBe(false);
      for (const k of ['timer:m-1:c-1:5', 'project:12', 'no-update:a-1', 'retention:c-1'])
        expect(await free(k), k).toBe(false);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
