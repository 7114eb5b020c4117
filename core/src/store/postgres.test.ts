import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PersonalDataCipher, newDataKey } from '../crypto/personal-data.js';
import type { Store } from '../ports/repositories.js';
import { maracCase, VICTIM_NAME } from './contract-fixtures.js';
import { MIGRATIONS, openStore, SCHEMA_VERSION } from './index.js';
import { migrate } from './migrations.js';
import { openPostgresDb, withPgClient, type PostgresDb } from './postgres-db.js';
import type { Sql } from './sql.js';
import { eventChannel } from './postgres-notify.js';
import { runStoreContract, type ContractDb } from './store.contract.js';

const DATABASE_URL = process.env.DATABASE_URL;

/** This file's own schemas, all under one prefix so afterAll drops every one of them. */
const PREFIX = `marac_test_${process.pid}_${randomBytes(3).toString('hex')}`;
let counter = 0;

const newSchema = async (url: string) => {
  const schema = `${PREFIX}_${++counter}`;
  await withPgClient(url, (c) => c.query(`CREATE SCHEMA ${schema}`));
  return schema;
};

/**
 * Empties a migrated schema between contract cases: much cheaper than migrating a new schema per
 * case (and DELETE is cheaper than TRUNCATE for a handful of rows). It also undoes what cases do
 * behind the store's back: future schema versions, disabled audit triggers.
 */
async function resetScript(url: string, schema: string): Promise<string> {
  return withPgClient(url, async (c) => {
    const tables = await c.query<{ t: string }>(
      `SELECT table_name AS t FROM information_schema.tables
       WHERE table_schema = $1 AND table_type = 'BASE TABLE' AND table_name <> 'schema_version'`,
      [schema],
    );
    const sequences = await c.query<{ s: string }>(
      'SELECT sequence_name AS s FROM information_schema.sequences WHERE sequence_schema = $1',
      [schema],
    );
    return [
      `ALTER TABLE ${schema}.audit DISABLE TRIGGER USER`,
      ...tables.rows.map((r) => `DELETE FROM ${schema}.${r.t}`),
      `ALTER TABLE ${schema}.audit ENABLE TRIGGER USER`,
      ...sequences.rows.map((r) => `ALTER SEQUENCE ${schema}.${r.s} RESTART`),
      `DELETE FROM ${schema}.schema_version WHERE version > ${SCHEMA_VERSION}`,
    ].join(';\n');
  });
}

function postgresDb(url: string, schema: string): ContractDb {
  const cipher = new PersonalDataCipher(newDataKey());
  const opened: Store[] = [];
  return {
    dialect: 'postgres',
    async open() {
      const s = await openStore({ databaseUrl: url, schema, cipher });
      opened.push(s);
      return s;
    },
    raw: (sql) =>
      withPgClient(url, async (c) => void (await c.query(`SET search_path TO ${schema}; ${sql}`))),
    async dispose() {
      await Promise.all(opened.map((s) => s.close()));
    },
  };
}

