import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { APP_PACKAGE_DIR, BUILD_DIR, ENV_DIR } from './paths.js';
import { validateAgainstOfficialSchema } from './schema.js';
import { commandLists } from './commands.js';

/**
 * Builds the Teams app package (manifest.json + the two icons, zipped) for one environment.
 * The manifest template uses the Agents Toolkit's `${{NAME}}` placeholders, so the same template
 * works with `teamsapp`/`atk` and with `npm run package`. Values come from
 * manifest/env/.env.<env>, overridden by process.env; a placeholder that is left without a value
 * stops the build with its name.
 */
export const PLACEHOLDER = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** Placeholders that may legitimately be empty (e.g. no name suffix in production). */
export const MAY_BE_EMPTY = new Set(['APP_NAME_SUFFIX']);

export const PACKAGE_FILES = ['manifest.json', 'color.png', 'outline.png'] as const;

export class UnfilledPlaceholdersError extends Error {
  constructor(
    readonly names: string[],
    envFile: string,
  ) {
    super(
      `The app package needs a value for: ${names.join(', ')}.\n` +
        `Set ${names.length > 1 ? 'them' : 'it'} in ${envFile} or in the environment (after provisioning, the Agents Toolkit writes most of them).`,
    );
  }
}

export class InvalidManifestError extends Error {
  constructor(readonly problems: string[]) {
    super(`The filled manifest is not valid:\n  ${problems.join('\n  ')}`);
  }
}

/** dotenv-style: KEY=VALUE lines, # comments, optional `export `, optional single or double quotes. */
export function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!m) throw new Error(`Cannot read env line: ${raw}`);
    let value = m[2];
    const quoted = /^(["'])(.*)\1$/.exec(value);
    if (quoted) value = quoted[2];
    else value = value.replace(/\s+#.*$/, '').trim();
    out[m[1]] = value;
  }
  return out;
}

export const envFilePath = (env: string, envDir = ENV_DIR) => join(envDir, `.env.${env}`);

export function assertEnvName(env: string): void {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(env))
    throw new Error(`Environment name must be lower-case letters, digits and dashes: "${env}"`);
}

/** Values from the env file, with process.env (or the given overrides) taking precedence. */
export function loadEnv(
  env: string,
  opts: { envDir?: string; overrides?: Record<string, string | undefined> } = {},
): Record<string, string> {
  assertEnvName(env);
  const file = envFilePath(env, opts.envDir);
  if (!existsSync(file)) throw new Error(`No environment file ${file}`);
  const vars = parseEnvFile(readFileSync(file, 'utf8'));
  for (const [k, v] of Object.entries(opts.overrides ?? process.env)) if (v !== undefined) vars[k] = v;
  return vars;
}

export function placeholdersIn(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]))].sort();
}

/** Replaces placeholders in every string of a JSON value; returns the names that had no value. */
export function fillPlaceholders<T>(
  value: T,
  vars: Record<string, string>,
): { filled: T; missing: string[] } {
  const missing = new Set<string>();
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string')
      return v.replace(PLACEHOLDER, (whole, name: string) => {
        const val = vars[name];
        if (val === undefined || (val === '' && !MAY_BE_EMPTY.has(name))) {
          missing.add(name);
          return whole;
        }
        return val;
      });
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object')
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return { filled: walk(value) as T, missing: [...missing].sort() };
}

type Json = Record<string, any>;

const hostOf = (url: string): string | undefined => {
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
};

