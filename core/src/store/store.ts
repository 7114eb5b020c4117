import { AsyncLocalStorage } from 'node:async_hooks';
import type { PersonalDataCipher } from '../crypto/personal-data.js';
import type { StoredEvent } from '../domain/events.js';
import type { Repos, Store } from '../ports/repositories.js';
import type { EventFeed } from './event-feed.js';
import { isReadMethod } from './read-methods.js';
import { makeRepos } from './repos.js';
import type { Db, Sql } from './sql.js';

export interface StoreParts {
  db: Db;
  cipher: PersonalDataCipher;
  /** Keys the audit chain (configuration, never the database). */
  auditKey: Buffer;
  instanceId: string;
  feed: EventFeed;
  /** PostgreSQL: the channel each appended event is announced on (NOTIFY, delivered at commit). */
  eventChannel?: string;
  /** Releases what the dialect opened besides the Db (PostgreSQL: the LISTEN connection). */
  closeExtras?: () => Promise<void>;
}

interface Scope {
  repos: Repos;
  done: boolean;
  committed: (() => void)[];
}

type MethodTable = Record<string, Record<string, (...args: unknown[]) => Promise<unknown>>>;

/** Statements of a finished transaction must fail loudly, not run outside it. */
function guarded(sql: Sql, scope: Scope): Sql {
  const check = () => {
    if (scope.done)
      throw new Error('A repository of a finished transaction was used; use store.repos or a new store.tx.');
  };
  return {
    dialect: sql.dialect,
    all: (q, p) => (check(), sql.all(q, p)),
    get: (q, p) => (check(), sql.get(q, p)),
    run: (q, p) => (check(), sql.run(q, p)),
    exec: (q) => (check(), sql.exec(q)),
  } as Sql;
}

/** Store over either dialect: transactions, nesting by async context, and event delivery after commit. */
export class SqlStore implements Store {
  readonly dialect: Store['dialect'];
  readonly instanceId: string;
  /** The audit chain's MAC key (tools verify and checkpoint with it). */
  readonly auditKey: Buffer;
  /** Each call runs in its own short transaction (or joins the caller's, if inside `tx`). */
  readonly repos: Repos;
  private readonly scope = new AsyncLocalStorage<Scope>();
  private closed = false;

  constructor(private readonly parts: StoreParts) {
    this.dialect = parts.db.dialect;
    this.instanceId = parts.instanceId;
    this.auditKey = parts.auditKey;
    this.repos = this.bindRepos();
  }

  async tx<T>(fn: (r: Repos) => Promise<T>): Promise<T> {
    const open = this.scope.getStore();
    // Nested: join the transaction already running in this async context.
    if (open && !open.done) return fn(open.repos);
    if (this.closed) throw new Error('The store is closed.');
    let appended = { lastSeq: 0 };
    let scope!: Scope;
    // The write queue may run fn again (its batch failed without savepoints): each run starts afresh.
    const result = await this.parts.db.transaction((sql, held) => {
      appended = { lastSeq: 0 };
      scope = { repos: undefined as unknown as Repos, done: false, committed: [] };
      const txSql = guarded(sql, scope);
      scope.repos = makeRepos({
        sql: txSql,
        cipher: this.parts.cipher,
        auditKey: this.parts.auditKey,
        appended,
        held,
        eventChannel: this.parts.eventChannel,
      });
      return this.scope.run(scope, async () => {
        try {
          return await fn(scope.repos);
        } finally {
          scope.done = true;
        }
      });
    });
    // Only now is it committed: listeners here (and, via NOTIFY or polling, elsewhere) may hear of it.
    if (appended.lastSeq) this.parts.feed.committed(appended.lastSeq);
    for (const fn of scope.committed) this.scope.exit(fn);
    return result;
  }

  afterCommit(fn: () => void): void {
    const open = this.scope.getStore();
    if (open && !open.done) open.committed.push(fn);
    // Outside the transaction's context: whatever fn starts opens transactions of its own.
    else this.scope.exit(fn);
  }

  onEvent(listener: (e: StoredEvent) => void): () => void {
    return this.parts.feed.subscribe(listener);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.parts.feed.close();
    await this.parts.closeExtras?.();
    await this.parts.db.close();
  }

  /** `repos` with every method wrapped in `tx`, built from the method names of a real Repos. */
  private bindRepos(): Repos {
    const unused: Sql = {
      dialect: this.parts.db.dialect,
      all: () => Promise.reject(new Error('unbound')),
      get: () => Promise.reject(new Error('unbound')),
      run: () => Promise.reject(new Error('unbound')),
      exec: () => Promise.reject(new Error('unbound')),
    };
    const template = makeRepos({
      sql: unused,
      cipher: this.parts.cipher,
      auditKey: this.parts.auditKey,
      appended: { lastSeq: 0 },
    });
    // Reads outside a transaction need no write lock: they run on the autocommit reader, which sees
    // committed data only (inside `tx` they join the transaction and see its own writes).
    const reader = makeRepos({
      sql: this.parts.db.reader,
      cipher: this.parts.cipher,
      auditKey: this.parts.auditKey,
      appended: { lastSeq: 0 },
    }) as unknown as MethodTable;
    const bound: MethodTable = {};
    for (const [group, methods] of Object.entries(template)) {
      bound[group] = {};
      for (const method of Object.keys(methods as object)) {
        const read = isReadMethod(group, method);
        bound[group][method] = (...args) => {
          const open = this.scope.getStore();
          if (read && !(open && !open.done) && !this.closed) return reader[group][method](...args);
          return this.tx((r) => (r as unknown as MethodTable)[group][method](...args));
        };
      }
    }
    return bound as unknown as Repos;
  }
}
