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

/**
 * What the writer knows for certain while it holds the write lock: nobody else can write until
 * its COMMIT. Shared by the units of one batch; forgotten when a unit rolls back, and per batch.
 */
export interface WriteLockState {
  /** The audit chain's last entry, as this batch last wrote or read it. */
  auditHead?: { seq: number; hash: string };
}

export interface Db {
  readonly dialect: Dialect;
  /**
   * All of `fn` commits or none of it. Never nested: the store reuses an open transaction itself.
   * `fn` may run twice (its batch was rolled back and run again): it does its work through `sql`.
   */
  transaction<T>(fn: (sql: Sql, held: WriteLockState) => Promise<T>): Promise<T>;
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
