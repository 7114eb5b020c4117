import type { Clock, OutboxItem, Store } from '@marac/core';
import { retryDelay } from './backoff.js';
import { type ChatSender, type ConversationTarget, isRetryable, SendError } from './chat-sender.js';
import type { OutboxPayload } from './outbox.js';
import { consoleLog, DEFAULT_OUTBOX_LIMITS, type OutboxLimits, type OutboxLog } from './outbox-config.js';
import { SlidingWindowLimiter } from './rate-limiter.js';

export { DEFAULT_OUTBOX_LIMITS, type OutboxLimits, type OutboxLog } from './outbox-config.js';

export interface OutboxWorkerOptions {
  store: Store;
  sender: ChatSender;
  clock: Clock;
  /** This instance's lease name; another instance takes over our items when leases run out. */
  owner: string;
  /**
   * The part of `owner` that stays the same across restarts of this instance: leases held by an
   * earlier run under it are taken back at once on start rather than waited out.
   */
  instance?: string;
  limits?: Partial<OutboxLimits>;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  log?: OutboxLog;
}

/**
 * Delivers the stored outbox: one item per conversation at a time (so order holds), conversations
 * in parallel, each within Teams' per-conversation rate limits, retrying transient failures with
 * backoff. Everything lives in the store, so a restart (or another instance) carries on.
 */
export class OutboxWorker {
  private readonly limits: OutboxLimits;
  private readonly limiter: SlidingWindowLimiter;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly log: OutboxLog;
  /** Conversations with a delivery in flight here; claimReady hands our own leases back to us. */
  private readonly busy = new Map<string, Promise<void>>();
  private running = false;
  /** The claim loop in progress, if any; stop() waits for it so no delivery starts after. */
  private looping?: Promise<void>;
  private again = false;
  private timer?: NodeJS.Timeout;
  private waiters: Array<() => void> = [];
  private lastPass = 0;
  /** Claims run one at a time (loop and drainOnce may both ask). */
  private claims: Promise<unknown> = Promise.resolve();
  /** Counts finished deliveries; `finishedAt` says when each conversation's last one finished. */
  private finishedSeq = 0;
  private readonly finishedAt = new Map<string, number>();
  private released = false;

  constructor(private readonly o: OutboxWorkerOptions) {
    this.limits = { ...DEFAULT_OUTBOX_LIMITS, ...o.limits };
    // A send that could outlive its lease could be sent again by another instance meanwhile.
    if (this.limits.leaseMs <= this.limits.sendTimeoutMs + this.limits.maxHoldMs)
      throw new Error('Outbox leaseMs must exceed sendTimeoutMs + maxHoldMs.');
    this.limiter = new SlidingWindowLimiter(this.limits.windows);
    this.sleep = o.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.random = o.random ?? Math.random;
    this.log = o.log ?? consoleLog;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.kick();
  }

