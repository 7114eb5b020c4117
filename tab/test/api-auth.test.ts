import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAadObjectId } from '@marac/core';
import { startEntraStandIn, type EntraStandIn } from '../../testing/entra-standin.js';
import { startTabServer, type TabServer } from './support/tab-server.js';

describe('tab API: development sign-in', () => {
  let t: TabServer;
  beforeAll(async () => {
    t = await startTabServer();
  });
  afterAll(() => t?.close());

  it('needs a sign-in for every API call', async () => {
    const r = await t.call('GET', '/api/meetings');
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('sign-in-required');
    expect((await t.call('GET', '/api/meetings', { token: 'not-a-jwt' })).status).toBe(401);
  });

  it('lists demo people and signs one in with a short-lived token', async () => {
    const people = await t.call('GET', '/api/dev/people');
    expect(people.body.map((p: { displayName: string }) => p.displayName)).toContain('Cara Coordinator');
    const token = await t.signIn('p-coordinator');
    const me = await t.call('GET', '/api/me', { token });
    expect(me.body).toMatchObject({ displayName: 'Cara Coordinator', roles: ['coordinator'] });
    expect(t.logs.some((l) => l.level === 'warn' && String(l.args.at(-1)).includes('DEVELOPMENT'))).toBe(
      true,
    );
  });

  it('answers 401 token-expired once the token has run out', async () => {
    const token = await t.signIn('p-chair');
    t.clock.advance(31 * 60_000);
    const r = await t.call('GET', '/api/me', { token });
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('token-expired');
  });

  it('refuses oversize JSON bodies with 413 and bad JSON with 400', async () => {
    const token = await t.signIn('p-coordinator');
    const big = JSON.stringify({ areaId: 'x'.repeat(200_000) });
    expect((await t.call('POST', '/api/meetings', { token, raw: big })).status).toBe(413);
    expect((await t.call('POST', '/api/meetings', { token, raw: '{"areaId":' })).status).toBe(400);
  });

  it('leaves /api/messages to the bot and serves the client for its routes', async () => {
    expect((await t.call('POST', '/api/messages', { body: {} })).body).toEqual({ bot: true });
    const page = await fetch(`${t.url}/meetings/m-demo`, { headers: { Accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    expect(page.headers.get('content-security-policy')).toContain('frame-ancestors');
    const token = await t.signIn('p-coordinator');
    expect((await t.call('GET', '/api/nothing-here', { token })).status).toBe(404);
  });
});

describe('tab API: Teams SSO (Entra access tokens)', () => {
  let entra: EntraStandIn;
  let t: TabServer;
  beforeAll(async () => {
    entra = await startEntraStandIn({ protocol: 'http' });
    t = await startTabServer({
      env: {
        MicrosoftAppId: entra.clientId,
        MicrosoftAppPassword: 'unused',
        MicrosoftAppTenantId: entra.tenantId,
        ENTRA_AUTHORITY_HOST: entra.url,
        PUBLIC_BASE_URL: 'https://marac.example.org',
      },
    });
  });
  afterAll(async () => {
    await t?.close();
    await entra?.close();
  });

  it('has no development sign-in at all when it is off', async () => {
    expect(t.config.devSignIn).toBe(false);
    const token = await entra.issueUserToken({ oid: demoAadObjectId('p-coordinator') });
    for (const path of ['/api/dev/people', '/api/dev/sign-in']) {
      const anon = await t.call(path.endsWith('people') ? 'GET' : 'POST', path, {
        body: path.endsWith('people') ? undefined : { personId: 'p-coordinator' },
      });
      expect(anon.status).toBe(401);
      expect(JSON.stringify(anon.body)).not.toContain('token"');
      const signedIn = await t.call(path.endsWith('people') ? 'GET' : 'POST', path, {
        token,
        body: path.endsWith('people') ? undefined : { personId: 'p-coordinator' },
      });
      expect(signedIn.status).toBe(404);
    }
    expect((await t.call('GET', '/api/auth/options')).body.devSignIn).toBe(false);
  });

  it("maps a valid token's oid to the registered person, with the client id or app id URI as audience", async () => {
    const token = await entra.issueUserToken({ oid: demoAadObjectId('p-coordinator') });
    expect((await t.call('GET', '/api/me', { token })).body.displayName).toBe('Cara Coordinator');
    const uriToken = await entra.issueUserToken({
      oid: demoAadObjectId('p-housing'),
      aud: `api://marac.example.org/${entra.clientId}`,
    });
    expect((await t.call('GET', '/api/me', { token: uriToken })).body.displayName).toBe('Housing Rep');
  });

  it('refuses an unknown person with 403 and a clear message, and audits it', async () => {
    const token = await entra.issueUserToken({ oid: '11111111-2222-4333-8444-555555555555' });
    const r = await t.call('GET', '/api/me', { token });
    expect(r.status).toBe(403);
    expect(r.body.error.message).toMatch(/not registered for MARAC/);
    const audit = await t.store.repos.audit.list(0, 1000);
    expect(
      audit.some((a) => a.actor === 'entra:11111111-2222-4333-8444-555555555555' && a.outcome === 'refused'),
    ).toBe(true);
  });

  it('answers 401 for expired, wrong-audience, wrong-issuer, app-only or forged tokens', async () => {
    const oid = demoAadObjectId('p-coordinator');
    const expired = await t.call('GET', '/api/me', {
      token: await entra.issueUserToken({ oid, expiresIn: -600 }),
    });
    expect(expired.status).toBe(401);
    expect(expired.body.error.code).toBe('token-expired');
    expect(
      (
        await t.call('GET', '/api/me', {
          token: await entra.issueUserToken({ oid, aud: 'api://someone-else' }),
        })
      ).status,
    ).toBe(401);
    expect(
      (
        await t.call('GET', '/api/me', {
          token: await entra.issueUserToken({ oid, claims: { iss: 'https://evil.example/v2.0' } }),
        })
      ).status,
    ).toBe(401);
    expect(
      (
        await t.call('GET', '/api/me', {
          token: await entra.issueUserToken({ oid, claims: { scp: undefined, roles: ['x'] } }),
        })
      ).status,
    ).toBe(401);
    const other = await startEntraStandIn({
      protocol: 'http',
      tenantId: entra.tenantId,
      clientId: entra.clientId,
      freshSigningKey: true,
    });
    try {
      expect((await t.call('GET', '/api/me', { token: await other.issueUserToken({ oid }) })).status).toBe(
        401,
      );
    } finally {
      await other.close();
    }
  });

  it('refuses a tenant that is not allowed with 403', async () => {
    const token = await entra.issueUserToken({
      oid: demoAadObjectId('p-coordinator'),
      tenantId: '99999999-9999-4999-8999-999999999999',
    });
    const r = await t.call('GET', '/api/me', { token });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('tenant-not-allowed');
  });

  it('refuses a development token when development sign-in is off', async () => {
    const fake = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJwLWNvb3JkaW5hdG9yIn0.c2lnbmF0dXJl';
    expect((await t.call('GET', '/api/me', { token: fake })).status).toBe(401);
  });
});
