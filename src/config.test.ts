import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { ConfigError, loadConfig } from './config.js';

describe('configuration, read once at start-up', () => {
  it('defaults to the embedded store on port 3978 with development conveniences', () => {
    const c = loadConfig({});
    expect(c.PORT).toBe(3978);
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.botAuth).toBe(false);
    expect(c.devSignIn).toBe(true);
    expect(c.seedDemo).toBe(true);
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
    [{ NODE_ENV: 'production' }, 'DATA_ENCRYPTION_KEY'],
    [{ NODE_ENV: 'production', DATA_ENCRYPTION_KEY: 'a', DEV_SIGN_IN: 'on' }, 'DEV_SIGN_IN'],
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
      timeout: 30_000,
    });
    expect(r.status).toBe(78);
    expect(r.stderr).toContain('PORT');
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
  });
});
