import { DomainError } from '../domain/errors.js';
import { VERBS, type Verb, type VerbName } from './registry.js';
import type { ArgSpec, CardScope } from './types.js';

export type CardVerb = Extract<Verb, { card: object }>;
export type CardVerbName = CardVerb['name'];
export type TabVerb = Extract<Verb, { tab: true }>;

/** The registry entry a card button's verb names, or undefined for an unknown verb. */
export function cardVerb(
  verb: string,
): { name: CardVerbName; scope: CardScope; from?: 'personal' } | undefined {
  const v = VERBS.find((x) => 'card' in x && x.card.verb === verb) as CardVerb | undefined;
  const card = v?.card as { scope: CardScope; from?: 'personal' } | undefined;
  return v && card && { name: v.name, scope: card.scope, ...(card.from ? { from: card.from } : {}) };
}

type ArgValue<S> = S extends { kind: 'int' } ? number : string;
type ArgsOfTab<V> = V extends { args: infer A } ? { -readonly [K in keyof A]: ArgValue<A[K]> } : unknown;
/** What the tab's live controls send: `{ type: name, ...args }`. */
export type TabCommand = { [V in TabVerb as V['name']]: { type: V['name'] } & ArgsOfTab<V> }[TabVerb['name']];

/** The tab's live controls with their arguments (the tab builds its request schema from these). */
export const TAB_VERBS: readonly TabVerb[] = VERBS.filter((v): v is TabVerb => 'tab' in v);

export const argsOf = (name: VerbName): Readonly<Record<string, ArgSpec>> => {
  const v = VERBS.find((x) => x.name === name);
  return v && 'args' in v ? v.args : {};
};

/**
 * A card's data as the verb's arguments: a missing or unreadable value takes the default, and
 * with no default is refused with the registry's message (the same one the tab shows).
 */
export function argsFromData(name: VerbName, data: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(argsOf(name))) {
    const raw = data[key];
    if (spec.kind === 'int') {
      const n = Number(raw);
      if (Number.isInteger(n) && n >= spec.min && n <= spec.max) out[key] = n;
      else if (spec.default !== undefined) out[key] = spec.default;
      else throw new DomainError('invalid', spec.message);
    } else {
      const t = typeof raw === 'string' ? raw.trim().slice(0, spec.max) : '';
      if (!t && spec.required) throw new DomainError('invalid', spec.required);
      out[key] = t;
    }
  }
  return out;
}
