import type { Sql } from './sql.js';

/** One connection's transaction statements, as the write queue drives them. */
export interface Writer {
  readonly sql: Sql;
  exec(statement: string): Promise<void> | void;
  inTransaction(): boolean;
}

interface Unit {
  writer: Writer;
  fn: (sql: Sql) => Promise<unknown>;
  resolve(v: unknown): void;
  reject(e: unknown): void;
}

/**
 * Group commit. Units of work queued while a transaction is being written share the next one:
 * each runs in its own savepoint (a failing unit rolls back alone), and one COMMIT — one fsync —
 * makes the whole batch durable. A unit's promise settles only after that COMMIT, so nothing is
 * answered before it is on disk. Batches start on `setImmediate`, after the I/O callbacks already
 * waiting (the requests that arrived during the last fsync) have queued their units.
 */
export class WriteQueue {
  private readonly queue: Unit[] = [];
  private running = false;
  private drained: (() => void)[] = [];
  /** COMMITs written and units run, for tests and the benchmark's report. */
  readonly stats = { commits: 0, units: 0 };

  constructor(private readonly maxBatch = 200) {}

  run<T>(writer: Writer, fn: (sql: Sql) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ writer, fn, resolve: resolve as (v: unknown) => void, reject });
      this.schedule();
    });
  }

  /** Resolves once everything queued so far is committed or refused. */
  idle(): Promise<void> {
    if (!this.running && !this.queue.length) return Promise.resolve();
    return new Promise((r) => this.drained.push(r));
  }

  private schedule() {
    if (this.running) return;
    this.running = true;
    setImmediate(() => void this.pump());
  }

  private async pump() {
    while (this.queue.length) await this.batch();
    this.running = false;
    for (const r of this.drained.splice(0)) r();
  }

  /** One transaction: consecutive units of the same connection, each in a savepoint. */
  private async batch() {
    const writer = this.queue[0].writer;
    const settled: (() => void)[] = [];
    try {
      await writer.exec('BEGIN IMMEDIATE');
    } catch (e) {
      this.queue.shift()!.reject(e);
      return;
    }
    const taken: Unit[] = [];
    // Only the units already waiting: one arriving while this batch runs waits for the next COMMIT,
    // so a busy stream of arrivals cannot keep a unit's COMMIT (and its answer) from coming.
    const limit = Math.min(this.queue.length, this.maxBatch);
    try {
      while (this.queue.length && this.queue[0].writer === writer && taken.length < limit) {
        const unit = this.queue.shift()!;
        taken.push(unit);
        this.stats.units++;
        await writer.exec('SAVEPOINT unit');
        try {
          const value = await unit.fn(writer.sql);
          await writer.exec('RELEASE unit');
          settled.push(() => unit.resolve(value));
        } catch (e) {
          await writer.exec('ROLLBACK TO unit');
          await writer.exec('RELEASE unit');
          settled.push(() => unit.reject(e));
        }
      }
      await writer.exec('COMMIT');
      this.stats.commits++;
    } catch (e) {
      // The transaction itself failed (a savepoint statement, or COMMIT: disk full, I/O error):
      // nothing of this batch is stored, and every unit in it hears so.
      if (writer.inTransaction()) await Promise.resolve(writer.exec('ROLLBACK')).catch(() => undefined);
      for (const unit of taken) unit.reject(e);
      return;
    }
    for (const s of settled) s();
  }
}