  /** Stops claiming; resolves once deliveries in flight have settled. */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    await this.looping;
    await Promise.allSettled([...this.busy.values()]);
    this.wake();
  }

  /**
   * Look now rather than at the next poll, e.g. right after postToChat. Inside a transaction, once
   * it commits: a pass started in its async context would join it, claim and send rows that may
   * yet roll back (and so be projected and sent again), and mark them in it.
   */
  kick(): void {
    this.o.store.afterCommit(() => this.kickNow());
  }

  private kickNow(): void {
    if (!this.running) return;
    if (this.looping) {
      this.again = true;
      return;
    }
    this.looping = this.loop();
  }

  /** How long Teams' per-conversation limit still holds this conversation's next send (ms, 0: not held). */
  rateHeldMs(conversationId: string): number {
    return this.limiter.delay(conversationId, this.o.clock.now());
  }

  /** Claims what is ready now and delivers it; resolves with how many items were handled. */
  async drainOnce(): Promise<number> {
    const tasks = await this.pump();
    await Promise.all(tasks);
    return tasks.length;
  }

  /** Resolves when nothing is pending or in flight (failed items are not pending). */
  async idle(): Promise<void> {
    for (;;) {
      // Not running: drive it here. Only a pass that found nothing needs the (full) pending read.
      if (!this.running && (await this.drainOnce()) > 0) continue;
      if (this.busy.size === 0 && (await this.o.store.repos.outbox.pending()).length === 0) return;
      if (this.running) await new Promise<void>((r) => this.waiters.push(r));
      else await this.sleep(this.limits.pollMs);
    }
  }

  private async loop(): Promise<void> {
    try {
      do {
        this.again = false;
        // Kicks arrive with every post and every finished delivery; claiming is a write
        // transaction, so passes are spaced a little apart and the kicks in between share one.
        const gap = this.lastPass + PASS_GAP_MS - performance.now();
        if (gap > 0) await new Promise((r) => setTimeout(r, gap));
        this.lastPass = performance.now();
        await this.pump().catch((e: unknown) =>
          this.log.error({ err: errorName(e) }, 'outbox: claiming failed'),
        );
      } while (this.again && this.running);
    } finally {
      this.looping = undefined;
      this.wake();
      // unref: a pending poll must not keep the process alive on shutdown.
      if (this.running) this.timer = setTimeout(() => this.kick(), this.limits.pollMs).unref();
    }
  }

  private pump(): Promise<Promise<void>[]> {
    const run = this.claims.then(() => this.claimAndStart());
    this.claims = run.catch(() => undefined);
    return run;
  }

  /** Claims ready items and starts a delivery for each conversation not already busy here. */
  private async claimAndStart(): Promise<Promise<void>[]> {
    if (this.o.instance && !this.released) {
      const n = await this.o.store.repos.outbox.releaseLeases(this.o.instance, this.o.owner);
      this.released = true;
      if (n)
        this.log.warn({ released: n }, 'outbox: took back the leases of this instance before its restart');
    }
    const now = this.o.clock.now();
    const { leaseMs, batch, maxHoldMs } = this.limits;
    const before = this.finishedSeq;
    const items = await this.o.store.repos.outbox.claimReady(this.o.owner, now, leaseMs, batch, [
      ...this.busy.keys(),
    ]);
    const started: Promise<void>[] = [];
    for (const item of items) {
      const conv = item.conversationId;
      // Busy: the item is the one in flight. Finished during the claim: the claim may have read
      // the item just delivered, so look again next pass. Long rate-limit wait: leave it too.
      if (
        this.busy.has(conv) ||
        (this.finishedAt.get(conv) ?? -1) > before ||
        this.limiter.delay(conv, now) > maxHoldMs
      )
        continue;
      const task = this.deliver(item)
        .catch((e: unknown) =>
          this.log.error({ outboxId: item.id, err: errorName(e) }, 'outbox: delivery bookkeeping failed'),
        )
        .finally(() => {
          this.busy.delete(conv);
          this.finishedAt.set(conv, ++this.finishedSeq);
          this.wake();
          this.kick();
        });
      this.busy.set(conv, task);
      started.push(task);
    }
    // Later claims start later, so older marks can no longer matter.
    for (const [conv, seq] of this.finishedAt) if (seq <= before) this.finishedAt.delete(conv);
    return started;
  }

  private async deliver(item: OutboxItem): Promise<void> {
    const { store, sender, clock } = this.o;
    const { activity } = item.payload as OutboxPayload;
    const conv = item.conversationId;
    const hold = this.limiter.delay(conv, clock.now());
    if (hold > 0) await this.sleep(hold);
    // Fencing: start a send only if it ends (sendTimeoutMs) while the lease is ours; otherwise
    // leave it for the next pass, which takes the lease afresh.
    if (item.leaseUntil !== undefined && clock.now() + this.limits.sendTimeoutMs >= item.leaseUntil) return;
    if (item.kind === 'notify') return this.deliverNotice(item);
    let activityId: string | undefined;
    let existing: string | undefined;
    let target: ConversationTarget;
    try {
      target = await this.resolve((item.payload as OutboxPayload).target);
      // A card posted in another conversation cannot be updated from this one: post it here instead.
      const card =
        item.kind === 'update' && item.cardKey ? await store.repos.cards.get(item.cardKey) : undefined;
      existing = card?.conversationId === target.conversationId ? card.activityId : undefined;
      if (existing) await sender.update(target, existing, activity);
      else activityId = (await sender.send(target, activity)).id;
    } catch (e) {
      // Failed requests count against Teams' limits as well.
      this.limiter.record(conv, clock.now());
      return this.failed(item, e);
    }
    // Recorded on the response: Teams saw the request no later than this, so windows measured
    // from here are never shorter on Teams' side than on ours.
    this.limiter.record(conv, clock.now());
    const marked = await store.tx(async (r) => {
      if (!(await r.outbox.markSent(item.id, item.fence, activityId ?? existing))) return false;
      if (activityId !== undefined && item.cardKey)
        await r.cards.put(item.cardKey, target.conversationId, activityId);
      return true;
    });
    if (!marked)
      this.log.warn(
        { outboxId: item.id, conversationId: conv, activityId },
        'outbox: sent after its lease passed on; the chat may show it twice (this activity id is the extra copy)',
      );
  }

  /** A 1:1 chat not opened yet is opened here, outside any transaction, and remembered. */
  private async resolve(target: ConversationTarget): Promise<ConversationTarget> {
    const who = target.openPersonal;
    if (!who) return target;
    const { store, sender } = this.o;
    const key = `user:${who.aadObjectId}`;
    const known = (await store.repos.conversations.getPersonal(key))?.personal;
    if (known) return known as ConversationTarget;
    const opened = await sender.openPersonalChat(who);
    await store.tx(async (r) =>
      r.conversations.putPersonal(key, { ...(await r.conversations.getPersonal(key)), personal: opened }),
    );
    return opened;
  }

  /** A targeted notification: sent, retried or failed like a message, and never turned into one. */
  private async deliverNotice(item: OutboxItem): Promise<void> {
    const { store, sender, clock } = this.o;
    const { target, notice } = item.payload as OutboxPayload;
    try {
      if (!notice || !sender.notify)
        throw new SendError('This sender cannot send meeting notifications.', 501);
      await sender.notify(target, notice);
    } catch (e) {
      this.limiter.record(item.conversationId, clock.now());
      return this.failed(item, e);
    }
    this.limiter.record(item.conversationId, clock.now());
    await store.repos.outbox.markSent(item.id, item.fence);
  }

  private async failed(item: OutboxItem, e: unknown): Promise<void> {
    const { outbox } = this.o.store.repos;
    const status = e instanceof SendError ? e.status : undefined;
    const timedOut = e instanceof SendError && e.timedOut;
    const attempts = item.attempts + 1;
    const fields = {
      outboxId: item.id,
      conversationId: item.conversationId,
      kind: item.kind,
      status: status ?? (timedOut ? 'timeout' : 'network'),
      attempts,
    };
    const what = `${errorName(e)}${status === undefined ? '' : ` ${status}`}${timedOut ? ' timeout (Teams may have posted it)' : ''}`;
    if (!isRetryable(e) || attempts >= this.limits.maxAttempts) {
      await outbox.markFailed(item.id, item.fence, `${what} after ${attempts} attempt(s)`);
      this.log.error(fields, 'outbox: gave up on a message');
      return;
    }
    const retryAfterMs = e instanceof SendError ? e.retryAfterMs : undefined;
    const delayMs = retryDelay(attempts, retryAfterMs, this.limits, this.random);
    await outbox.retryLater(item.id, item.fence, this.o.clock.now() + delayMs, what);
    this.log.warn({ ...fields, delayMs }, 'outbox: send failed, will retry');
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const r of w) r();
  }
}

/** Least real time between two claiming passes of the running worker. */
const PASS_GAP_MS = 10;

/** The error's class name only: messages may echo request content. */
const errorName = (e: unknown) => (e instanceof Error ? e.name : typeof e);
