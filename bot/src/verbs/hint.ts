import { type Actor, type Meeting, mayChair, parseChat } from '@marac/core';
import type { BotDeps } from '../marac-bot.js';

const WORDS = [
  'next',
  'back',
  'start',
  'end',
  'pause',
  'resume',
  'extend',
  'plus',
  'status',
  'help',
  'defer',
];

/** One letter added, dropped or changed ("nxt", "nexr", "paus"). */
function nearly(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1 || a === b) return a === b;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return [
    a.slice(i + 1) === b.slice(i + 1),
    a.slice(i + 1) === b.slice(i),
    a.slice(i) === b.slice(i + 1),
  ].some(Boolean);
}

/**
 * A short line that looks like a command but is not one ("nxt", "next agency please", an
 * `action` without a colon): the chair gets a hint. Longer talk ("next week the review…") never.
 */
export function commandHint(raw: string): string | undefined {
  const lower = raw.trim().replace(/\s+/g, ' ').toLowerCase();
  if (!lower || lower.length > 200 || parseChat(lower)) return undefined;
  const words = lower.split(' ');
  if (words[0] === 'action' && words.length >= 3 && !lower.includes(':'))
    return 'To record an action: `action <Agency>: <what> by <date>`, e.g. `action Housing: flag the address by 1 Dec`.';
  if (words.length > 3) return undefined;
  if (words[0] === 'case') return 'To open a case: `case N`, e.g. `case 3`; or `next case`.';
  const near = WORDS.find((w) => nearly(words[0], w));
  return near
    ? `Commands are one line on their own: did you mean \`${near}\`? \`help\` lists them.`
    : undefined;
}

/**
 * The chair's near-miss at a command gets one short hint, at most once a minute per meeting. The
 * minute is a claim shared by every instance: this meeting's claim older than a minute is
 * forgotten, then whoever claims the key again may hint (so two instances never both do).
 */
export async function hintOnce(
  deps: BotDeps,
  meeting: Meeting,
  actor: Actor,
  words: string,
  say: (t: string) => Promise<void>,
) {
  const hint = mayChair(meeting, actor) ? commandHint(words) : undefined;
  if (!hint) return;
  const key = hintClaimKey(meeting.id);
  const now = deps.clock.now();
  await deps.store.repos.claims.prune(key, new Date(now - 60_000 + 1).toISOString());
  if (!(await deps.store.repos.claims.claim(key, 'hint', new Date(now).toISOString()))) return;
  await say(hint);
}

/** Delimited, so meeting m1's prune never takes m10's claim. */
export const hintClaimKey = (meetingId: string) => `hint:${meetingId}:`;
