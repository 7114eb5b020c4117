import type { ChairCommand } from '@marac/core';

/** What a line typed in the meeting chat asks the bot to do. */
export type ChatCommand =
  | { kind: 'chair'; command: ChairCommand; text: string }
  | { kind: 'override'; reason: string }
  | { kind: 'link'; code: string }
  | { kind: 'declaration' }
  | { kind: 'status' }
  | { kind: 'help' }
  | { kind: 'action'; agency: string; description: string; due?: string }
  | { kind: 'delegate'; name: string }
  | { kind: 'unknown'; word: string };

export const CHAIR_HELP: [string, string][] = [
  ['declaration', 'post the confidentiality declaration'],
  ['start', 'open the meeting once everyone present has confirmed'],
  ['override <reason>', 'start although someone present has not confirmed (recorded)'],
  ['next', 'next agency or phase'],
  ['back', 'previous agency or phase'],
  ['next case', 'close this case and open the next'],
  ['case N', 'open case N'],
  ['none', 'the current agency holds no information'],
  ['pause / resume', 'stop and restart the case timer'],
  ['extend [minutes]', 'add time to this case (default 5)'],
  ['defer <reason>', 'move this case to a later meeting'],
  ['plus', 'refer this case to MARAC Plus'],
  ['action <Agency>: <what> by <date>', 'record an action'],
  ['status', 'where the meeting is'],
  ['end', 'close the meeting and post the summary'],
  ['link <CODE>', 'link this chat to a MARAC meeting'],
];

/** Parse a whole chat message as a command; undefined when it is ordinary talk. */
export function parseCommand(raw: string): ChatCommand | undefined {
  const text = raw.trim().replace(/\s+/g, ' ').slice(0, 1200);
  const lower = text.toLowerCase();
  const chair = (command: ChairCommand): ChatCommand => ({ kind: 'chair', command, text: lower });
  let m: RegExpExecArray | null;
  if (/^(help|\?|commands)$/.test(lower)) return { kind: 'help' };
  if ((m = /^link\s+([a-z0-9-]{2,32})$/i.exec(text))) return { kind: 'link', code: m[1] };
  if (/^(declaration|read declaration|post declaration)$/.test(lower)) return { kind: 'declaration' };
  if (/^status$/.test(lower)) return { kind: 'status' };
  if (/^start$/.test(lower)) return chair({ type: 'start' });
  if ((m = /^override\s*(.*)$/i.exec(text))) return { kind: 'override', reason: m[1].trim() };
  if (/^next$/.test(lower)) return chair({ type: 'next' });
  if (/^back$/.test(lower)) return chair({ type: 'back' });
  if (/^next case$/.test(lower)) return chair({ type: 'next-case' });
  if ((m = /^case\s+(\d{1,3})$/.exec(lower))) return chair({ type: 'case', position: Number(m[1]) });
  if (/^pause$/.test(lower)) return chair({ type: 'pause' });
  if (/^resume$/.test(lower)) return chair({ type: 'resume' });
  if ((m = /^extend(?:\s+(\d{1,3}))?(?:\s*min(?:ute)?s?)?$/.exec(lower)))
    return chair({ type: 'extend', minutes: m[1] ? Number(m[1]) : 5 });
  if ((m = /^defer\b\s*(.*)$/i.exec(text))) return chair({ type: 'defer', reason: m[1].trim() });
  if (/^(plus|marac plus)$/.test(lower)) return chair({ type: 'plus' });
  if (/^(none|no information|no info|nothing held|no information held)$/.test(lower))
    return chair({ type: 'no-information' });
  if (/^end( meeting)?$/.test(lower)) return chair({ type: 'end' });
  if ((m = /^delegate\s+(.{2,80})$/i.exec(text))) return { kind: 'delegate', name: m[1].trim() };
  if (
    (m =
      /^action\s+([^:]{2,60}):\s*(.+?)(?:\s+by\s+([0-9]{1,2}(?:st|nd|rd|th)?\s+[a-z]{3,9}\.?(?:\s+\d{4})?|\d{4}-\d{2}-\d{2}|\d{1,2}\/\d{1,2}\/\d{2,4}|\S+))?$/i.exec(
        text,
      ))
  )
    return { kind: 'action', agency: m[1].trim(), description: m[2].trim(), due: m[3]?.trim() };
  return undefined;
}

/** The first word, for "unknown command" replies when someone @mentions the bot. */
export const firstWord = (text: string) => text.trim().split(/\s+/)[0]?.slice(0, 30) ?? '';
