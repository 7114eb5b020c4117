import { CHAT_VERBS } from '@marac/core/verbs';

export interface CommandList {
  scopes: string[];
  commands: { title: string; description: string }[];
}

/**
 * The bot's command lists, derived from the verb registry (core/src/verbs/registry.ts): the
 * verbs marked `manifest` are listed (Teams shows ten at most), and `help` names the rest.
 */
export function commandLists(): CommandList[] {
  const listed = CHAT_VERBS.filter((v) => 'manifest' in v);
  const rest = CHAT_VERBS.filter((v) => !('manifest' in v)).map((v) =>
    v.name === 'case' ? 'case N' : v.words[0],
  );
  const chat = listed.map((v) => ({
    title: v.words[0],
    description:
      v.name === 'help' ? `${v.manifest}. Also: ${rest.join(', ')}` : (v as { manifest: string }).manifest,
  }));
  const personal = CHAT_VERBS.filter((v) => 'personalManifest' in v).map((v) => ({
    title: v.words[0],
    description: (v as { personalManifest: string }).personalManifest,
  }));
  return [
    { scopes: ['groupChat'], commands: chat },
    { scopes: ['team'], commands: chat },
    { scopes: ['personal'], commands: personal },
  ];
}
