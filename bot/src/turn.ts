import type { ConversationTarget } from './outbox/chat-sender.js';

/**
 * One incoming Teams activity in the bot's own terms, so handlers never see botbuilder types
 * (moving to the Microsoft 365 Agents SDK changes `bot/src/teams/` alone).
 */
export interface Turn {
  kind:
    | 'message'
    | 'card-action'
    | 'meeting-start'
    | 'meeting-end'
    | 'participants-join'
    | 'participants-leave'
    | 'installed'
    | 'other';
  activityId: string;
  /** When the sender sent it (Teams' timestamp), epoch ms. */
  sentAt?: number;
  conversationType: 'personal' | 'groupChat' | 'channel';
  target: ConversationTarget;
  tenantId?: string;
  /** The Teams meeting id, when the chat belongs to a meeting. */
  teamsMeetingId?: string;
  from: { id: string; aadObjectId?: string; name: string; isBot: boolean };
  /** Message text with the bot's mention and HTML removed. */
  text?: string;
  botMentioned?: boolean;
  card?: { verb: string; data: Record<string, unknown>; trigger: 'manual' | 'automatic' };
  members?: { id: string; aadObjectId?: string; name: string }[];
}

/** What a card action answers: a card to show this person, a short message, or an error. */
export type InvokeAnswer =
  | { kind: 'card'; card: Record<string, unknown> }
  | { kind: 'message'; text: string }
  | { kind: 'error'; status: number; code: string; message: string };
