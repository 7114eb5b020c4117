/**
 * Sliding-window rate limiter, one history per key (a conversation). Pure: time is passed in, so
 * tests can hit every window boundary exactly and the worker can share a ManualClock with the
 * connector stand-in.
 */
export interface RateWindow {
  /** Window length in ms. */
  ms: number;
  /** At most this many events in any window of `ms` length. */
  max: number;
}

/**
 * Teams' documented per-bot, per-conversation ("per thread") limits for sending to a
 * conversation. Microsoft says these may change, so the worker still backs off on 429.
 */
export const TEAMS_PER_CONVERSATION: readonly RateWindow[] = [
  { ms: 1_000, max: 7 },
  { ms: 2_000, max: 8 },
  { ms: 30_000, max: 60 },
  { ms: 3_600_000, max: 1_800 },
];

export class SlidingWindowLimiter {
  private readonly history = new Map<string, number[]>();
  private readonly longest: number;

  constructor(private readonly windows: readonly RateWindow[] = TEAMS_PER_CONVERSATION) {
    if (windows.some((w) => w.ms <= 0 || w.max < 1))
      throw new Error('Rate windows need ms > 0 and max >= 1.');
    this.longest = Math.max(...windows.map((w) => w.ms));
  }

  /**
   * How long from `now` until one more event for `key` fits every window (0 = now). An event
   * exactly `ms` old is outside its window: windows are half-open, (now - ms, now].
   */
  delay(key: string, now: number): number {
    const ts = this.prune(key, now);
    let wait = 0;
    for (const w of this.windows) {
      if (ts.length < w.max) continue;
      // The max-th most recent event must have left the window before another may enter it.
      const oldest = ts[ts.length - w.max];
      wait = Math.max(wait, oldest + w.ms - now);
    }
    return Math.max(0, wait);
  }

  /** Count an event. The caller records the time it knows the request reached the server by. */
  record(key: string, at: number): void {
    const ts = this.history.get(key) ?? [];
    // Keep the list sorted even if concurrent callers record slightly out of order.
    let i = ts.length;
    while (i > 0 && ts[i - 1] > at) i--;
    ts.splice(i, 0, at);
    this.history.set(key, ts);
  }

  /** Records and returns 0 when allowed now; otherwise returns the wait and records nothing. */
  tryAcquire(key: string, now: number): number {
    const wait = this.delay(key, now);
    if (wait === 0) this.record(key, now);
    return wait;
  }

  /** Events for `key` still inside the longest window (for tests and diagnostics). */
  count(key: string, now: number): number {
    return this.prune(key, now).length;
  }

  /** Drops history older than the longest window, and idle keys, so memory stays bounded. */
  private prune(key: string, now: number): number[] {
    const ts = this.history.get(key);
    if (!ts) return [];
    let drop = 0;
    while (drop < ts.length && ts[drop] <= now - this.longest) drop++;
    if (drop) ts.splice(0, drop);
    if (!ts.length) this.history.delete(key);
    return ts;
  }
}
