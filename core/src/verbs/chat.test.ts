import { describe, expect, it } from 'vitest';
import { CHAT_VERBS, chairCommand, isChairVerb, parseChat } from './chat.js';
import { argsFromData, cardVerb, TAB_VERBS } from './data.js';
import { VERBS } from './registry.js';

describe('the verb registry', () => {
  it.each([
    ['next', { verb: 'next', args: {} }],
    ['  NEXT  ', { verb: 'next', args: {} }],
    ['next case', { verb: 'next-case', args: {} }],
    ['case 3', { verb: 'case', args: { position: 3 } }],
    ['extend', { verb: 'extend', args: { minutes: 5 } }],
    ['extend 10 Minutes', { verb: 'extend', args: { minutes: 10 } }],
    ['defer referrer not present', { verb: 'defer', args: { reason: 'referrer not present' } }],
    ['override', { verb: 'override', args: { reason: '' } }],
    ['link Demo', { verb: 'link', args: { code: 'Demo' } }],
    ['no information held', { verb: 'no-information', args: {} }],
    ['none', { verb: 'no-information', args: {} }],
    ['end meeting', { verb: 'end', args: {} }],
    ['marac plus', { verb: 'plus', args: {} }],
    ['?', { verb: 'help', args: {} }],
    ['delegate Dana Deputy', { verb: 'delegate', args: { name: 'Dana Deputy' } }],
    [
      'action Housing: flag the address by 1 Dec',
      { verb: 'action', args: { agency: 'Housing', description: 'flag the address', due: '1 Dec' } },
    ],
  ])('reads %j as a command', (text, want) => {
    expect(parseChat(text)).toMatchObject(want);
  });

  it.each([
    'next please',
    'case three',
    'link',
    'link x',
    'starting now',
    'overrides',
    'morning all',
    'I agree',
    'extend a lot',
  ])('leaves %j as ordinary talk', (text) => {
    expect(parseChat(text)).toBeUndefined();
  });

  it('gives each name, typed word and card verb once', () => {
    const names = VERBS.map((v) => v.name);
    expect(new Set(names).size).toBe(names.length);
    const words = CHAT_VERBS.flatMap((v) => v.words);
    expect(new Set(words).size).toBe(words.length);
    const cards = VERBS.flatMap((v) => ('card' in v ? [v.card.verb] : []));
    expect(new Set(cards).size).toBe(cards.length);
    // Every typed word of the registry parses back to its own verb (those that need no argument alone).
    for (const v of CHAT_VERBS)
      for (const w of v.words) if (!('parse' in v) || v.parse('')) expect(parseChat(w)?.verb, w).toBe(v.name);
  });

  it('routes card verbs by scope and reads their data with the same limits as the tab', () => {
    expect(cardVerb('chair.next')).toEqual({ name: 'next', scope: 'meeting' });
    expect(cardVerb('action.complete')).toEqual({ name: 'action.complete', scope: 'action' });
    expect(cardVerb('chair.case')).toBeUndefined();
    expect(cardVerb('nonsense')).toBeUndefined();
    expect(argsFromData('extend', { minutes: '10' })).toEqual({ minutes: 10 });
    expect(argsFromData('extend', { minutes: 900 })).toEqual({ minutes: 5 });
    expect(() => argsFromData('case', {})).toThrow('Give the agenda number of the case.');
    expect(() => argsFromData('defer', { reason: '  ' })).toThrow('Say why the case is deferred.');
    expect(chairCommand('extend', { minutes: 7 })).toEqual({ type: 'extend', minutes: 7 });
    expect(isChairVerb('declaration')).toBe(false);
    expect(TAB_VERBS.map((v) => v.name)).toContain('declaration');
  });
});
