import Database from 'better-sqlite3';
import { closeSync, existsSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Mutex } from './mutex.js';
import type { Db, Row, Sql } from './sql.js';

type Conn = Database.Database;
type Stmt = Database.Statement<unknown[], Row>;

/**
 * One mutex per file per process. better-sqlite3 is synchronous, so a second in-process
 * connection waiting on SQLite's busy timeout would block the event loop and starve the holder;
 * queueing in-process writers here avoids that. Other processes are held off by BEGIN IMMEDIATE.
 */
const fileMutexes = new Map<string, { mutex: Mutex; users: number }>();

const HEADER = 'SQLite format 3\0';

/** Refuse anything that is not a SQLite file before SQLite gets a chance to misreport it. */
function assertSqliteFile(path: string): void {
  if (!existsSync(path) || statSync(path).size === 0) return;
  const fd = openSync(path, 'r');
  const head = Buffer.alloc(HEADER.length);
  try {
    readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  if (head.toString('latin1') !== HEADER)
    throw new Error(
      `${path} is not a SQLite database (or it is corrupt); refusing to open it. Move it aside or restore it from a backup.`,
    );
}

function connect(path: string, readerOnly: boolean): Conn {
  let db: Conn;
  try {
    db = new Database(path, { fileMustExist: readerOnly });
  } catch (e) {
    throw new Error(`Cannot open SQLite database ${path}: ${(e as Error).message}`, { cause: e });
  }
  try {
    db.pragma('busy_timeout = 5000');
    if (readerOnly) {
      db.pragma('query_only = ON');
      return db;
    }
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    // Deleted cases (retention) are overwritten on disk, not left in free pages.
    db.pragma('secure_delete = ON');
    db.prepare('SELECT count(*) AS n FROM sqlite_master').get();
    return db;
  } catch (e) {
    db.close();
    throw new Error(`Cannot open SQLite database ${path}: ${(e as Error).message}`, { cause: e });
  }
}

const bindable = (params: readonly unknown[]) =>
  params.map((p) => (p === undefined ? null : typeof p === 'boolean' ? (p ? 1 : 0) : p));

class SqliteSql implements Sql {
  readonly dialect = 'sqlite' as const;
  private readonly cache = new Map<string, Stmt>();
  constructor(private readonly db: Conn) {}

  private stmt(sql: string): Stmt {
    let s = this.cache.get(sql);
    if (!s) this.cache.set(sql, (s = this.db.prepare<unknown[], Row>(sql)));
    return s;
  }
  async all<T extends Row>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    const s = this.stmt(sql);
    if (!s.reader) {
      s.run(bindable(params));
      return [];
    }
    return s.all(bindable(params)) as T[];
  }
  async get<T extends Row>(sql: string, params: readonly unknown[] = []): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }
  async run(sql: string, params: readonly unknown[] = []): Promise<number> {
    return this.stmt(sql).run(bindable(params)).changes;
  }
  async exec(script: string): Promise<void> {
    this.db.exec(script);
  }
  /** Synchronous read, for the event feed's "where are we now" on subscribe. */
  getSync<T extends Row>(sql: string, params: readonly unknown[] = []): T | undefined {
    return this.stmt(sql).get(bindable(params)) as T | undefined;
  }
}

export interface SqliteDb extends Db {
  readonly reader: SqliteSql;
  readonly path: string;
}

/** Embedded SQLite: one writer connection (serialised by the mutex) and one read-only connection. */
export function openSqliteDb(sqlitePath: string): SqliteDb {
  const path = resolve(sqlitePath);
  mkdirSync(dirname(path), { recursive: true });
  assertSqliteFile(path);
  const writer = connect(path, false);
  let reader: Conn;
  try {
    reader = connect(path, true);
  } catch (e) {
    writer.close();
    throw e;
  }
  const writerSql = new SqliteSql(writer);
  const shared = fileMutexes.get(path) ?? { mutex: new Mutex(), users: 0 };
  shared.users++;
  fileMutexes.set(path, shared);
  const { mutex } = shared;
  let closed = false;

  return {
    dialect: 'sqlite',
    path,
    reader: new SqliteSql(reader),
    transaction<T>(fn: (sql: Sql) => Promise<T>): Promise<T> {
      return mutex.run(async () => {
        if (closed) throw new Error('The store is closed.');
        writer.exec('BEGIN IMMEDIATE');
        try {
          const result = await fn(writerSql);
          writer.exec('COMMIT');
          return result;
        } catch (e) {
          if (writer.inTransaction) writer.exec('ROLLBACK');
          throw e;
        }
      });
    },
    async close() {
      // Wait for any running transaction, then close; closing the last connection checkpoints the WAL.
      await mutex.run(async () => {
        if (closed) return;
        closed = true;
        if (--shared.users === 0) fileMutexes.delete(path);
        reader.close();
        writer.close();
      });
    },
  };
}
