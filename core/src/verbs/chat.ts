import type { ChairCommand } from '../domain/live-meeting.js';
import { VERBS, type Verb } from './registry.js';

type ArgsOf<V> = V extends { parse: (r: string) => infer A } ? NonNullable<A> : Record<never, never>;

/** The verbs typed in the meeting chat. */
export type ChatVerb = Extract<Verb, { words: readonly string[] }>;
export type ChatVerbName = ChatVerb['name'];
/** The steps of the live meeting, whose handler is `decide()`. */
export type ChairVerbName = Extract<Verb, { chair: true }>['name'];

/** A line typed in the meeting chat, as the verb it names and that verb's arguments. */
export type ChatCommand = {
  [V in ChatVerb as V['name']]: { verb: V['name']; args: ArgsOf<V>; text: string };
}[ChatVerbName];

// The registry's live-meeting steps are exactly the domain's chair commands.
const _same: [ChairVerbName, ChairCommand['type']] extends [ChairCommand['type'], ChairVerbName]
  ? true
  : never = true;
void _same;

export const CHAT_VERBS: readonly ChatVerb[] = VERBS.filter((v): v is ChatVerb => 'words' in v);

/**
 * Parse a whole chat message as a command; undefined when it is ordinary talk. A verb matches
 * when the line is one of its words, or one of its words, a space and arguments it can read.
 */
export function parseChat(raw: string): ChatCommand | undefined {
  const text = raw.trim().replace(/\s+/g, ' ').slice(0, 1200);
  const lower = text.toLowerCase();
  for (const v of CHAT_VERBS)
    for (const w of v.words) {
      const rest = lower === w ? '' : lower.startsWith(`${w} `) ? text.slice(w.length + 1) : undefined;
      if (rest === undefined) continue;
      const args = 'parse' in v ? v.parse(rest) : rest === '' ? {} : undefined;
      if (args) return { verb: v.name, args, text: lower } as ChatCommand;
    }
  return undefined;
}

export const isChairVerb = (name: string): name is ChairVerbName =>
  VERBS.some((v) => v.name === name && 'chair' in v);

/** A live-meeting step with its arguments, as the domain's `decide()` takes it. */
export const chairCommand = (name: ChairVerbName, args: object): ChairCommand =>
  ({ ...args, type: name }) as ChairCommand;

/** The first word, for "unknown command" replies when someone @mentions the bot. */
export const firstWord = (text: string) => text.trim().split(/\s+/)[0]?.slice(0, 30) ?? '';
