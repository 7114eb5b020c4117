import type { StoredEvent } from '../domain/events.js';

type Listener = (e: StoredEvent) => void;

export interface FeedSource {
  /** Committed events after `seq`, oldest first, at most `limit`. */
  read(seq: number, limit: number): Promise<StoredEvent[]>;
  /** The highest committed seq right now, when it can be read synchronously (SQLite). */
  head?(): number;
  /** While anyone listens, look for other instances' events this often (a safety net on PostgreSQL). */
  pollMs: number;
}

const PAGE = 500;

/**
 * Delivers committed events to this instance's listeners, each once and in seq order. It never
 * trusts what a transaction says it appended: every wake-up (a local commit, a NOTIFY, a poll)
 * re-reads `events` after the last seq delivered, so events from other instances, late commits
 * and missed notifications all arrive the same way, and rolled-back events never do.
 */
export class EventFeed {
  private readonly listeners = new Set<{ listener: Listener }>();
  /** Highest seq known to be committed (local commits, notifications). */
  private known = 0;
  /** Highest seq delivered (or deliberately skipped as older than the first listener). */
  private cursor = 0;
  /** The delivery run in progress, if any; close() waits for it. */
  private pumping: Promise<void> | undefined;
  private again = false;
  private rescan = false;
  private closed = false;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly source: FeedSource,
    private readonly onError: (e: unknown) => void,
  ) {}

  /** A listener hears events committed after it subscribed (and perhaps a few just before). */
  subscribe(listener: Listener): () => void {
    if (this.closed) throw new Error('The store is closed.');
    if (this.listeners.size === 0) {
      this.cursor = Math.max(this.cursor, this.known, this.source.head?.() ?? 0);
      this.timer = setInterval(() => this.wake(), this.source.pollMs);
      this.timer.unref();
    }
    const entry = { listener };
    this.listeners.add(entry);
    return () => {
      if (this.listeners.delete(entry) && this.listeners.size === 0) this.stopTimer();
    };
  }

  /** Something committed up to `seq` (here or elsewhere): note it and deliver. */
  committed(seq: number): void {
    // Already delivered (a local commit, then its own NOTIFY): nothing to read. Seqs become
    // visible in order (the append lock), so nothing below the cursor can still appear. 0 asks
    // for a re-read (the LISTEN connection came back and may have missed some).
    if (seq > 0 && seq <= this.cursor) return;
    this.known = Math.max(this.known, seq);
    this.wake(seq === 0);
  }

  /**
   * Read and deliver. `rescan` (a poll, a reconnect) reads even when every seq heard of has been
   * delivered: other instances' events are only found by reading.
   */
  wake(rescan = true): void {
    if (this.closed || this.listeners.size === 0) return;
    if (rescan) this.rescan = true;
    if (this.pumping) {
      this.again = true;
      return;
    }
    this.pumping = this.pump().finally(() => {
      this.pumping = undefined;
      // A wake-up that arrived as the run was finishing must not be lost.
      if (this.again && (this.rescan || this.cursor < this.known)) this.wake(this.rescan);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.listeners.clear();
    this.stopTimer();
    await this.pumping;
  }

  private async pump(): Promise<void> {
    try {
      do {
        this.again = false;
        this.rescan = false;
        let batch: StoredEvent[];
        do {
          batch = await this.source.read(this.cursor, PAGE);
          for (const e of batch) {
            if (this.closed || this.listeners.size === 0) return;
            if (e.seq <= this.cursor) continue;
            this.cursor = e.seq;
            this.known = Math.max(this.known, e.seq);
            for (const { listener } of [...this.listeners]) this.deliver(listener, e);
          }
        } while (batch.length === PAGE);
        // A commit heard of during that read and already delivered by it needs no second read.
      } while (this.again && (this.rescan || this.cursor < this.known));
    } catch (e) {
      // Reading failed (database briefly away): the next wake-up or poll tries again from the cursor.
      this.onError(e);
    }
  }

  private deliver(listener: Listener, e: StoredEvent) {
    try {
      listener(e);
    } catch (err) {
      // One failing listener must not starve the others or stop the feed.
      this.onError(err);
    }
  }

  private stopTimer() {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
