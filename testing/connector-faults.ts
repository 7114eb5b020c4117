/**
 * Fault injection for the Bot Connector stand-in: scripted failures, seeded random failures and
 * Teams' per-conversation rate limits. Deliberately does not reuse the bot's rate limiter, so a
 * bug there cannot hide itself by being enforced the same wrong way here.
 */
export interface Fault {
  status: number;
  retryAfterSeconds?: number;
  /**
   * Never answer: 'accepted' does what was asked first (Teams posted it, the answer was lost),
   * 'unread' does nothing (the request is stuck on its way). The caller's timeout decides.
   */
  hang?: 'accepted' | 'unread';
}

/** mulberry32: tiny, fast and reproducible from a seed; quality is ample for fault dice. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface RandomFaults {
  /** Probability (0..1) that a request fails. */
  rate: number;
  statuses: number[];
  seed: number;
  /** Retry-After to send with 429s, when wanted. */
  retryAfterSeconds?: number;
}

/** Teams' documented per-bot, per-conversation limits: [window seconds, max requests]. */
export const TEAMS_THREAD_LIMITS: ReadonlyArray<readonly [number, number]> = [
  [1, 7],
  [2, 8],
  [30, 60],
  [3600, 1800],
];

export class FaultPlan {
  private scripted: Fault[] = [];
  /** Every request fails with `status` until the stand-in's clock reaches `until`. */
  private outage?: { until: number; status: number };
  private random?: { opts: RandomFaults; next: () => number };
  private limits?: ReadonlyArray<readonly [number, number]>;
  /** Accepted request times per conversation, for rate-limit enforcement. */
  private readonly accepted = new Map<string, number[]>();

  failNext(n: number, status: number, retryAfterSeconds?: number): void {
    for (let i = 0; i < n; i++) this.scripted.push({ status, retryAfterSeconds });
  }

  /** An outage: every request answers `status` for `ms` from `now` (on the stand-in's clock). */
  failFor(now: number, ms: number, status: number): void {
    this.outage = { until: now + ms, status };
  }

  /** The next `n` requests are carried out but never answered (Teams accepted, then timed out). */
  acceptThenHang(n: number): void {
    for (let i = 0; i < n; i++) this.scripted.push({ status: 200, hang: 'accepted' });
  }

  /** The next `n` requests are neither carried out nor answered (a send stuck in flight). */
  hangNext(n: number): void {
    for (let i = 0; i < n; i++) this.scripted.push({ status: 0, hang: 'unread' });
  }

  failRandomly(opts: RandomFaults | null): void {
    this.random = opts ? { opts, next: seededRandom(opts.seed) } : undefined;
  }

  enforceRateLimits(on: boolean, limits = TEAMS_THREAD_LIMITS): void {
    this.limits = on ? limits : undefined;
  }

  /** Decides the fate of one request; `conversationId` is set for conversation-scoped routes. */
  decide(conversationId: string | undefined, now: number): Fault | undefined {
    if (this.outage && now < this.outage.until) return { status: this.outage.status };
    const scripted = this.scripted.shift();
    if (scripted) return scripted;
    if (this.random) {
      const { opts, next } = this.random;
      // Always draw both numbers so the sequence depends only on the seed and request count.
      const roll = next();
      const pick = next();
      if (roll < opts.rate) {
        const status = opts.statuses[Math.floor(pick * opts.statuses.length)];
        return { status, retryAfterSeconds: status === 429 ? opts.retryAfterSeconds : undefined };
      }
    }
    if (conversationId === undefined) return undefined;
    // Only the longest window matters; older entries are dropped so memory stays bounded.
    const keepMs = Math.max(3600, ...(this.limits ?? []).map(([s]) => s)) * 1000;
    const times = (this.accepted.get(conversationId) ?? []).filter((t) => t > now - keepMs);
    this.accepted.set(conversationId, times);
    for (const [seconds, max] of this.limits ?? []) {
      // Half-open window (now - ms, now], as Teams' "N per S seconds" reads.
      const inWindow = times.filter((t) => t > now - seconds * 1000);
      if (inWindow.length >= max) {
        const waitMs = inWindow[inWindow.length - max] + seconds * 1000 - now;
        return { status: 429, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
      }
    }
    times.push(now);
    return undefined;
  }
}
