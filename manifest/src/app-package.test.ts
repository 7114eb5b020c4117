import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import {
  buildAppPackage,
  checkTeamsRules,
  fillPlaceholders,
  PACKAGE_FILES,
  parseEnvFile,
  placeholdersIn,
  UnfilledPlaceholdersError,
} from './app-package.js';
import { decodePng } from './png.js';
import { CHAT_VERBS } from '@marac/core/verbs';
import { commandLists } from './commands.js';
import {
  formatErrors,
  loadOfficialSchema,
  schemaPath,
  validateAgainstOfficialSchema,
  validatorFor,
} from './schema.js';
import { APP_PACKAGE_DIR, ENV_DIR, MANIFEST_ROOT } from './paths.js';

const run = promisify(execFile);
const out = mkdtempSync(join(tmpdir(), 'marac-manifest-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const templateText = readFileSync(join(APP_PACKAGE_DIR, 'manifest.json'), 'utf8');
const template = JSON.parse(templateText);

/** What provisioning would write: fictional but well-formed. */
const VALUES = {
  TEAMS_APP_ID: '0d7a4a7e-3c1b-4a53-9f7e-1c2d3e4f5a6b',
  BOT_ID: '6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b',
  AAD_APP_CLIENT_ID: '6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b',
  TAB_DOMAIN: 'marac-dev-app.azurewebsites.net',
  TAB_ENDPOINT: 'https://marac-dev-app.azurewebsites.net',
  DEVELOPER_WEBSITE_URL: 'https://www.example.gov.uk/marac',
  PRIVACY_URL: 'https://www.example.gov.uk/marac/privacy',
  TERMS_OF_USE_URL: 'https://www.example.gov.uk/marac/terms',
};

describe('the Teams app package', () => {
  it('is built for dev from the env file plus overrides, and holds exactly manifest.json and the two icons', async () => {
    const built = await buildAppPackage({ env: 'dev', outDir: out, overrides: VALUES });
    expect(built.zipPath).toBe(join(out, 'appPackage.dev.zip'));
    const zip = await JSZip.loadAsync(readFileSync(built.zipPath));
    const names = Object.keys(zip.files).filter((n) => !zip.files[n].dir);
    expect(names.sort()).toEqual([...PACKAGE_FILES].sort());

    const manifest = JSON.parse(await zip.file('manifest.json')!.async('string'));
    const text = JSON.stringify(manifest);
    expect(text).not.toMatch(/\$\{\{/); // every placeholder filled
    for (const name of placeholdersIn(templateText))
      expect(name in VALUES || name === 'APP_NAME_SUFFIX').toBe(true);
    expect(manifest.id).toBe(VALUES.TEAMS_APP_ID);
    expect(manifest.bots[0].botId).toBe(VALUES.BOT_ID);
    expect(manifest.name.short).toBe('MARAC (dev)'); // APP_NAME_SUFFIX from manifest/env/.env.dev
    expect(manifest.configurableTabs[0].configurationUrl).toBe(`${VALUES.TAB_ENDPOINT}/config`);
    expect(manifest.webApplicationInfo).toEqual({
      id: VALUES.AAD_APP_CLIENT_ID,
      resource: `api://${VALUES.TAB_DOMAIN}/${VALUES.AAD_APP_CLIENT_ID}`,
    });
    expect(manifest.validDomains).toEqual([VALUES.TAB_DOMAIN]);

    // The zipped icons are the committed ones, with the sizes Teams requires.
    const color = decodePng(await zip.file('color.png')!.async('uint8array'));
    const outline = decodePng(await zip.file('outline.png')!.async('uint8array'));
    expect([color.width, color.height, outline.width, outline.height]).toEqual([192, 192, 32, 32]);
  });

  it('validates against the official Teams manifest schema shipped in @microsoft/app-manifest', async () => {
    const built = await buildAppPackage({ env: 'dev', outDir: out, overrides: VALUES });
    const manifest = JSON.parse(readFileSync(built.manifestPath, 'utf8'));
    // The schema is the one for the manifest's own version, read from node_modules, not fetched.
    expect(schemaPath(manifest.manifestVersion)).toContain(
      join(
        'node_modules',
        '@microsoft',
        'app-manifest',
        'build',
        'json-schemas',
        'teams',
        `v${manifest.manifestVersion}`,
      ),
    );
    const schema = loadOfficialSchema(manifest.manifestVersion) as any;
    expect(schema.$schema).toBe('http://json-schema.org/draft-04/schema#');
    expect(schema.properties.manifestVersion.const).toBe(manifest.manifestVersion);
    expect(manifest.$schema).toBe(
      `https://developer.microsoft.com/json-schemas/teams/v${manifest.manifestVersion}/MicrosoftTeams.schema.json`,
    );
    expect(Number(manifest.manifestVersion)).toBeGreaterThanOrEqual(1.19);
    expect(validateAgainstOfficialSchema(manifest)).toEqual([]);
    expect(checkTeamsRules(manifest)).toEqual([]);
  });

  it('the validator really enforces the schema (a command list over the limit, a wrong RSC type, a bad version)', async () => {
    const { manifest } = await buildAppPackage({ env: 'dev', outDir: out, overrides: VALUES });
    const tooMany = structuredClone(manifest);
    const list = tooMany.bots[0].commandLists[0];
    list.commands.push({ title: 'one more', description: 'over the limit' });
    expect(validateAgainstOfficialSchema(tooMany).join('\n')).toMatch(
      /commandLists\/0\/commands must NOT have more than 10 items/,
    );

    const badRsc = structuredClone(manifest);
    badRsc.authorization.permissions.resourceSpecific[0].type = 'Admin';
    expect(validateAgainstOfficialSchema(badRsc).join('\n')).toMatch(/resourceSpecific\/0\/type/);

    const validate = validatorFor(manifest.manifestVersion);
    expect(validate({ ...manifest, manifestVersion: '1.21' })).toBe(false);
    expect(formatErrors(validate.errors).join('\n')).toMatch(/manifestVersion must be equal to constant/);
  });

  it('declares what the meeting needs: bot scopes and chair commands, meeting tab contexts, personal tab, RSC', async () => {
    const { manifest } = await buildAppPackage({ env: 'dev', outDir: out, overrides: VALUES });
    const bot = manifest.bots[0];
    expect(bot.scopes.sort()).toEqual(['groupChat', 'personal', 'team']);
    for (const scope of ['groupChat', 'team']) {
      const cmds = bot.commandLists.find((l: any) => l.scopes.includes(scope)).commands as {
        title: string;
        description: string;
      }[];
      // Ten titles at most per list (schema); every typed verb of the registry is at least named.
      const words = cmds.map((c) => `${c.title} ${c.description}`).join(' | ');
      for (const v of CHAT_VERBS)
        expect(words, `${scope} list mentions "${v.words[0]}"`).toContain(v.words[0]);
    }
    // The template the Agents Toolkit zips as it is carries the same lists (`npm run commands -w manifest`).
    const template = JSON.parse(readFileSync(join(APP_PACKAGE_DIR, 'manifest.json'), 'utf8'));
    expect(
      template.bots[0].commandLists,
      'manifest template is out of date: npm run commands -w manifest',
    ).toEqual(commandLists());
    const tab = manifest.configurableTabs[0];
    expect(tab.context.sort()).toEqual([
      'meetingChatTab',
      'meetingDetailsTab',
      'meetingSidePanel',
      'meetingStage',
    ]);
    expect(tab.scopes.sort()).toEqual(['groupChat', 'team']);
    expect(tab.canUpdateConfiguration).toBe(true);
    expect(manifest.staticTabs.find((t: any) => t.entityId === 'home').contentUrl).toBe(
      `${VALUES.TAB_ENDPOINT}/`,
    );
    const rsc = Object.fromEntries(
      manifest.authorization.permissions.resourceSpecific.map((p: any) => [p.name, p.type]),
    );
    expect(rsc).toEqual({
      'ChatMessage.Read.Chat': 'Application',
      'OnlineMeeting.ReadBasic.Chat': 'Application',
      'OnlineMeetingParticipant.Read.Chat': 'Application',
      'OnlineMeetingNotification.Send.Chat': 'Application',
      'MeetingStage.Write.Chat': 'Delegated',
    });
  });

  it('refuses to build, naming every placeholder without a value, and writes nothing', async () => {
    const outDir = join(out, 'refused');
    const partial = { ...VALUES, BOT_ID: '', TAB_DOMAIN: undefined } as Record<string, string | undefined>;
    const attempt = buildAppPackage({ env: 'prod', outDir, overrides: partial });
    await expect(attempt).rejects.toBeInstanceOf(UnfilledPlaceholdersError);
    await expect(attempt).rejects.toThrow(/BOT_ID, TAB_DOMAIN/);
    expect(existsSync(join(outDir, 'appPackage.prod.zip'))).toBe(false);
  });

  it('allows an empty name suffix (prod) but no other empty value', () => {
    const { filled, missing } = fillPlaceholders(
      { a: 'MARAC${{APP_NAME_SUFFIX}}', b: '${{ BOT_ID }}' },
      { APP_NAME_SUFFIX: '', BOT_ID: '' },
    );
    expect(filled.a).toBe('MARAC');
    expect(missing).toEqual(['BOT_ID']);
  });

  it('npm run package works from the command line and fails naming what is missing', async () => {
    const tsx = join(MANIFEST_ROOT, '..', 'node_modules', '.bin', 'tsx');
    const ok = await run(tsx, ['src/package.ts', '--env', 'prod', '--out', join(out, 'cli')], {
      cwd: MANIFEST_ROOT,
      env: { ...process.env, ...VALUES },
    });
    expect(ok.stdout).toMatch(/appPackage\.prod\.zip/);
    expect(existsSync(join(out, 'cli', 'appPackage.prod.zip'))).toBe(true);

    const env = { ...process.env, ...VALUES, TEAMS_APP_ID: '' };
    const failed = await run(tsx, ['src/package.ts', '--env', 'prod', '--out', join(out, 'cli2')], {
      cwd: MANIFEST_ROOT,
      env,
    }).catch((e: { code: number; stderr: string }) => e);
    expect((failed as { code: number }).code).toBe(1);
    expect((failed as { stderr: string }).stderr).toMatch(/needs a value for: TEAMS_APP_ID/);
  });
});

describe('the environment files', () => {
  for (const env of ['dev', 'prod']) {
    const text = readFileSync(join(ENV_DIR, `.env.${env}`), 'utf8');
    const vars = parseEnvFile(text);

    it(`.env.${env} names every placeholder the manifest uses`, () => {
      for (const name of placeholdersIn(templateText)) expect(Object.keys(vars), name).toContain(name);
      expect(vars.TEAMSFX_ENV).toBe(env);
    });

    it(`.env.${env} holds no secrets`, () => {
      for (const [k, v] of Object.entries(vars)) {
        expect(k, 'secrets belong in the gitignored .env.*.user file').not.toMatch(
          /^SECRET_|PASSWORD|CLIENT_SECRET|_KEY$/,
        );
        expect(v, k).not.toMatch(/[A-Za-z0-9+/]{40,}/); // nothing that looks like a key or token
      }
    });
  }

  it('parses quotes, comments and export', () => {
    expect(parseEnvFile('# c\nexport A=1\nB=" x "\nC=y # note\nD=\n')).toEqual({
      A: '1',
      B: ' x ',
      C: 'y',
      D: '',
    });
  });

  it('the template only uses the documented placeholders', () => {
    expect(placeholdersIn(templateText)).toEqual(
      [
        'AAD_APP_CLIENT_ID',
        'APP_NAME_SUFFIX',
        'BOT_ID',
        'DEVELOPER_WEBSITE_URL',
        'PRIVACY_URL',
        'TAB_DOMAIN',
        'TAB_ENDPOINT',
        'TEAMS_APP_ID',
        'TERMS_OF_USE_URL',
      ].sort(),
    );
    expect(template.icons).toEqual({ color: 'color.png', outline: 'outline.png' });
  });
});
