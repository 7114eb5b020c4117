/**
 * Reads just enough of Bicep's text to check the templates here without the Bicep compiler
 * (which cannot be installed on this machine): parameter declarations and their decorators,
 * module blocks and their params, outputs, the app settings object, .bicepparam assignments.
 * It assumes the formatting `bicep format` produces: one declaration per line, two-space indents.
 */
import { readFileSync } from 'node:fs';

export interface BicepParam {
  name: string;
  type: string;
  hasDefault: boolean;
  default?: string;
  secure: boolean;
  allowed?: string[];
  minValue?: number;
  maxValue?: number;
}

export const read = (path: string) => readFileSync(path, 'utf8');

const stripComment = (line: string) => {
  // Remove a // comment that is not inside a single-quoted string.
  let inStr = false;
  for (let i = 0; i < line.length; i++) {
    if (line[i] === "'" && line[i - 1] !== '\\') inStr = !inStr;
    if (!inStr && line[i] === '/' && line[i + 1] === '/') return line.slice(0, i);
  }
  return line;
};

export function parseParams(text: string): Map<string, BicepParam> {
  const lines = text.split('\n').map(stripComment);
  const params = new Map<string, BicepParam>();
  let decorators: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trimEnd();
    if (line.startsWith('@')) {
      // Decorators may span lines: @allowed([ ... ])
      let deco = line;
      let depth = (line.match(/[([]/g) ?? []).length - (line.match(/[)\]]/g) ?? []).length;
      while (depth > 0 && i + 1 < lines.length) {
        const next = lines[++i].trim();
        deco += ` ${next}`;
        depth += (next.match(/[([]/g) ?? []).length - (next.match(/[)\]]/g) ?? []).length;
      }
      decorators.push(deco);
      continue;
    }
    const m = /^param (\w+) (\w+)(?:\s*=\s*(.+))?$/.exec(line);
    if (m) {
      const p: BicepParam = {
        name: m[1],
        type: m[2],
        hasDefault: m[3] !== undefined,
        default: m[3]?.trim(),
        secure: false,
      };
      for (const d of decorators) {
        if (d.startsWith('@secure()')) p.secure = true;
        const allowed = /^@allowed\(\[(.*)\]\)$/.exec(d);
        if (allowed) p.allowed = [...allowed[1].matchAll(/'([^']*)'/g)].map((x) => x[1]);
        const min = /^@minValue\((-?\d+)\)$/.exec(d);
        if (min) p.minValue = Number(min[1]);
        const max = /^@maxValue\((-?\d+)\)$/.exec(d);
        if (max) p.maxValue = Number(max[1]);
      }
      params.set(p.name, p);
    }
    if (line.trim() !== '') decorators = [];
  }
  return params;
}

export const parseOutputs = (text: string): string[] =>
  [...text.matchAll(/^output (\w+) \w+ =/gm)].map((m) => m[1]);

/** The lines of the `{ ... }` block that opens on the line matching `opener`, without the braces. */
export function blockAfter(text: string, opener: RegExp): string[] {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => opener.test(l));
  if (start < 0) throw new Error(`no line matches ${opener}`);
  let depth = 0;
  const body: string[] = [];
  for (let i = start; i < lines.length; i++) {
    const l = stripComment(lines[i]);
    for (const ch of l) {
      if (ch === '{' || ch === '[') depth++;
      if (ch === '}' || ch === ']') depth--;
    }
    if (i > start && depth > 0) body.push(lines[i]);
    if (i > start && depth === 0) return body;
    if (i === start && depth === 0) return body;
  }
  throw new Error(`unbalanced block after ${opener}`);
}

/** `key: value` pairs at the first indentation level of a block. */
export function objectEntries(body: string[]): Map<string, string> {
  const indent = Math.min(
    ...body.filter((l) => l.trim() && !l.trim().startsWith('//')).map((l) => l.search(/\S/)),
  );
  const out = new Map<string, string>();
  for (const raw of body) {
    const l = stripComment(raw);
    if (l.search(/\S/) !== indent) continue;
    const m = /^\s*(\w+):\s*(.*)$/.exec(l);
    if (m) out.set(m[1], m[2].trim());
  }
  return out;
}

export interface ModuleUse {
  symbol: string;
  path: string;
  params: Map<string, string>;
}

export function parseModules(text: string): ModuleUse[] {
  return [...text.matchAll(/^module (\w+) '([^']+)' = (?:if \(.+\) )?\{$/gm)].map((m) => {
    const block = blockAfter(text, new RegExp(`^module ${m[1]} `));
    const paramsBlock = blockAfter(block.join('\n'), /^\s*params: \{$/);
    return { symbol: m[1], path: m[2], params: objectEntries(paramsBlock) };
  });
}

/** `param name = value` lines of a .bicepparam file. */
export function parseBicepparam(text: string): { using: string; values: Map<string, string> } {
  const using = /^using '([^']+)'$/m.exec(text)?.[1] ?? '';
  const values = new Map(
    [...text.matchAll(/^param (\w+) = (.+)$/gm)].map((m) => [m[1], m[2].trim()] as [string, string]),
  );
  return { using, values };
}

/** Brackets balance outside strings, string interpolations `${...}` included. */
export function checkBalanced(text: string): string | undefined {
  const stack: string[] = [];
  const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const line = stripComment(lines[n]);
    let inStr = false;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i];
      if (inStr) {
        if (ch === '\\') i++;
        else if (ch === "'") inStr = false;
        else if (ch === '$' && line[i + 1] === '{') {
          stack.push('${');
          inStr = false;
          i++;
        }
        continue;
      }
      if (ch === "'") inStr = true;
      else if ('([{'.includes(ch)) stack.push(ch);
      else if (')]}'.includes(ch)) {
        const top = stack.pop();
        if (ch === '}' && top === '${') inStr = true;
        else if (top !== pairs[ch]) return `unbalanced ${ch} on line ${n + 1}`;
      }
    }
    if (inStr) return `unterminated string on line ${n + 1}`;
  }
  return stack.length ? `unclosed ${stack.join(' ')}` : undefined;
}
