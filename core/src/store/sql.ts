/** The thin database seam: repositories are written once against `Sql`, with `?` placeholders. */
export type Dialect = 'sqlite' | 'postgres';
export type Row = Record<string, unknown>;

/** Statements inside one transaction (or one autocommit read, for `Db.reader`). */
export interface Sql {
  readonly dialect: Dialect;
  all<T extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  get<T extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<T | undefined>;
  /** Returns the number of rows changed. */
  run(sql: string, params?: readonly unknown[]): Promise<number>;
  /** DDL and other parameterless scripts, passed through untouched. */
  exec(script: string): Promise<void>;
}

export interface Db {
  readonly dialect: Dialect;
  /** All of `fn` commits or none of it. Never nested: the store reuses an open transaction itself. */
  transaction<T>(fn: (sql: Sql) => Promise<T>): Promise<T>;
  /** Autocommit reads of committed data only, outside any transaction (event delivery). */
  readonly reader: Sql;
  close(): Promise<void>;
}

/** `?` to `$1..$n` for PostgreSQL. Our SQL never has a literal `?`, so no quote parsing is needed. */
export const toDollarParams = (sql: string): string => {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
};

/** `IN (?, ?, ?)` for a list of values. */
export const placeholders = (count: number) => Array.from({ length: count }, () => '?').join(', ');

/**
 * Serialises audit and event appends on PostgreSQL for the rest of the transaction, so the audit
 * chain never forks and event seqs become visible in order (a listener never skips a late commit).
 * One shared key, so audit-then-event and event-then-audit transactions cannot deadlock each other.
 * SQLite needs nothing: it already has one writer at a time.
 */
export async function appendLock(sql: Sql, held?: { locked?: boolean }): Promise<void> {
  // Held until the transaction ends: a second append in it (audit, then event) needs no round trip.
  if (sql.dialect !== 'postgres' || held?.locked) return;
  await sql.all(`SELECT pg_advisory_xact_lock(hashtext(current_schema() || ':marac-append')) AS locked`);
  if (held) held.locked = true;
}
