import type { Repos } from '@marac/core';
import type { ConversationTarget, MeetingNotice, OutgoingActivity } from './chat-sender.js';

/** What each stored outbox row carries; the worker reads it back. */
export interface OutboxPayload extends Record<string, unknown> {
  target: ConversationTarget;
  activity: OutgoingActivity;
  /** Set for 'notify' items (then `activity` is empty). */
  notice?: MeetingNotice;
}

/**
 * Queues a targeted in-meeting notification. It goes through the outbox like any send (order per
 * conversation, Teams' limits, retries); if Teams refuses it, it is retried or marked failed,
 * never posted to the chat instead.
 */
export async function notifyInMeeting(
  repos: Pick<Repos, 'outbox'>,
  target: ConversationTarget,
  notice: MeetingNotice,
  now: number,
): Promise<number> {
  const payload: OutboxPayload = { target, activity: {}, notice };
  return repos.outbox.enqueue({ conversationId: target.conversationId, kind: 'notify', payload }, now);
}

export interface PostOptions {
  /** Names a card that lives in one message and is updated in place (roll call, case card). */
  cardKey?: string;
  /**
   * 'send' posts a new message (remembered under `cardKey` when given); 'update' and 'upsert'
   * replace the card's message, posting it first if it was never posted. Default: 'upsert' with a
   * cardKey, else 'send'.
   */
  mode?: 'send' | 'update' | 'upsert';
}

/**
 * Queues a message for a conversation. Nothing is sent here: the OutboxWorker delivers it, in
 * order per conversation, within Teams' rate limits, surviving restarts. Pass the repos of a
 * `store.tx` to enqueue atomically with the change that caused the message. Returns the item id.
 *
 * 'upsert' is decided by the worker at send time, not here: if two upserts of a card are queued
 * before the first is delivered, deciding now would see no card for either and post it twice.
 * The worker handles a conversation's items one at a time, so the second finds the first's
 * message and updates it.
 */
export async function postToChat(
  repos: Pick<Repos, 'outbox'>,
  target: ConversationTarget,
  activity: OutgoingActivity,
  opts: PostOptions = {},
  now: number,
): Promise<number> {
  const mode = opts.mode ?? (opts.cardKey ? 'upsert' : 'send');
  if (mode !== 'send' && !opts.cardKey) throw new Error(`postToChat: mode '${mode}' needs a cardKey.`);
  const payload: OutboxPayload = { target, activity };
  // A newer state of a card whose last update has not gone yet replaces it: one message, newest content.
  if (
    mode !== 'send' &&
    (await repos.outbox.replacePending(target.conversationId, opts.cardKey!, payload, now))
  )
    return 0;
  return repos.outbox.enqueue(
    {
      conversationId: target.conversationId,
      kind: mode === 'send' ? 'send' : 'update',
      ...(opts.cardKey ? { cardKey: opts.cardKey } : {}),
      payload,
    },
    now,
  );
}
