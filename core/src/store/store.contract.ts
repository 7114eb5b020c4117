import { afterEach, beforeEach, describe } from 'vitest';
import type { Store } from '../ports/repositories.js';
import { consistencyCases } from './contract-consistency.js';
import { repositoryCases } from './contract-repositories.js';

/** One database for one test, opened as many times as the test needs instances. */
export interface ContractDb {
  readonly dialect: Store['dialect'];
  /** Another Store instance on this same database (same cipher). */
  open(): Promise<Store>;
  /** Raw SQL on the same database, behind the store's back (tampering, future schema versions). */
  raw(sql: string): Promise<void>;
  /** Closes every store it opened and removes the database. */
  dispose(): Promise<void>;
}

/** What each contract case reads: this test's database and the first store opened on it. */
export interface ContractContext {
  readonly db: ContractDb;
  readonly store: Store;
}

/**
 * The storage contract: every Store implementation must pass all of it against a real database.
 * Each case gets a fresh, empty database, so cases never see each other's rows.
 */
export function runStoreContract(name: string, makeDb: () => Promise<ContractDb>) {
  describe(`${name} storage contract`, () => {
    const t = {} as { db: ContractDb; store: Store };
    beforeEach(async () => {
      t.db = await makeDb();
      t.store = await t.db.open();
    });
    afterEach(() => t.db?.dispose());

    repositoryCases(t);
    consistencyCases(t);
  });
}
