import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PersonalDataCipher, newDataKey } from '../crypto/personal-data.js';
import { ManualClock } from '../ports/clock.js';
import type { Store } from '../ports/repositories.js';
import type { Person } from '../domain/person.js';
import { seedDemo } from '../app/demo-seed.js';
import { openStore } from './index.js';

/** The demo meeting's morning (m-demo is today, 09:30 London). */
export const DEMO_T0 = Date.parse('2026-11-24T09:25:00Z');

export interface DemoStore {
  store: Store;
  clock: ManualClock;
  cipher: PersonalDataCipher;
  /** The demo area's coordinator (p-coordinator). */
  coordinator: Person;
  /** What the coordinator use cases take. */
  deps: () => { store: Store; clock: ManualClock; cipher: PersonalDataCipher };
  /** Closes the store and removes its directory. */
  close: () => Promise<void>;
}

/**
 * The seeded demo area on a real SQLite file in a fresh directory, with a fresh data key and a
 * manual clock: the set-up the coordinator use-case tests share (one per test, so none sees another's writes).
 */
export async function openDemoStore(at = DEMO_T0): Promise<DemoStore> {
  const dir = mkdtempSync(join(tmpdir(), 'marac-demo-'));
  const cipher = new PersonalDataCipher(newDataKey());
  const store = await openStore({ sqlitePath: join(dir, 'marac.sqlite'), cipher });
  const clock = new ManualClock(at);
  await seedDemo(store, cipher, clock);
  const coordinator = (await store.repos.people.get('p-coordinator'))!;
  return {
    store,
    clock,
    cipher,
    coordinator,
    deps: () => ({ store, clock, cipher }),
    close: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
