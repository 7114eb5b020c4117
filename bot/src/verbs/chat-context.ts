import type { Actor, ChatCommand, ChatVerbName, ChairVerbName, Meeting } from '@marac/core';
import type { BotDeps } from '../marac-bot.js';
import type { Turn } from '../turn.js';

export type Say = (text: string, mentions?: { id: string; name: string }[]) => Promise<void>;

/** What a typed command's handler is given: the linked meeting, who typed it, and a way to answer. */
export interface ChatContext {
  deps: BotDeps;
  turn: Turn;
  meeting: Meeting;
  actor: Actor;
  say: Say;
}

export type ChatArgs<K extends ChatVerbName> = Extract<ChatCommand, { verb: K }>['args'];

/** A handler for each typed verb that is not a live-meeting step (those all go to `decide()`). */
export type ChatHandlers = {
  [K in Exclude<ChatVerbName, ChairVerbName>]: (ctx: ChatContext, args: ChatArgs<K>) => Promise<unknown>;
};
