import { describe, expect, it } from 'vitest';
import { CHAT_VERBS } from '@marac/core';
import { HELP } from './help.js';

describe('help', () => {
  it('lists every typed verb of the registry once, under who may use it', () => {
    for (const v of CHAT_VERBS) {
      const shown = `\`${'usage' in v ? v.usage : v.words[0]}\`: ${v.help}`;
      expect(HELP.split(shown).length - 1, v.name).toBe(1);
    }
    const [anyone, chair] = HELP.split('The chair (or a delegate, or a coordinator):');
    expect(anyone).toContain('`status`');
    expect(chair).toContain('`next case`');
    expect(chair).not.toContain('`status`');
  });
});
