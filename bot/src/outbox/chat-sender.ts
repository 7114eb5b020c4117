/** Where a message goes: the stored conversation reference is opaque outside `bot/src/teams`. */
export interface ConversationTarget {
  conversationId: string;
  serviceUrl: string;
  reference: Record<string, unknown>;
}

export type OutgoingActivity = Record<string, unknown>;

/**
 * What the outbox needs from Teams: post a message and replace one in place. Implemented with
 * botbuilder in `bot/src/teams/`; nothing else in the bot depends on botbuilder.
 */
export interface ChatSender {
  send(target: ConversationTarget, activity: OutgoingActivity): Promise<{ id: string }>;
  update(target: ConversationTarget, activityId: string, activity: OutgoingActivity): Promise<void>;
}

/**
 * A failed send: `status` is the HTTP status from the Bot Connector, when there was one.
 * `timedOut`: no answer in time, so Teams may have posted it; a retry may then duplicate it.
 */
export class SendError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    readonly retryAfterMs?: number,
    readonly timedOut = false,
  ) {
    super(message);
    this.name = 'SendError';
  }
}

/** Teams asks bots to retry these with backoff; anything else is not going to get better. */
export const isRetryable = (e: unknown) =>
  !(e instanceof SendError) || e.status === undefined || [412, 429, 500, 502, 503, 504].includes(e.status);
