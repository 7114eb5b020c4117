import express, { type Request, type Response, type NextFunction } from 'express';
import { type Clock, type Store, systemClock } from '@marac/core';
import { createAdapter, type BotAuthOptions } from './teams/adapter.js';
import { BotFrameworkSender } from './teams/bot-framework-sender.js';
import { DEFAULT_OUTBOX_LIMITS, OutboxWorker } from './outbox/outbox-worker.js';
import { notifyInMeeting, postToChat } from './outbox/outbox.js';
import type { ChatSender } from './outbox/chat-sender.js';
import { checkActivity } from './activity-check.js';
import { onTurn, type BotDeps } from './marac-bot.js';
import type { Notify, Post } from './post.js';
import { startProjector } from './projector.js';
import { startScheduler } from './scheduler.js';
import { deliverFollowUp } from './reminders.js';

export interface BotOptions {
  store: Store;
  clock: Clock;
  auth: BotAuthOptions;
  /** This instance's name for leases and claims. */
  owner: string;
  /** Local hour (Europe/London unless `timeZone`) of the daily follow-up. */
  reminderHour?: number;
  timeZone?: string;
  /** The prefix of `owner` that survives a restart: an earlier run's outbox leases are taken back. */
  instance?: string;
  log: BotDeps['log'];
  /** Where Teams reaches the tab (PUBLIC_BASE_URL). */
  publicBaseUrl?: string;
  /** Tests may replace the Bot Connector sender; production uses botbuilder's. */
  sender?: ChatSender;
  schedulerEveryMs?: number;
  outboxLimits?: ConstructorParameters<typeof OutboxWorker>[0]['limits'];
  /** Optional Microsoft Graph services (absent in local development): see BotDeps. */
  agencyDirectory?: BotDeps['agencyDirectory'];
  activityFeed?: BotDeps['activityFeed'];
}

/** The bot: POST /api/messages, the outbox worker, the chat projector and the timers. */
export function createBot(o: BotOptions) {
  // The adapter needs the handlers before the deps exist; the closure reads them at turn time.
  const holder: { deps?: BotDeps } = {};
  const { auth, process, appId } = createAdapter(o.auth, {
    onTurn: (turn) => onTurn(holder.deps!, turn),
    onError: (err, turn) =>
      o.log.error(
        { kind: turn?.kind, activityId: turn?.activityId, err: (err as Error)?.name },
        'bot turn failed',
      ),
  });
  const sendTimeoutMs = o.outboxLimits?.sendTimeoutMs ?? DEFAULT_OUTBOX_LIMITS.sendTimeoutMs;
  const bfSender = new BotFrameworkSender(auth, appId, sendTimeoutMs);
  // Teams' rate limits and retry backoff run on real time, whatever clock the meeting runs on.
  const worker = new OutboxWorker({
    store: o.store,
    sender: o.sender ?? bfSender,
    clock: systemClock,
    owner: o.owner,
    instance: o.instance,
    limits: { ...o.outboxLimits, sendTimeoutMs },
    log: { warn: (f, m) => o.log.warn(f, m), error: (f, m) => o.log.error(f, m) },
  });
  const post: Post = async (target, activity, opts) => {
    await o.store.tx((r) => postToChat(r, target, activity, opts, systemClock.now()));
    worker.kick();
  };
  const notify: Notify = async (target, notice) => {
    await o.store.tx((r) => notifyInMeeting(r, target, notice, systemClock.now()));
    worker.kick();
  };
  const deps: BotDeps = (holder.deps = {
    store: o.store,
    clock: o.clock,
    post,
    notify,
    publicBaseUrl: o.publicBaseUrl ?? 'http://localhost:3978',
    owner: o.owner,
    log: o.log,
    agencyDirectory: o.agencyDirectory,
    activityFeed: o.activityFeed,
  });
  // The projector gets the bot's deps whole: after a meeting it opens 1:1 chats for the agencies' action cards.
  const projector = startProjector(deps);
  const scheduler = startScheduler(
    {
      store: o.store,
      clock: o.clock,
      owner: o.owner,
      reminderHour: o.reminderHour ?? 8,
      timeZone: o.timeZone,
      log: o.log,
      onReminders: (res) => deliverFollowUp(deps, res),
    },
    o.schedulerEveryMs,
  );
  worker.start();

  const router = express.Router();
  router.post(
    '/api/messages',
    express.json({ limit: '256kb' }),
    async (req: Request, res: Response) => {
      const check = checkActivity(req.body);
      if (!check.ok) return void res.status(400).json({ error: check.error });
      try {
        await process(req, res);
      } catch (e) {
        o.log.error({ err: (e as Error)?.name }, 'bot request failed');
        if (!res.headersSent) res.status(500).json({ error: 'The bot could not handle this activity.' });
      }
    },
    (err: { status?: number; type?: string }, _req: Request, res: Response, _next: NextFunction) => {
      // Not JSON, or too large: a clear 4xx and nothing written.
      res
        .status(err.status === 413 ? 413 : 400)
        .json({ error: err.status === 413 ? 'The activity is too large.' : 'The body is not valid JSON.' });
    },
  );

  return {
    router,
    deps,
    worker,
    projector,
    scheduler,
    async stop() {
      scheduler.stop();
      projector.stop();
      await worker.stop();
    },
  };
}

export type Bot = ReturnType<typeof createBot>;
export { checkActivity };