if (!DATABASE_URL) {
  describe('PostgreSQL storage contract', () => {
    it('needs DATABASE_URL', () => {
      console.warn('PostgreSQL contract tests did NOT run: DATABASE_URL is not set');
      expect(DATABASE_URL).toBeUndefined();
    });
  });
} else {
  const url = DATABASE_URL;
  let schema = '';
  let reset = '';
  const resetSchema = () => withPgClient(url, (c) => c.query(reset));
  // Every process warning in this file, from its first test: pg warns only once per process
  // (util.deprecate), so a listener added later would miss what an earlier case set off.
  const warnings: Error[] = [];
  const onWarning = (w: Error) => warnings.push(w);
  process.on('warning', onWarning);

  beforeAll(async () => {
    schema = await newSchema(url);
    await postgresDb(url, schema)
      .open()
      .then((s) => s.close());
    reset = await resetScript(url, schema);
  });
  afterAll(() => {
    // Over the whole file too: no case anywhere set pg's overlapping-query warning off.
    process.off('warning', onWarning);
    expect(warnings.map((w) => w.message).filter((m) => /already executing/.test(m))).toEqual([]);
  });
  afterAll(() =>
    withPgClient(url, async (c) => {
      const { rows } = await c.query<{ n: string }>(
        'SELECT nspname AS n FROM pg_namespace WHERE nspname LIKE $1',
        [`${PREFIX}%`],
      );
      for (const { n } of rows) await c.query(`DROP SCHEMA IF EXISTS ${n} CASCADE`);
    }),
  );

  runStoreContract('PostgreSQL', async () => {
    await resetSchema();
    return postgresDb(url, schema);
  });

  describe('PostgreSQL start-up and delivery', () => {
    it('never overlaps queries on one client: use cases reading with Promise.all inside a transaction', async () => {
      await resetSchema();
      const db = postgresDb(url, schema);
      try {
        const s = await db.open();
        const reads = await s.tx(async (r) => {
          await r.cases.put(maracCase('c-q1'));
          return Promise.all([
            ...Array.from({ length: 8 }, () => r.cases.get('c-q1')),
            r.events.lastSeq(),
            r.outbox.pending(),
          ]);
        });
        expect(reads.slice(0, 8).map((c) => (c as { id: string } | undefined)?.id)).toEqual(
          Array(8).fill('c-q1'),
        );
        // One of several overlapping queries fails: the rest and the ROLLBACK go out one by one.
        await expect(
          s.tx(async (r) => {
            await r.cases.put(maracCase('c-q2'));
            await Promise.all([
              r.cases.get('c-q2'),
              r.events.since(0, 10),
              r.cases.put(maracCase('c-q2'), 99),
              r.cases.get('c-q2'),
            ]);
          }),
        ).rejects.toThrow();
        expect(await s.repos.cases.get('c-q2')).toBeUndefined();
        expect(warnings.map((w) => w.message).filter((m) => /already executing/.test(m))).toEqual([]);
      } finally {
        await db.dispose();
      }
    });

    it('migrates once when several instances start together on an empty schema', async () => {
      const fresh = await newSchema(url);
      const db = postgresDb(url, fresh);
      try {
        const stores = await Promise.all([db.open(), db.open(), db.open()]);
        expect(stores.map((s) => s.dialect)).toEqual(['postgres', 'postgres', 'postgres']);
        const versions = await withPgClient(url, (c) =>
          c.query<{ version: number }>(`SELECT version FROM ${fresh}.schema_version`),
        );
        expect(versions.rows.map((r) => r.version).sort((a, b) => a - b)).toEqual(
          MIGRATIONS.map((m) => m.version),
        );
      } finally {
        await db.dispose();
      }
    });

    it('refuses the transactions of a batch whose connection is cut, keeps none of them, and commits the next on a new one', async () => {
      await resetSchema();
      const instanceId = `cut-${randomBytes(4).toString('hex')}`;
      const s = await openStore({
        databaseUrl: url,
        schema,
        cipher: new PersonalDataCipher(newDataKey()),
        instanceId,
      });
      try {
        const at = '2026-03-10T10:00:00.000Z';
        let cut!: () => void;
        const gate = new Promise<void>((resolve) => (cut = resolve));
        // Two units in one batch: the first has written and is waiting when the connection goes.
        const first = s.tx(async (r) => {
          expect(await r.claims.claim('cut:first', 'test', at)).toBe(true);
          await gate;
          await r.claims.claim('cut:first-again', 'test', at);
        });
        const second = s.tx((r) => r.claims.claim('cut:second', 'test', at));
        // The writer holds its transaction open on this instance's one connection in a transaction.
        let killed = 0;
        for (let i = 0; i < 100 && !killed; i++) {
          killed =
            (
              await withPgClient(url, (c) =>
                c.query(
                  `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                    WHERE application_name = $1 AND state = 'idle in transaction'`,
                  [`marac:${instanceId}`],
                ),
              )
            ).rowCount ?? 0;
          if (!killed) await new Promise((r) => setTimeout(r, 20));
        }
        expect(killed).toBe(1);
        cut();
        await expect(first).rejects.toThrow();
        const secondOutcome = await second.then(
          (v) => ({ ok: v }),
          (e: unknown) => ({ failed: e }),
        );
        // Nothing of what was cut was committed: each claim is still there to be won.
        expect(await s.tx((r) => r.claims.claim('cut:first', 'test', at))).toBe(true);
        if ('ok' in secondOutcome) expect(await s.repos.claims.claim('cut:second', 'test', at)).toBe(false);
        else expect(await s.repos.claims.claim('cut:second', 'test', at)).toBe(true);
        // And the store goes on writing.
        expect(await s.tx((r) => r.claims.claim('cut:after', 'test', at))).toBe(true);
      } finally {
        await s.close();
      }
    });

    it('keeps delivering events after its LISTEN connection is cut', async () => {
      await resetSchema();
      const cipher = new PersonalDataCipher(newDataKey());
      const errors: unknown[] = [];
      const open = () => openStore({ databaseUrl: url, schema, cipher, onError: (e) => errors.push(e) });
      const [a, b] = await Promise.all([open(), open()]);
      try {
        const seen: number[] = [];
        b.onEvent((e) => seen.push(e.seq));
        const cut = await withPgClient(url, (c) =>
          c.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = $1', [
            `LISTEN ${eventChannel(schema)}`,
          ]),
        );
        expect(cut.rowCount).toBe(2);
        const e = await a.repos.events.append(
          { type: 'MeetingChanged', meetingId: 'm1' },
          '2026-03-10T10:00:00.000Z',
        );
        const until = Date.now() + 4000;
        while (!seen.length && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
        expect(seen).toEqual([e.seq]);
        expect(errors.length).toBeGreaterThan(0);
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
    });

    it('stores case personal details only sealed', async () => {
      await resetSchema();
      const db = postgresDb(url, schema);
      try {
        const store = await db.open();
        await store.repos.cases.put(maracCase('c1'));
        const dump = await withPgClient(url, (c) =>
          c.query<{ row: string }>(`SELECT c::text AS row FROM ${schema}.cases c`),
        );
        expect(dump.rows).toHaveLength(1);
        expect(dump.rows[0].row).not.toContain(VICTIM_NAME);
        expect(dump.rows[0].row).toContain('v1.');
      } finally {
        await db.dispose();
      }
    });
  });

  // Batches run without savepoints here (each costs a round trip on the one writer); a failing unit
  // must still fail alone, whatever it broke, and no unit may be kept twice or lost.
  describe('group commit on PostgreSQL', () => {
    let db: PostgresDb;
    const claimed = async (key: string) =>
      Number(
        (await db.reader.get<{ n: string }>('SELECT count(*) AS n FROM claims WHERE claim_key = ?', [key]))!
          .n,
      );
    const insert = (sql: Sql, key: string) =>
      sql.run('INSERT INTO claims (claim_key, owner, at) VALUES (?, ?, ?)', [key, 'test', '2026-12-01']);
    beforeAll(async () => {
      db = await openPostgresDb({ databaseUrl: url, schema: await newSchema(url) });
      await migrate(db);
    });
    afterAll(() => db.close());

    it('concurrent transactions share one COMMIT, and each is answered only once it is committed', async () => {
      const before = { ...db.commitStats };
      const seen = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          db
            .transaction((sql) => insert(sql, `pg-k${i}`))
            .then(async () => {
              let n = 0;
              for (let j = 0; j < 20; j++) n += await claimed(`pg-k${j}`);
              return n;
            }),
        ),
      );
      expect(db.commitStats.commits - before.commits).toBe(1);
      expect(db.commitStats.units - before.units).toBe(20);
      expect(seen).toEqual(Array(20).fill(20));
    });

    it('a unit failing after others in its batch fails alone: the others run again and are stored once', async () => {
      const before = { ...db.commitStats };
      const runs = { a: 0, b: 0, c: 0 };
      const results = await Promise.allSettled([
        db.transaction(async (sql) => {
          runs.a++;
          await insert(sql, 'pg-a');
        }),
        db.transaction(async (sql) => {
          runs.b++;
          await insert(sql, 'pg-b');
          throw new Error('refused');
        }),
        db.transaction(async (sql) => {
          runs.c++;
          await insert(sql, 'pg-c');
        }),
      ]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect(String((results[1] as PromiseRejectedResult).reason)).toContain('refused');
      expect([await claimed('pg-a'), await claimed('pg-b'), await claimed('pg-c')]).toEqual([1, 0, 1]);
      // The batch without savepoints was rolled back at b and run again with them: a twice, b twice
      // (it is the one that decides), c once (it had not run).
      expect(runs).toEqual({ a: 2, b: 2, c: 1 });
      expect(db.commitStats.rerun - before.rerun).toBe(1);
    });

    it('a unit breaking a constraint fails alone and says why; the units beside it are stored', async () => {
      await db.transaction((sql) => insert(sql, 'pg-dup'));
      const before = { ...db.commitStats };
      const results = await Promise.allSettled([
        db.transaction((sql) => insert(sql, 'pg-before')),
        db.transaction((sql) => insert(sql, 'pg-dup')),
        db.transaction((sql) => insert(sql, 'pg-after')),
      ]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/duplicate key/);
      expect([await claimed('pg-before'), await claimed('pg-dup'), await claimed('pg-after')]).toEqual([
        1, 1, 1,
      ]);
      expect(db.commitStats.rerun - before.rerun).toBe(1);
    });

    it('a unit that catches its own failed statement and goes on is refused, not answered as committed', async () => {
      // PostgreSQL has aborted the transaction: a COMMIT would roll back without an error.
      const swallowing = async (sql: Sql) => {
        await insert(sql, 'pg-swallowed');
        await insert(sql, 'pg-dup').catch(() => undefined);
      };
      const alone = db.transaction(swallowing);
      await expect(alone).rejects.toThrow(/aborted/);
      expect(await claimed('pg-swallowed')).toBe(0);
      // And beside others: they are stored, it is refused.
      const results = await Promise.allSettled([
        db.transaction((sql) => insert(sql, 'pg-beside-1')),
        db.transaction(swallowing),
        db.transaction((sql) => insert(sql, 'pg-beside-2')),
      ]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect([
        await claimed('pg-beside-1'),
        await claimed('pg-swallowed'),
        await claimed('pg-beside-2'),
      ]).toEqual([1, 0, 1]);
    });

    it('the first unit of a batch failing is refused without running anything twice', async () => {
      const before = { ...db.commitStats };
      const runs = { first: 0, second: 0 };
      const results = await Promise.allSettled([
        db.transaction(async (sql) => {
          runs.first++;
          await insert(sql, 'pg-first');
          throw new Error('refused');
        }),
        db.transaction(async (sql) => {
          runs.second++;
          await insert(sql, 'pg-second');
        }),
      ]);
      expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled']);
      expect([await claimed('pg-first'), await claimed('pg-second')]).toEqual([0, 1]);
      expect(runs).toEqual({ first: 1, second: 1 });
      expect(db.commitStats.rerun - before.rerun).toBe(0);
    });

    it('a store transaction run again stores and announces its event once', async () => {
      const s = await openStore({
        databaseUrl: url,
        schema: await newSchema(url),
        cipher: new PersonalDataCipher(newDataKey()),
      });
      try {
        const heard: number[] = [];
        s.onEvent((e) => heard.push(e.seq));
        const at = '2026-12-01T10:00:00.000Z';
        const ev = { type: 'AttendeeLeft' as const, meetingId: 'm1', aadObjectId: 'aad-1' };
        const [kept, refused] = await Promise.allSettled([
          s.tx((r) => r.events.append(ev, at)),
          s.tx(async (r) => {
            await r.events.append(ev, at);
            throw new Error('refused');
          }),
        ]);
        expect([kept.status, refused.status]).toEqual(['fulfilled', 'rejected']);
        const keptSeq = (kept as PromiseFulfilledResult<{ seq: number }>).value.seq;
        // A marker after it: events arrive in order, so once the marker is heard, so is all before.
        const marker = await s.tx((r) => r.events.append({ ...ev, aadObjectId: 'aad-marker' }, at));
        const until = Date.now() + 10_000;
        while (!heard.includes(marker.seq) && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
        expect((await s.repos.events.since(0, 10)).map((e) => e.seq)).toEqual([keptSeq, marker.seq]);
        expect(heard).toEqual([keptSeq, marker.seq]);
      } finally {
        await s.close();
      }
    });
  });
}
