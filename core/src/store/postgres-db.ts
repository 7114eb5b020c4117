import { userInfo } from 'node:os';
import pg from 'pg';
import { WriteQueue, type Writer } from './group-commit.js';
import type { Db, Row, Sql, WriteLockState } from './sql.js';
import { toDollarParams } from './sql.js';

export interface PostgresOptions {
  databaseUrl: string;
  /** search_path for every connection; tests isolate themselves in a fresh schema. */
  schema?: string;
  applicationName?: string;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/i;

// BIGINT/COUNT come back as strings by default; our ids and seqs are well below 2^53.
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8
      ? (v: string) => Number(v)
      : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
};

/** Like libpq (psql): with no user in the URL or environment, connect as the operating-system user. */
function withDefaultUser(databaseUrl: string): string {
  if (process.env.PGUSER || process.env.USER || process.env.USERNAME) return databaseUrl;
  try {
    const url = new URL(databaseUrl);
    if (url.username) return databaseUrl;
    url.username = userInfo().username;
    return url.toString();
  } catch {
    return databaseUrl;
  }
}

export function connectionConfig(o: PostgresOptions): pg.ClientConfig {
  if (o.schema !== undefined && !SCHEMA_NAME.test(o.schema))
    throw new Error(`Invalid PostgreSQL schema name: ${o.schema}`);
  return {
    connectionString: withDefaultUser(o.databaseUrl),
    application_name: o.applicationName ?? 'marac',
    ...(o.schema ? { options: `-c search_path=${o.schema}` } : {}),
    types,
  };
}

/**
 * One query at a time on a transaction's client. Use cases read through Promise.all, and inside
 * a transaction every repository call shares that one client: pg queues overlapping queries on a
 * client but deprecates it (removed in pg@9), and a ROLLBACK sent while earlier queries are still
 * queued would interleave with them. The pool itself needs no queue: each pool.query takes its
 * own client.
 */
class ClientQueue {
  private tail: Promise<unknown> = Promise.resolve();
  constructor(private readonly client: pg.PoolClient) {}

  query<T extends Row>(text: string | pg.QueryConfig, values?: unknown[]): Promise<pg.QueryResult<T>> {
    const run = this.tail.then(() => this.client.query<T>(text, values));
    this.tail = run.catch(() => undefined);
    return run;
  }
}

interface Queryable {
  query<T extends Row>(text: string | pg.QueryConfig, values?: unknown[]): Promise<pg.QueryResult<T>>;
}
const poolQueries = (pool: pg.Pool): Queryable => ({
  query: <T extends Row>(text: string | pg.QueryConfig, values?: unknown[]) => pool.query<T>(text, values),
});

/**
 * Each distinct statement, converted and named once per process. A named statement is parsed and
 * planned once per connection and then only bound and executed: less for PostgreSQL to do (it
 * shares the machine) and less to send. The texts are the code's own (values are always
 * parameters), so there are a few hundred at most; a name is never reused for another text.
 */
const prepared = new Map<string, pg.QueryConfig>();
let named = 0;
function preparedFor(sql: string): pg.QueryConfig {
  let q = prepared.get(sql);
  if (!q) prepared.set(sql, (q = { name: `marac_${++named}`, text: toDollarParams(sql) }));
  return q;
}

class PgSql implements Sql {
  readonly dialect = 'postgres' as const;
  constructor(private readonly q: Queryable) {}

  private query<T extends Row>(sql: string, params: readonly unknown[]) {
    return this.q.query<T>(
      preparedFor(sql),
      [...params].map((p) => (p === undefined ? null : p)),
    );
  }
  async all<T extends Row>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return (await this.query<T>(sql, params)).rows;
  }
  async get<T extends Row>(sql: string, params: readonly unknown[] = []): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }
  async run(sql: string, params: readonly unknown[] = []): Promise<number> {
    return (await this.query(sql, params)).rowCount ?? 0;
  }
  async exec(script: string): Promise<void> {
    await this.q.query(script);
  }
}

export interface PostgresDb extends Db {
  readonly config: pg.ClientConfig;
  readonly commitStats: WriteQueue['stats'];
}

/**
 * The one write lock, taken by every instance's writer at BEGIN and held to COMMIT. One writer at
 * a time, as on SQLite: the audit chain never forks, event seqs become visible in seq order (a
 * listener reading "after my last seq" never skips a late commit), and batches of different
 * instances cannot deadlock on each other's rows.
 */
const WRITE_LOCK = `SELECT pg_advisory_xact_lock(hashtext(current_schema() || ':marac-write'))`;

/**
 * PostgreSQL through a pool. Reads run on any pooled client; transactions go through the write
 * queue, which takes one client per batch and commits the batch's units together (group commit,
 * synchronous_commit left on: each answer still waits for its COMMIT's WAL flush).
 */
export async function openPostgresDb(o: PostgresOptions): Promise<PostgresDb> {
  const config = connectionConfig(o);
  const pool = new pg.Pool({ ...config, max: 10 });
  // An idle client dropped by the server must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  try {
    const found = o.schema
      ? await pool.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [o.schema])
      : undefined;
    // IF NOT EXISTS can still collide with another instance creating it at the same moment: fine.
    if (o.schema && !found?.rowCount)
      await pool.query(`CREATE SCHEMA IF NOT EXISTS ${o.schema}`).catch((e: { code?: string }) => {
        if (e.code !== '23505' && e.code !== '42P06') throw e;
      });
  } catch (e) {
    await pool.end();
    throw e;
  }

  const queue = new WriteQueue();
  let client: pg.PoolClient | undefined;
  let onClient: ClientQueue | undefined;
  // The writer's connection cut while it is checked out (server restart, terminated backend): the
  // pool listens only to idle clients, and an unheard 'error' would end the process. The batch's
  // statements fail on their own; the connection is destroyed, not put back.
  let lost: Error | undefined;
  const onLost = (e: Error) => void (lost = e);
  const current = () => {
    if (!onClient) throw new Error('No write transaction is open.');
    return onClient;
  };
  const writer: Writer = {
    sql: new PgSql({ query: (text, values) => current().query(text, values) }),
    begin: `BEGIN; ${WRITE_LOCK}`,
    withoutSavepoints: true,
    async acquire() {
      client = await pool.connect();
      lost = undefined;
      client.on('error', onLost);
      onClient = new ClientQueue(client);
    },
    exec: async (script) => void (await current().query(script)),
    release(broken) {
      // A client whose ROLLBACK failed is in an unknown state: destroy it rather than reuse it.
      client?.off('error', onLost);
      client?.release(broken ?? lost);
      client = onClient = undefined;
    },
  };
  let closed = false;

  return {
    dialect: 'postgres',
    config,
    commitStats: queue.stats,
    reader: new PgSql(poolQueries(pool)),
    transaction<T>(fn: (sql: Sql, held: WriteLockState) => Promise<T>): Promise<T> {
      if (closed) return Promise.reject(new Error('The store is closed.'));
      return queue.run(writer, fn);
    },
    async close() {
      if (closed) return;
      closed = true;
      await queue.idle();
      await pool.end();
    },
  };
}

/** One short-lived client for administrative statements (tests create and drop their schemas with it). */
export async function withPgClient<T>(databaseUrl: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client(connectionConfig({ databaseUrl }));
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}
