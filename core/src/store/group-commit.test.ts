import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from './migrations.js';
import { openSqliteDb, type SqliteDb } from './sqlite-db.js';

const claimed = (db: SqliteDb, key: string) =>
  db.reader.getSync<{ n: number }>('SELECT count(*) AS n FROM claims WHERE claim_key = ?', [key])!.n;
const claim = (key: string) => (sql: Parameters<Parameters<SqliteDb['transaction']>[0]>[0]) =>
  sql.run('INSERT INTO claims (claim_key, owner, at) VALUES (?, ?, ?)', [key, 'test', '2026-12-01']);

describe('group commit on a real SQLite file', () => {
  let dir: string;
  let db: SqliteDb;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'marac-group-'));
    db = openSqliteDb(join(dir, 'marac.sqlite'));
    await migrate(db);
  });
  afterEach(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('concurrent transactions share one COMMIT, and each is answered only once it is committed', async () => {
    const before = { ...db.commitStats };
    const seenAtAnswer: number[] = [];
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        db.transaction(claim(`k${i}`)).then(() => {
          // When any one of them is answered, the reader (committed data only) sees all twenty.
          seenAtAnswer.push(
            Array.from({ length: 20 }, (_, j) => claimed(db, `k${j}`)).reduce((a, b) => a + b),
          );
        }),
      ),
    );
    expect(db.commitStats.units - before.units).toBe(20);
    expect(db.commitStats.commits - before.commits).toBe(1);
    expect(seenAtAnswer).toEqual(Array(20).fill(20));
  });

  it('a transaction arriving while a batch is being written waits for the next COMMIT, not the other way round', async () => {
    const before = { ...db.commitStats };
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const order: string[] = [];
    const first = db.transaction(async (sql) => {
      await claim('first')(sql);
      await held;
    });
    // Let the first batch start with the first unit alone, then queue the second behind it.
    await new Promise((r) => setImmediate(r));
    const second = db.transaction(async (sql) => {
      order.push('second runs');
      await claim('second')(sql);
    });
    release();
    await first.then(() => order.push('first answered'));
    await second;
    expect(order).toEqual(['first answered', 'second runs']);
    expect(db.commitStats.commits - before.commits).toBe(2);
  });

  it('a failing transaction in a batch rolls back alone; the others are stored', async () => {
    const results = await Promise.allSettled([
      db.transaction(claim('a')),
      db.transaction(async (sql) => {
        await claim('b')(sql);
        throw new Error('refused');
      }),
      db.transaction(claim('c')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect([claimed(db, 'a'), claimed(db, 'b'), claimed(db, 'c')]).toEqual([1, 0, 1]);
  });

  it('a unit that breaks a constraint fails alone and says why', async () => {
    await db.transaction(claim('dup'));
    const results = await Promise.allSettled([db.transaction(claim('dup')), db.transaction(claim('other'))]);
    expect(results[0].status).toBe('rejected');
    expect(String((results[0] as PromiseRejectedResult).reason)).toMatch(/UNIQUE/);
    expect(results[1].status).toBe('fulfilled');
    expect(claimed(db, 'other')).toBe(1);
  });
});