/** Rules Teams applies that the JSON schema cannot express. */
export function checkTeamsRules(m: Json): string[] {
  const problems: string[] = [];
  const text = JSON.stringify(m);
  for (const name of placeholdersIn(text)) problems.push(`placeholder \${{${name}}} left unfilled`);
  const domains = new Set<string>(m.validDomains ?? []);
  const urls: [string, string | undefined][] = [
    ['configurableTabs[0].configurationUrl', m.configurableTabs?.[0]?.configurationUrl],
    ...((m.staticTabs ?? []) as Json[]).flatMap((t, i): [string, string | undefined][] => [
      [`staticTabs[${i}].contentUrl`, t.contentUrl],
      [`staticTabs[${i}].websiteUrl`, t.websiteUrl],
    ]),
  ];
  for (const [where, url] of urls) {
    if (url === undefined) continue;
    const host = hostOf(url);
    if (!host) problems.push(`${where} is not a URL: ${url}`);
    else if (!domains.has(host)) problems.push(`${where} host ${host} is not in validDomains`);
  }
  const wai = m.webApplicationInfo;
  if (wai) {
    const m2 = /^api:\/\/([^/]+)\/(.+)$/.exec(wai.resource ?? '');
    if (!m2) problems.push('webApplicationInfo.resource must be api://<domain>/<client id>');
    else {
      if (!domains.has(m2[1]))
        problems.push(`webApplicationInfo.resource domain ${m2[1]} is not in validDomains`);
      if (m2[2] !== wai.id) problems.push('webApplicationInfo.resource must end with webApplicationInfo.id');
    }
  }
  for (const bot of (m.bots ?? []) as Json[]) {
    const seen = new Set<string>();
    for (const list of (bot.commandLists ?? []) as Json[]) {
      for (const scope of list.scopes as string[]) {
        if (seen.has(scope))
          problems.push(`bot command scope "${scope}" appears in more than one command list`);
        seen.add(scope);
        if (!(bot.scopes as string[]).includes(scope))
          problems.push(`command list scope "${scope}" is not a bot scope`);
      }
      const titles = (list.commands as Json[]).map((c) => c.title as string);
      if (new Set(titles).size !== titles.length)
        problems.push(`duplicate command titles in the ${list.scopes} list`);
    }
  }
  return problems;
}

export interface BuiltPackage {
  zipPath: string;
  manifestPath: string;
  manifest: Json;
}

export interface BuildOptions {
  env: string;
  envDir?: string;
  appPackageDir?: string;
  outDir?: string;
  /** Defaults to process.env. */
  overrides?: Record<string, string | undefined>;
}

// Fixed timestamp so that the same inputs give a byte-identical zip.
const ZIP_DATE = new Date(Date.UTC(2024, 0, 1));

export async function buildAppPackage(opts: BuildOptions): Promise<BuiltPackage> {
  const appPackageDir = opts.appPackageDir ?? APP_PACKAGE_DIR;
  const outDir = opts.outDir ?? BUILD_DIR;
  const vars = loadEnv(opts.env, { envDir: opts.envDir, overrides: opts.overrides });
  const template = JSON.parse(readFileSync(join(appPackageDir, 'manifest.json'), 'utf8')) as Json;
  // The command lists always come from the verb registry (the template holds a synced copy).
  for (const bot of (template.bots ?? []) as Json[]) bot.commandLists = commandLists();
  const { filled, missing } = fillPlaceholders(template, vars);
  if (missing.length) throw new UnfilledPlaceholdersError(missing, envFilePath(opts.env, opts.envDir));
  const problems = [...validateAgainstOfficialSchema(filled), ...checkTeamsRules(filled)];
  for (const icon of [filled.icons?.color, filled.icons?.outline] as string[])
    if (!existsSync(join(appPackageDir, icon)))
      problems.push(`icon file ${icon} is missing from ${appPackageDir}`);
  if (problems.length) throw new InvalidManifestError(problems);

  const manifestText = `${JSON.stringify(filled, null, 2)}\n`;
  const zip = new JSZip();
  zip.file('manifest.json', manifestText, { date: ZIP_DATE });
  zip.file(filled.icons.color, readFileSync(join(appPackageDir, filled.icons.color)), { date: ZIP_DATE });
  zip.file(filled.icons.outline, readFileSync(join(appPackageDir, filled.icons.outline)), { date: ZIP_DATE });
  const bytes = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', platform: 'UNIX' });

  mkdirSync(outDir, { recursive: true });
  const zipPath = join(outDir, `appPackage.${opts.env}.zip`);
  const manifestPath = join(outDir, `manifest.${opts.env}.json`);
  writeFileSync(zipPath, bytes);
  writeFileSync(manifestPath, manifestText);
  return { zipPath, manifestPath, manifest: filled };
}
