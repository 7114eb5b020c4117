import Database from 'better-sqlite3';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PersonalDataCipher, newDataKey } from '../crypto/personal-data.js';
import type { Store } from '../ports/repositories.js';
import * as f from './contract-fixtures.js';
import { openStore, SCHEMA_VERSION } from './index.js';
import { runStoreContract, type ContractDb } from './store.contract.js';

/** A fresh temp folder per test; the database file sits in a sub-folder the store must create. */
function sqliteDb(): ContractDb & { dir: string; file: string; cipher: PersonalDataCipher } {
  const dir = mkdtempSync(join(tmpdir(), 'marac-store-'));
  const file = join(dir, 'data', 'marac.sqlite');
  const cipher = new PersonalDataCipher(newDataKey());
  const opened: Store[] = [];
  return {
    dialect: 'sqlite',
    dir,
    file,
    cipher,
    async open() {
      const s = await openStore({ sqlitePath: file, cipher });
      opened.push(s);
      return s;
    },
    async raw(sql) {
      const raw = new Database(file);
      try {
        raw.exec(sql);
      } finally {
        raw.close();
      }
    },
    async dispose() {
      await Promise.all(opened.map((s) => s.close()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

runStoreContract('SQLite', async () => sqliteDb());

describe('SQLite file', () => {
  let db: ReturnType<typeof sqliteDb> | undefined;
  afterEach(() => db?.dispose());

  it('holds no victim, perpetrator or child name anywhere in its bytes', async () => {
    db = sqliteDb();
    const store = await db.open();
    await store.tx(async (r) => {
      await r.cases.put(f.maracCase('c1'));
      const c = await r.cases.put({ ...f.maracCase('c1'), status: 'scheduled' }, 1);
      await r.cases.put(f.maracCase('c2'));
      await r.cases.delete('c2');
      expect(c.personal.victim.name).toBe(f.VICTIM_NAME);
    });
    expect((await store.repos.cases.get('c1'))?.personal.perpetrators[0].name).toBe(f.PERPETRATOR_NAME);
    await store.close();
    const files = readdirSync(join(db.dir, 'data'));
    expect(files).toContain('marac.sqlite');
    const bytes = Buffer.concat(files.map((name) => readFileSync(join(db!.dir, 'data', name))));
    for (const secret of [f.VICTIM_NAME, f.PERPETRATOR_NAME, f.CHILD_NAME, 'Mill Lane', '1991-04-05'])
      expect(bytes.includes(Buffer.from(secret, 'utf8')), secret).toBe(false);
  });

  it('refuses a file that is not a SQLite database, naming it', async () => {
    db = sqliteDb();
    await db.open().then((s) => s.close());
    writeFileSync(db.file, 'this is a spreadsheet, not a database '.repeat(200));
    await expect(db.open()).rejects.toThrow(db.file);
    await expect(db.open()).rejects.toThrow(/not a SQLite database/);
  });

  it('refuses a SQLite file whose pages are corrupt, naming it', async () => {
    db = sqliteDb();
    const s = await db.open();
    await s.repos.areas.put(f.area());
    await s.close();
    const bytes = readFileSync(db.file);
    bytes.fill(0xa5, 100);
    writeFileSync(db.file, bytes);
    await expect(db.open()).rejects.toThrow(db.file);
  });

  it('uses WAL and records the schema version', async () => {
    db = sqliteDb();
    await db.open();
    const raw = new Database(db.file, { readonly: true });
    try {
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(raw.prepare('SELECT MAX(version) AS v FROM schema_version').get()).toEqual({
        v: SCHEMA_VERSION,
      });
    } finally {
      raw.close();
    }
  });
});
