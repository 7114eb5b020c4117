import Database from 'better-sqlite3';
import { closeSync, existsSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { WriteQueue, type Writer } from './group-commit.js';
import type { Db, Row, Sql, WriteLockState } from './sql.js';

type Conn = Database.Database;
type Stmt = Database.Statement<unknown[], Row>;

/**
 * One write queue per file per process. better-sqlite3 is synchronous, so a second in-process
 * connection waiting on SQLite's busy timeout would block the event loop and starve the holder;
 * queueing in-process writers here avoids that, and lets concurrent units share one COMMIT
 * (group commit). Other processes are held off by BEGIN IMMEDIATE.
 */
const fileQueues = new Map<string, { queue: WriteQueue; users: number }>();

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
  /** The file's group-commit counters (shared by every store on the file in this process). */
  readonly commitStats: WriteQueue['stats'];
}

/** Embedded SQLite: one writer connection (fed by the write queue) and one read-only connection. */
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
  const shared = fileQueues.get(path) ?? { queue: new WriteQueue(), users: 0 };
  shared.users++;
  fileQueues.set(path, shared);
  const { queue } = shared;
  let closed = false;
  const unitWriter: Writer = {
    sql: writerSql,
    exec: (script) => void writer.exec(script),
    begin: 'BEGIN IMMEDIATE',
  };

  return {
    dialect: 'sqlite',
    path,
    commitStats: queue.stats,
    reader: new SqliteSql(reader),
    transaction<T>(fn: (sql: Sql, held: WriteLockState) => Promise<T>): Promise<T> {
      if (closed) return Promise.reject(new Error('The store is closed.'));
      return queue.run(unitWriter, fn);
    },
    async close() {
      if (closed) return;
      closed = true;
      // Let every queued unit commit, then close; closing the last connection checkpoints the WAL.
      await queue.idle();
      if (--shared.users === 0) fileQueues.delete(path);
      reader.close();
      writer.close();
    },
  };
}
