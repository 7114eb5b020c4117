import { CHAT_VERBS, type Who } from '@marac/core';

const WHO: [Who[], string][] = [
  [['anyone'], 'Anyone in the meeting chat'],
  [['chair', 'named-chair', 'linker'], 'The chair (or a delegate, or a coordinator)'],
];

/** `help`, from the verb registry: each command with its usage, grouped by who may use it. */
export const HELP = [
  '**MARAC bot commands**, typed in the meeting chat:',
  ...WHO.map(
    ([who, title]) =>
      `\n${title}:\n\n${CHAT_VERBS.filter((v) => who.includes(v.who))
        .map((v) => `- \`${'usage' in v ? v.usage : v.words[0]}\`: ${v.help}`)
        .join('\n')}`,
  ),
  '\nEveryone confirms the confidentiality declaration by typing "I agree" or pressing "I confirm".',
].join('\n');
