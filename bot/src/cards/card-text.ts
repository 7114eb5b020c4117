/**
 * What someone typed, shown in a card as the characters they typed. Teams renders TextBlock and
 * FactSet text as markdown, so a typed `[portal](https://…)` would become a link posted under the
 * bot's name: markdown's punctuation is backslash-escaped and a URL's scheme and `www.` are broken
 * with a zero-width space so no autolinker recognises them; the text reads the same.
 */
export function cardText(typed: string): string {
  return typed
    .replace(/[\\`*_#[\]()]/g, (c) => `\\${c}`)
    .replace(/^(\s*)([-+>])/gm, '$1\\$2')
    .replace(/^(\s*\d+)\./gm, '$1\\.')
    .replace(/([a-z][a-z0-9+.-]*):\/\//gi, '$1:\u200b//')
    .replace(/\bwww\./gi, 'www\u200b.');
}

/** Each named field (at any depth, in objects and arrays) passed through `cardText`. */
export function withTypedText<T>(data: T, fields: readonly string[]): T {
  const walk = (v: unknown, key?: string): unknown => {
    if (typeof v === 'string') return key !== undefined && fields.includes(key) ? cardText(v) : v;
    if (Array.isArray(v)) return v.map((x) => walk(x));
    if (v && typeof v === 'object')
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, k)]));
    return v;
  };
  return walk(data) as T;
}
