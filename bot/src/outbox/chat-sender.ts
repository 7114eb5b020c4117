/** Where a message goes: the stored conversation reference is opaque outside `bot/src/teams`. */
export interface ConversationTarget {
  conversationId: string;
  serviceUrl: string;
  reference: Record<string, unknown>;
  /**
   * A 1:1 chat not opened yet: the outbox opens it first (a Bot Connector call that may fail and
   * is retried like any send), remembers it, then sends. `conversationId` is then a placeholder.
   */
  openPersonal?: PersonalAddress;
}

/** Enough to open a 1:1 chat with someone the bot has seen in Teams. */
export interface PersonalAddress {
  aadObjectId: string;
  teamsUserId: string;
  serviceUrl: string;
  tenantId?: string;
}

export type OutgoingActivity = Record<string, unknown>;

/**
 * A targeted in-meeting notification: Teams shows `title` and a small page of the tab (`url`) on
 * the meeting stage of the named people only. Nothing reaches the chat.
 */
export interface MeetingNotice {
  /** The Teams meeting id (channelData.meeting.id), not the chat's conversation id. */
  teamsMeetingId: string;
  /** Teams user ids (29:...). */
  recipients: string[];
  title: string;
  url: string;
}

/**
 * What the outbox needs from Teams: post a message, replace one in place, notify people in a
 * meeting. Implemented with botbuilder in `bot/src/teams/`; nothing else in the bot depends on
 * botbuilder.
 */
export interface ChatSender {
  send(target: ConversationTarget, activity: OutgoingActivity): Promise<{ id: string }>;
  update(target: ConversationTarget, activityId: string, activity: OutgoingActivity): Promise<void>;
  /** Open (or find) the 1:1 chat with someone. */
  openPersonalChat(user: PersonalAddress): Promise<ConversationTarget>;
  /** Absent in senders that cannot notify: such items fail (never become chat posts). */
  notify?(target: ConversationTarget, notice: MeetingNotice): Promise<void>;
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
