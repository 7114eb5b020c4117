/**
 * What can be checked about the Azure templates here, without Azure and without the Bicep
 * compiler: the app settings against the app's configuration schema, secrets only through Key
 * Vault references, the parameter files against the template's parameters, module wiring, and
 * the toolkit lifecycle file against the files it names.
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import {
  blockAfter,
  checkBalanced,
  objectEntries,
  parseBicepparam,
  parseModules,
  parseOutputs,
  parseParams,
  read,
} from './bicep-text.js';

const INFRA = join(dirname(fileURLToPath(import.meta.url)), '..');
const ROOT = join(INFRA, '..');
const at = (...p: string[]) => join(INFRA, ...p);

const main = read(at('main.bicep'));
const mainParams = parseParams(main);
const appservice = read(at('modules', 'appservice.bicep'));
const secretNames = JSON.parse(read(at('secret-names.json'))) as Record<string, string>;
const ENVS = ['dev', 'prod'] as const;

/** Keys of the zod schema in src/config.ts, read from its text. */
function configKeys(): string[] {
  const text = read(join(ROOT, 'src', 'config.ts'));
  const body = blockAfter(text, /^const schema = z\.object\(\{$/);
  return [...objectEntries(body).keys()];
}

const appSettings = objectEntries(blockAfter(appservice, /^var appSettings = \{$/));
/** App Service's own settings, not the app's configuration. */
const PLATFORM_SETTINGS = new Set(['SCM_DO_BUILD_DURING_DEPLOYMENT']);
const SECRET_SETTINGS = ['DATABASE_URL', 'DATA_ENCRYPTION_KEY', 'AUDIT_MAC_KEY', 'MicrosoftAppPassword'];
/** The configuration names the deployment must set (issue 9). */
const PRODUCTION_SETTINGS = [
  'NODE_ENV',
  'PORT',
  'PUBLIC_BASE_URL',
  'DATABASE_URL',
  'DATA_ENCRYPTION_KEY',
  'AUDIT_MAC_KEY',
  'MicrosoftAppId',
  'MicrosoftAppPassword',
  'MicrosoftAppType',
  'MicrosoftAppTenantId',
  'ALLOWED_TENANT_IDS',
  'ENTRA_AUTHORITY_HOST',
  'GRAPH_BASE_URL',
  'TEAMS_APP_ID',
  'LOG_LEVEL',
  'REMINDER_HOUR_UTC',
  'APPLICATIONINSIGHTS_CONNECTION_STRING',
];

describe('App Service settings', () => {
  it('finds the configuration keys of src/config.ts', () => {
    const keys = configKeys();
    expect(keys).toContain('MicrosoftAppId');
    expect(keys).toContain('DATA_ENCRYPTION_KEY');
    expect(keys.length).toBeGreaterThanOrEqual(16);
  });

  it('uses only configuration keys the app reads (plus named App Service platform settings)', () => {
    const keys = new Set(configKeys());
    const unknown = [...appSettings.keys()].filter((k) => !keys.has(k) && !PLATFORM_SETTINGS.has(k));
    expect(unknown).toEqual([]);
  });

  it('sets every setting production needs', () => {
    for (const name of PRODUCTION_SETTINGS) expect([...appSettings.keys()], name).toContain(name);
    expect(appSettings.get('NODE_ENV')).toBe("'production'");
    expect(appSettings.get('MicrosoftAppType')).toBe("'SingleTenant'");
    // Development conveniences are explicitly off.
    expect(appSettings.get('DEV_SIGN_IN')).toBe("'off'");
    expect(appSettings.get('SEED_DEMO')).toBe("'off'");
  });

  it('takes every secret from Key Vault, by a reference, never a value', () => {
    expect(appservice).toMatch(
      /^var kvRef = '@Microsoft\.KeyVault\(VaultName=\$\{keyVaultName\};SecretName='$/m,
    );
    const bySetting: Record<string, string> = {
      DATABASE_URL: secretNames.databaseUrl,
      DATA_ENCRYPTION_KEY: secretNames.dataEncryptionKey,
      AUDIT_MAC_KEY: secretNames.auditMacKey,
      MicrosoftAppPassword: secretNames.botAppPassword,
    };
    for (const name of SECRET_SETTINGS) {
      const key = Object.entries(secretNames).find(([, v]) => v === bySetting[name])![0];
      expect(appSettings.get(name), name).toBe(`'\${kvRef}\${names.${key}})'`);
    }
    // No other setting is fed from a secure parameter.
    const secureParams = [...mainParams.values()].filter((p) => p.secure).map((p) => p.name);
    expect(secureParams.sort()).toEqual(['botAadAppClientSecret', 'postgresAdminPassword']);
    for (const [name, value] of appSettings)
      if (!SECRET_SETTINGS.includes(name)) expect(value, name).not.toMatch(/password|secret|kvRef/i);
  });

  it('would start the app in production: the settings pass src/config.ts validation', () => {
    // Literal values as written; expressions stand in for what Azure resolves them to.
    const resolved: Record<string, string> = {
      PUBLIC_BASE_URL: 'https://marac-prod-abc123.azurewebsites.net',
      DATABASE_URL:
        'postgresql://maracadmin:pw@marac-prod-pg-abc123.postgres.database.azure.com:5432/marac?sslmode=require',
      DATA_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
      AUDIT_MAC_KEY: Buffer.alloc(32, 9).toString('base64'),
      MicrosoftAppId: '6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b',
      MicrosoftAppPassword: 'from-key-vault',
      MicrosoftAppTenantId: '11111111-2222-4333-8444-555555555555',
      ALLOWED_TENANT_IDS: '11111111-2222-4333-8444-555555555555',
      BOOTSTRAP_ADMIN_OBJECT_IDS: '0a0a0a0a-0000-4000-8000-000000000001',
      ENTRA_AUTHORITY_HOST: mainParams.get('entraAuthorityHost')!.default!.slice(1, -1),
      GRAPH_BASE_URL: mainParams.get('graphBaseUrl')!.default!.slice(1, -1),
      TEAMS_APP_ID: '0d7a4a7e-3c1b-4a53-9f7e-1c2d3e4f5a6b',
      LOG_LEVEL: mainParams.get('logLevel')!.default!.slice(1, -1),
      REMINDER_HOUR_UTC: mainParams.get('reminderHourUtc')!.default!,
      APPLICATIONINSIGHTS_CONNECTION_STRING: 'InstrumentationKey=00000000-0000-0000-0000-000000000000',
    };
    const env: Record<string, string> = {};
    for (const [name, value] of appSettings) {
      if (PLATFORM_SETTINGS.has(name)) continue;
      const literal = /^'([^'$]*)'$/.exec(value);
      env[name] = literal ? literal[1] : resolved[name];
      expect(env[name], `no stand-in for ${name} = ${value}`).toBeDefined();
    }
    const config = loadConfig(env);
    expect(config.NODE_ENV).toBe('production');
    expect(config.botAuth).toBe(true);
    expect(config.devSignIn).toBe(false);
    expect(config.seedDemo).toBe(false);
    expect(config.DATABASE_URL).toMatch(/^postgresql:\/\//);
    expect(config.PORT).toBe(8080);
  });

  it('runs Node LTS on Linux with a managed identity, always on, health-checked at /healthz, scaled by a parameter', () => {
    expect(appservice).toMatch(/healthCheckPath: '\/healthz'/);
    expect(appservice).toMatch(/alwaysOn: true/);
    expect(appservice).toMatch(/type: 'SystemAssigned'/);
    expect(appservice).toMatch(/keyVaultReferenceIdentity: 'SystemAssigned'/);
    expect(appservice).toMatch(/linuxFxVersion: 'NODE\|\$\{nodeVersion\}'/);
    expect(appservice).toMatch(/reserved: true/);
    expect(appservice).toMatch(/capacity: instanceCount/);
    expect(appservice).toMatch(/httpsOnly: true/);
    expect(mainParams.get('nodeVersion')!.default).toBe("'20-lts'");
    expect(Number(mainParams.get('instanceCount')!.default)).toBeGreaterThanOrEqual(2);
    // Key Vault Secrets User (read only) for the web app's identity.
    expect(appservice).toMatch(/4633458b-17de-408a-b874-0445c86b69e6/);
    expect(appservice).toMatch(/principalId: site\.identity\.principalId/);
  });
});

describe('the other resources', () => {
  it('registers a single-tenant Azure Bot at https://<host>/api/messages with the Teams channel', () => {
    const bot = read(at('modules', 'bot.bicep'));
    expect(bot).toMatch(/msaAppType: 'SingleTenant'/);
    expect(bot).toMatch(/endpoint: 'https:\/\/\$\{host\}\/api\/messages'/);
    expect(bot).toMatch(/name: 'MsTeamsChannel'/);
    expect(main).toMatch(/host: web\.outputs\.publicHost/);
  });

  it('keeps point-in-time backups on PostgreSQL and writes the secrets the app settings reference', () => {
    const pg = read(at('modules', 'postgres.bicep'));
    expect(pg).toMatch(/backupRetentionDays: backupRetentionDays/);
    expect(mainParams.get('postgresBackupRetentionDays')!.maxValue).toBe(35);
    const kv = read(at('modules', 'keyvault.bicep'));
    expect(kv).toMatch(/enableRbacAuthorization: true/);
    expect(kv).toMatch(/name: names\.botAppPassword/);
    expect(kv).toMatch(/name: names\.databaseUrl/);
    // The data encryption key is never written by a deployment (it would make sealed data unreadable) ...
    expect(kv).not.toMatch(/names\.dataEncryptionKey/);
    // ... but created once by the provision step, only when absent.
    const yml = read(join(ROOT, 'teamsapp.yml'));
    expect(yml).toContain(`--name ${secretNames.dataEncryptionKey}`);
    expect(yml).toContain(`[?name=='${secretNames.dataEncryptionKey}']`);
    expect(kv).not.toMatch(/names\.auditMacKey/);
    expect(yml).toContain(`--name ${secretNames.auditMacKey}`);
  });

  for (const file of ['main.bicep', ...readdirSync(at('modules')).map((f) => join('modules', f))]) {
    it(`${file}: brackets and strings balance`, () => {
      expect(checkBalanced(read(at(file)))).toBeUndefined();
    });
  }

  it('passes every module exactly the parameters it declares, and reads only outputs it has', () => {
    for (const mod of parseModules(main)) {
      const text = read(at(mod.path));
      const declared = parseParams(text);
      const passed = [...mod.params.keys()];
      expect(
        passed.filter((p) => !declared.has(p)),
        `${mod.path}: unknown params`,
      ).toEqual([]);
      const required = [...declared.values()].filter((p) => !p.hasDefault).map((p) => p.name);
      expect(
        required.filter((p) => !passed.includes(p)),
        `${mod.path}: missing params`,
      ).toEqual([]);
      const outputs = parseOutputs(text);
      for (const m of main.matchAll(new RegExp(`\\b${mod.symbol}\\.outputs\\.(\\w+)`, 'g')))
        expect(outputs, `${mod.symbol}.outputs.${m[1]}`).toContain(m[1]);
      for (const m of text.matchAll(/loadJsonContent\('([^']+)'\)/g))
        expect(existsSync(join(dirname(at(mod.path)), m[1]))).toBe(true);
    }
    expect(
      parseModules(main)
        .map((m) => m.symbol)
        .sort(),
    ).toEqual(['bot', 'keyVault', 'monitoring', 'network', 'postgres', 'web']);
  });
});

describe('parameter files', () => {
  const required = [...mainParams.values()].filter((p) => !p.hasDefault).map((p) => p.name);

  it('main.bicep has the expected required parameters', () => {
    expect(required.sort()).toEqual(
      [
        'botAadAppClientId',
        'botAadAppClientSecret',
        'environmentName',
        'postgresAdminPassword',
        'resourceBaseName',
        'teamsAppId',
      ].sort(),
    );
  });

  for (const env of ENVS) {
    const json = JSON.parse(read(at(`main.parameters.${env}.json`))).parameters as Record<
      string,
      { value: unknown }
    >;
    const bp = parseBicepparam(read(at(`main.${env}.bicepparam`)));
    const envFile = read(join(ROOT, 'manifest', 'env', `.env.${env}`));

    it(`${env}: both files cover every parameter without a default, and name no unknown one`, () => {
      expect(bp.using).toBe('./main.bicep');
      for (const names of [Object.keys(json), [...bp.values.keys()]]) {
        for (const p of required) expect(names, p).toContain(p);
        expect(names.filter((n) => !mainParams.has(n))).toEqual([]);
      }
      expect(json.environmentName.value).toBe(env);
    });

    it(`${env}: the toolkit JSON and the .bicepparam say the same thing`, () => {
      expect([...bp.values.keys()].sort()).toEqual(Object.keys(json).sort());
      for (const [name, { value }] of Object.entries(json)) {
        const b = bp.values.get(name)!;
        const placeholder = typeof value === 'string' ? /^\$\{\{(\w+)\}\}$/.exec(value) : null;
        if (placeholder)
          expect(b, name).toMatch(
            new RegExp(`^readEnvironmentVariable\\('${placeholder[1]}'(, '[^']*')?\\)$`),
          );
        else if (typeof value === 'string') expect(b, name).toBe(`'${value}'`);
        else expect(b, name).toBe(String(value));
      }
    });

    it(`${env}: secure parameters come from SECRET_* variables, never a value in the repo`, () => {
      for (const p of [...mainParams.values()].filter((x) => x.secure)) {
        expect(json[p.name].value, p.name).toMatch(/^\$\{\{SECRET_\w+\}\}$/);
        expect(bp.values.get(p.name), p.name).toMatch(/^readEnvironmentVariable\('SECRET_\w+'\)$/);
      }
    });

    it(`${env}: non-secret variables are named in manifest/env/.env.${env}; secrets are not`, () => {
      for (const { value } of Object.values(json)) {
        const m = typeof value === 'string' ? /^\$\{\{(\w+)\}\}$/.exec(value) : null;
        if (!m) continue;
        if (m[1].startsWith('SECRET_')) expect(envFile).not.toMatch(new RegExp(`^${m[1]}=`, 'm'));
        else expect(envFile).toMatch(new RegExp(`^${m[1]}=`, 'm'));
      }
    });

    it(`${env}: literal values respect @allowed, @minValue and @maxValue`, () => {
      for (const [name, { value }] of Object.entries(json)) {
        const p = mainParams.get(name)!;
        if (typeof value === 'string' && !value.startsWith('${{') && p.allowed)
          expect(p.allowed, name).toContain(value);
        if (typeof value === 'number') {
          expect(p.type, name).toBe('int');
          if (p.minValue !== undefined) expect(value, name).toBeGreaterThanOrEqual(p.minValue);
          if (p.maxValue !== undefined) expect(value, name).toBeLessThanOrEqual(p.maxValue);
        }
        if (typeof value === 'boolean') expect(p.type, name).toBe('bool');
      }
    });
  }

  it('prod is built for production: several instances, private database access, HA, long backups, purge protection', () => {
    const prod = JSON.parse(read(at('main.parameters.prod.json'))).parameters;
    expect(prod.instanceCount.value).toBeGreaterThanOrEqual(2);
    expect(prod.privateNetworking.value).toBe(true);
    expect(prod.postgresHighAvailability.value).toBe('ZoneRedundant');
    expect(prod.postgresTier.value).not.toBe('Burstable'); // HA is not offered on Burstable
    expect(prod.postgresBackupRetentionDays.value).toBe(35);
    expect(prod.keyVaultPurgeProtection.value).toBe(true);
  });
});

describe('teamsapp.yml and the Entra app manifest', () => {
  const yml = read(join(ROOT, 'teamsapp.yml'));
  const stage = (name: string) => {
    const m = new RegExp(`^${name}:\\n([\\s\\S]*?)(?=^\\w+:|$(?![\\s\\S]))`, 'm').exec(yml);
    return [...(m?.[1] ?? '').matchAll(/^\s+- uses: (\S+)/gm)].map((x) => x[1]);
  };

  it('provisions, deploys and publishes with the expected actions', () => {
    expect(stage('provision')).toEqual([
      'aadApp/create',
      'script',
      'teamsApp/create',
      'arm/deploy',
      'script',
      'script',
      'aadApp/update',
      'teamsApp/validateManifest',
      'teamsApp/zipAppPackage',
      'teamsApp/validateAppPackage',
      'teamsApp/update',
    ]);
    expect(stage('deploy')).toEqual(['cli/runNpmCommand', 'cli/runNpmCommand', 'azureAppService/zipDeploy']);
    expect(stage('publish')).toContain('teamsApp/publishAppPackage');
    expect(yml).toMatch(/signInAudience: AzureADMyOrg/);
    expect(yml).toMatch(/args: ci$/m);
  });

  it('names only files that exist', () => {
    expect(yml).toMatch(/^environmentFolderPath: \.\/manifest\/env$/m);
    for (const m of yml.matchAll(/(?:path|manifestPath|parameters|ignoreFile): (\.\/\S+)/g)) {
      const paths = m[1].includes('${{TEAMSFX_ENV}}')
        ? ENVS.map((e) => m[1].replace('${{TEAMSFX_ENV}}', e))
        : [m[1]];
      for (const p of paths) expect(existsSync(join(ROOT, p)), p).toBe(true);
    }
  });

  it('every ${{VAR}} the lifecycle uses is in the env files, written by an earlier action, or a toolkit built-in', () => {
    const written = new Set([...yml.matchAll(/^\s+\w+: ([A-Z][A-Z0-9_]+)$/gm)].map((m) => m[1]));
    for (const m of yml.matchAll(/::set-teamsfx-env (\w+)=/g)) written.add(m[1]);
    for (const o of parseOutputs(main)) written.add(o);
    const builtIn = new Set(['TEAMSFX_ENV', 'AZURE_SUBSCRIPTION_ID', 'AZURE_RESOURCE_GROUP_NAME']);
    for (const env of ENVS) {
      const envFile = read(join(ROOT, 'manifest', 'env', `.env.${env}`));
      for (const m of yml.matchAll(/\$\{\{(\w+)\}\}/g)) {
        const v = m[1];
        const ok = builtIn.has(v) || written.has(v) || new RegExp(`^${v}=`, 'm').test(envFile);
        expect(ok, `${v} (${env})`).toBe(true);
      }
    }
  });

  it('the Entra app exposes access_as_user at api://<domain>/<client id> to the Teams clients and asks for the Graph permissions', () => {
    const aad = JSON.parse(read(at('entra', 'aad.manifest.json')));
    expect(aad.signInAudience).toBe('AzureADMyOrg');
    expect(aad.identifierUris).toEqual(['api://${{TAB_DOMAIN}}/${{AAD_APP_CLIENT_ID}}']);
    const manifest = JSON.parse(read(join(ROOT, 'manifest', 'appPackage', 'manifest.json')));
    expect(aad.identifierUris[0]).toBe(manifest.webApplicationInfo.resource);
    expect(manifest.webApplicationInfo.id).toBe(aad.appId);
    expect(aad.oauth2Permissions.map((p: { value: string }) => p.value)).toEqual(['access_as_user']);
    expect(aad.preAuthorizedApplications.map((p: { appId: string }) => p.appId).sort()).toEqual(
      ['1fec8e78-bce4-4aaf-ab1b-5451cc387264', '5e3ce6c0-2b1f-4285-8d4b-75ee78787346'].sort(),
    );
    const graph = aad.requiredResourceAccess.find(
      (r: { resourceAppId: string }) => r.resourceAppId === 'Microsoft Graph',
    );
    const byType = (t: string) =>
      graph.resourceAccess
        .filter((a: { type: string }) => a.type === t)
        .map((a: { id: string }) => a.id)
        .sort();
    expect(byType('Role')).toEqual(
      [
        'OnlineMeetings.ReadWrite.All',
        'Calendars.ReadWrite',
        'TeamsAppInstallation.ReadWriteForChat.All',
        'User.Read.All',
        'OnlineMeetingArtifact.Read.All',
        'TeamsActivity.Send',
      ].sort(),
    );
    expect(byType('Scope')).toEqual(['User.Read', 'offline_access', 'openid', 'profile'].sort());
  });
});
