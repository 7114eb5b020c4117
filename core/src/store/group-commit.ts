import type { Sql, WriteLockState } from './sql.js';

/** One database's write connection, as the write queue drives it. */
export interface Writer {
  readonly sql: Sql;
  /** Runs a script of one or more statements (both drivers take several in one round trip). */
  exec(script: string): Promise<void> | void;
  /**
   * Opens a transaction that is the only writer until it ends: `BEGIN IMMEDIATE` on SQLite;
   * on PostgreSQL, BEGIN and an advisory lock every instance's writer takes.
   */
  readonly begin: string;
  /** Before BEGIN: a connection to write on (PostgreSQL takes one from its pool). */
  acquire?(): Promise<void>;
  /** After the batch: `broken` when its ROLLBACK failed too, so the connection is not reused. */
  release?(broken?: Error): void;
  /**
   * Each savepoint statement costs a round trip here (PostgreSQL), on the one writer every
   * confirmation waits for: batches run without them (see `WriteQueue.optimistic`).
   */
  readonly withoutSavepoints?: boolean;
}

interface Unit {
  writer: Writer;
  fn: (sql: Sql, held: WriteLockState) => Promise<unknown>;
  resolve(v: unknown): void;
  reject(e: unknown): void;
}

/**
 * Group commit. Units of work queued while a transaction is being written share the next one:
 * each runs in its own savepoint (a failing unit rolls back alone), and one COMMIT — one fsync —
 * makes the whole batch durable. A unit's promise settles only after that COMMIT, so nothing is
 * answered before it is on disk. Batches start on `setImmediate`, after the I/O callbacks already
 * waiting (the requests that arrived during the last fsync) have queued their units.
 *
 * The savepoint statements ride with the ones around them (`RELEASE unit; SAVEPOINT unit`), so a
 * unit costs one round trip more than its own statements, against BEGIN and COMMIT apiece. Where
 * that round trip is dear (`Writer.withoutSavepoints`), a batch runs without savepoints first; if a
 * unit fails, the batch is rolled back and run again with them (see `optimistic`).
 */
export class WriteQueue {
  private readonly queue: Unit[] = [];
  private running = false;
  private drained: (() => void)[] = [];
  /** COMMITs written, units run, and units run again (see `optimistic`), for tests and the benchmark. */
  readonly stats = { commits: 0, units: 0, rerun: 0 };
  /** The next batch runs with savepoints: its units were in a batch that failed without them. */
  private careful = false;

  constructor(private readonly maxBatch = 200) {}

  run<T>(writer: Writer, fn: (sql: Sql, held: WriteLockState) => Promise<T>): Promise<T> {
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

  /** One transaction: the consecutive units of one writer already waiting, each in a savepoint. */
  private async batch() {
    const writer = this.queue[0].writer;
    // Only the units already waiting: one arriving while this batch runs waits for the next COMMIT,
    // so a busy stream of arrivals cannot keep a unit's COMMIT (and its answer) from coming.
    let count = 0;
    while (count < Math.min(this.queue.length, this.maxBatch) && this.queue[count].writer === writer) count++;
    const optimistic = !!writer.withoutSavepoints && !this.careful;
    try {
      await writer.acquire?.();
      await writer.exec(optimistic ? writer.begin : `${writer.begin}; SAVEPOINT unit`);
      this.careful = false;
    } catch (e) {
      // No transaction (another process held the write lock too long, or no connection): the
      // first unit hears why; the rest try again in the next batch. A connection whose BEGIN
      // failed may be half inside a transaction: it is not reused.
      writer.release?.(e as Error);
      this.queue.shift()!.reject(e);
      return;
    }
    const taken = this.queue.splice(0, count);
    if (optimistic) return this.optimistic(writer, taken);
    const settled: (() => void)[] = [];
    let held: WriteLockState = {};
    try {
      for (const [i, unit] of taken.entries()) {
        this.stats.units++;
        const then = i < taken.length - 1 ? 'SAVEPOINT unit' : 'COMMIT';
        let value: unknown;
        let failed: { error: unknown } | undefined;
        try {
          value = await unit.fn(writer.sql, held);
        } catch (error) {
          failed = { error };
        }
        if (!failed)
          try {
            await writer.exec(`RELEASE unit; ${then}`);
          } catch (error) {
            // It returned, but a statement of it failed and it caught the error: PostgreSQL then
            // refuses the RELEASE. It is undone alone, as if it had thrown.
            failed = { error };
          }
        if (failed) {
          const { error } = failed;
          // What it wrote is undone, so what it learnt under the lock may be untrue now. (If the
          // transaction itself is gone, the undo fails too and the batch is abandoned below.)
          held = {};
          await writer.exec(`ROLLBACK TO unit; RELEASE unit; ${then}`);
          settled.push(() => unit.reject(error));
        } else settled.push(() => unit.resolve(value));
      }
      this.stats.commits++;
    } catch (e) {
      return this.abandon(writer, taken, e);
    }
    writer.release?.();
    for (const s of settled) s();
  }

  /**
   * A batch without savepoints, one round trip a unit fewer. When every unit succeeds (nearly
   * always) it commits as one. When one fails, nothing of the batch is kept: the first unit, having
   * failed alone, hears why; otherwise every unit goes back to the head of the queue and runs again
   * in the next batch, with savepoints, so each unit runs at most twice and the outcome is the one
   * savepoints give. (A unit is a function of what the database holds; it sees the same state again.)
   */
  private async optimistic(writer: Writer, taken: Unit[]) {
    const values: unknown[] = [];
    const held: WriteLockState = {};
    let failure: { at: number; error: unknown } | undefined;
    for (const [i, unit] of taken.entries()) {
      this.stats.units++;
      try {
        values.push(await unit.fn(writer.sql, held));
      } catch (error) {
        failure = { at: i, error };
        break;
      }
    }
    if (!failure) {
      try {
        // A unit that caught a failed statement and went on has left PostgreSQL's transaction
        // aborted, and a COMMIT then rolls back without an error: the SELECT fails instead, in the
        // same round trip, and the batch is abandoned (with savepoints, the RELEASE fails).
        await writer.exec('SELECT 1; COMMIT');
      } catch (e) {
        return this.abandon(writer, taken, e);
      }
      this.stats.commits++;
      writer.release?.();
      taken.forEach((unit, i) => unit.resolve(values[i]));
      return;
    }
    await this.rollback(writer);
    if (failure.at === 0) {
      taken[0].reject(failure.error);
      this.queue.unshift(...taken.slice(1));
    } else {
      this.stats.rerun += failure.at;
      this.queue.unshift(...taken);
      this.careful = true;
    }
  }

  /**
   * The transaction itself failed (a savepoint statement, or COMMIT: disk full, I/O error, the
   * connection lost): nothing of this batch is stored, and every unit in it hears so.
   */
  private async abandon(writer: Writer, taken: Unit[], e: unknown) {
    await this.rollback(writer);
    for (const unit of taken) unit.reject(e);
  }

  /** ROLLBACK and give the connection back, unless the ROLLBACK failed too (then it is not reused). */
  private async rollback(writer: Writer) {
    let broken: Error | undefined;
    await Promise.resolve(writer.exec('ROLLBACK')).catch((rollbackError: Error) => {
      broken = rollbackError;
    });
    writer.release?.(broken);
  }
}
