import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { ConfigError, loadConfig } from './config.js';

const APP_ID = '6b3f1d2e-8c4a-4f7e-9a1b-2c3d4e5f6a7b';
const PROD_BOT = {
  NODE_ENV: 'production',
  AUDIT_MAC_KEY: Buffer.alloc(32, 1).toString('base64'),
  MicrosoftAppId: APP_ID,
  MicrosoftAppPassword: 'x',
  MicrosoftAppType: 'MultiTenant',
};

describe('configuration, read once at start-up', () => {
  it('defaults to the embedded store on port 3978 with development conveniences', () => {
    const c = loadConfig({});
    expect(c.PORT).toBe(3978);
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.botAuth).toBe(false);
    expect(c.devSignIn).toBe(true);
    expect(c.seedDemo).toBe(true);
    expect(c.host).toBe('127.0.0.1');
    expect(c.bootstrapAdminIds).toEqual([]);
  });

  it('listens on every interface in production, or where HOST says', () => {
    expect(loadConfig({ ...PROD_BOT, DATA_ENCRYPTION_KEY: 'a' }).host).toBe('0.0.0.0');
    expect(loadConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(
      loadConfig({
        ...PROD_BOT,
        DATA_ENCRYPTION_KEY: 'a',
        MicrosoftAppType: 'UserAssignedMSI',
        MicrosoftAppPassword: undefined,
      }).botAuth,
    ).toBe(true);
  });

  it('reads the bootstrap administrators', () => {
    const ids = ' 0A0A0A0A-0000-4000-8000-000000000001, 0a0a0a0a-0000-4000-8000-000000000002';
    expect(loadConfig({ BOOTSTRAP_ADMIN_OBJECT_IDS: ids }).bootstrapAdminIds).toEqual([
      '0a0a0a0a-0000-4000-8000-000000000001',
      '0a0a0a0a-0000-4000-8000-000000000002',
    ]);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ MicrosoftAppId: 'not-a-guid' }, 'MicrosoftAppId'],
    [{ MicrosoftAppId: '6b3f1d2e-8c4a-4f7e-9a1b-2c3d4e5f6a7b' }, 'MicrosoftAppPassword'],
    [
      { MicrosoftAppId: '6b3f1d2e-8c4a-4f7e-9a1b-2c3d4e5f6a7b', MicrosoftAppPassword: 'x' },
      'MicrosoftAppTenantId',
    ],
    [{ NODE_ENV: 'production' }, 'MicrosoftAppId'],
    [{ NODE_ENV: 'production', MicrosoftAppId: APP_ID }, 'MicrosoftAppPassword'],
    [{ ...PROD_BOT }, 'DATA_ENCRYPTION_KEY'],
    [{ ...PROD_BOT, AUDIT_MAC_KEY: '', DATA_ENCRYPTION_KEY: 'a' }, 'AUDIT_MAC_KEY'],
    [{ ...PROD_BOT, DATA_ENCRYPTION_KEY: 'a', DEV_SIGN_IN: 'on' }, 'DEV_SIGN_IN'],
    [{ BOOTSTRAP_ADMIN_OBJECT_IDS: 'ada@example.org' }, 'BOOTSTRAP_ADMIN_OBJECT_IDS'],
  ])('refuses %o naming %s', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(name));
  });

  it('never allows development sign-in with a bot app id configured', () => {
    const c = loadConfig({
      MicrosoftAppId: '6b3f1d2e-8c4a-4f7e-9a1b-2c3d4e5f6a7b',
      MicrosoftAppPassword: 'x',
      MicrosoftAppType: 'MultiTenant',
    });
    expect(c.botAuth).toBe(true);
    expect(c.devSignIn).toBe(false);
  });

  it('stops `npm start` with the message, not a stack trace', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: { ...process.env, PORT: 'eighty' },
      encoding: 'utf8',
      // Loading the whole app through tsx takes a while on a loaded machine; the exit code is what counts.
      timeout: 110_000,
    });
    expect(r.status).toBe(78);
    expect(r.stderr).toContain('PORT');
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
  }, 120_000);

  it('refuses to start in production without the bot app id, exiting non-zero and naming it', () => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'production',
      DATA_ENCRYPTION_KEY: 'a',
      AUDIT_MAC_KEY: 'a',
    };
    delete env.MicrosoftAppId;
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env,
      encoding: 'utf8',
      // Loading the whole app through tsx takes a while on a loaded machine; the exit code is what counts.
      timeout: 110_000,
    });
    expect(r.status).toBe(78);
    expect(r.stderr).toContain('MicrosoftAppId: required in production');
  }, 120_000);
});
