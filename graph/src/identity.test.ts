import { X509Certificate, createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { makeLoopbackCertificate } from '../../testing/entra-tls.js';
import { startEntraStandIn, type EntraStandIn } from '../../testing/entra-standin.js';
import { startGraphHarness, type GraphHarness } from '../../testing/graph-harness.js';
import { createGraph, createIdentity, GraphApiError, msalConfiguration } from './index.js';

let h: GraphHarness;
beforeAll(async () => {
  h = await startGraphHarness();
});
afterAll(() => h.close());
afterEach(() => {
  vi.useRealTimers();
  h.entra.setTokenLifetime(3600);
});

const tokenPosts = (e: EntraStandIn) => e.requests.filter((r) => r.method === 'POST').length;

describe('msal configuration', () => {
  it('names the tenant authority, trusts it without discovery, and needs a secret or a certificate', () => {
    const c = msalConfiguration({
      tenantId: 't1',
      clientId: 'c1',
      clientSecret: 's',
      authorityHost: 'https://login.microsoftonline.com/',
    });
    expect(c.auth.authority).toBe('https://login.microsoftonline.com/t1');
    expect(c.auth.knownAuthorities).toEqual(['login.microsoftonline.com']);
    expect(JSON.parse(c.auth.authorityMetadata!)).toMatchObject({
      token_endpoint: 'https://login.microsoftonline.com/t1/oauth2/v2.0/token',
      issuer: 'https://login.microsoftonline.com/t1/v2.0',
    });
    expect(() => msalConfiguration({ tenantId: 't1', clientId: 'c1' })).toThrow(
      /client secret .* or a client certificate/,
    );
    expect(() =>
      msalConfiguration({
        tenantId: 't1',
        clientId: 'c1',
        clientSecret: 's',
        authorityHost: 'http://127.0.0.1:1',
      }),
    ).toThrow(GraphApiError);
  });

  it('makes no discovery or metadata request: only token requests reach the authority', async () => {
    const before = h.entra.requests.length;
    const id = createIdentity(h.config);
    await id.appToken();
    expect(h.entra.requests.slice(before).map((r) => `${r.method} ${r.path}`)).toEqual([
      `POST /${h.entra.tenantId}/oauth2/v2.0/token`,
    ]);
  });
});

describe('client credentials', () => {
  it('caches the app token: many Graph calls, one token request', async () => {
    const g = createGraph(h.config);
    const before = tokenPosts(h.entra);
    for (let i = 0; i < 5; i++) await g.directory.profile('police-0001');
    expect(tokenPosts(h.entra) - before).toBe(1);
    const claims = (await h.entra.verify(await g.identity.appToken(), 'https://graph.microsoft.com')).payload;
    expect(claims).toMatchObject({ idtyp: 'app', azp: h.entra.clientId, tid: h.entra.tenantId });
  });

  it('fetches a new token when the cached one nears expiry (short-lived tokens, clock advanced)', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    h.entra.setTokenLifetime(600); // msal renews 300 s before expiry
    const g = createGraph(h.config);
    const before = h.entra.tokensIssued('client_credentials');
    await g.directory.profile('police-0001');
    const first = await g.identity.appToken();

    vi.setSystemTime(Date.now() + 200_000); // 400 s left: still cached
    await g.directory.profile('police-0001');
    expect(await g.identity.appToken()).toBe(first);
    expect(h.entra.tokensIssued('client_credentials') - before).toBe(1);

    vi.setSystemTime(Date.now() + 150_000); // 250 s left: inside the renewal window
    await g.directory.profile('police-0001');
    const second = await g.identity.appToken();
    expect(second).not.toBe(first);
    expect(h.entra.tokensIssued('client_credentials') - before).toBe(2);

    vi.setSystemTime(Date.now() + 3_600_000); // long expired: a fresh one again, and Graph accepts it
    expect(await g.directory.profile('police-0001')).toMatchObject({ id: 'police-0001' });
    expect(h.entra.tokensIssued('client_credentials') - before).toBe(3);
  });

  it('a wrong secret is a typed auth error naming the Entra code, never the secret', async () => {
    const g = createGraph({ ...h.config, clientSecret: 'not-the-secret' });
    const err = await g.directory.profile('police-0001').catch((e) => e);
    expect(err).toBeInstanceOf(GraphApiError);
    expect(err.kind).toBe('auth');
    expect(err.code).toBe('invalid_client');
    expect(err.message).toContain('AADSTS7000215');
    expect(err.message).not.toContain('not-the-secret');
  });

  it('Entra unavailable: typed unavailable error; msal holds further requests back for a while, then recovers', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    h.entra.failNextTokenRequests(1, 503);
    const g = createGraph(h.config);
    const posts = tokenPosts(h.entra);
    const err = await g.directory.profile('police-0001').catch((e) => e);
    expect(err).toBeInstanceOf(GraphApiError);
    expect(err.kind).toBe('unavailable');
    // msal-node throttles the same token request client-side after a 5xx (60 s without Retry-After).
    const again = await g.directory.profile('police-0001').catch((e) => e);
    expect(again).toMatchObject({ kind: 'unavailable' });
    expect(tokenPosts(h.entra) - posts).toBe(1);
    vi.setSystemTime(Date.now() + 61_000);
    expect(await g.directory.profile('police-0001')).toMatchObject({ id: 'police-0001' });
    expect(tokenPosts(h.entra) - posts).toBe(2);
  });
});

describe('certificate credential', () => {
  it('authenticates with a client assertion signed by the certificate key', async () => {
    const cert = makeLoopbackCertificate({ keyType: 'rsa', commonName: 'marac-graph-client' });
    const entra = await startEntraStandIn({ clientCertificate: cert.cert });
    try {
      const thumbprintSha256 = createHash('sha256').update(new X509Certificate(cert.cert).raw).digest('hex');
      const id = createIdentity({
        tenantId: entra.tenantId,
        clientId: entra.clientId,
        clientCertificate: { privateKey: cert.key, thumbprintSha256 },
        authorityHost: entra.url,
        trustedCa: entra.ca,
      });
      const token = await id.appToken();
      expect((await entra.verify(token, 'https://graph.microsoft.com')).payload.idtyp).toBe('app');
      expect(entra.requests.at(-1)).toMatchObject({ clientAuth: 'certificate', status: 200 });
    } finally {
      await entra.close();
    }
  });
});

describe('on-behalf-of (tab SSO)', () => {
  it('exchanges the tab SSO token for a delegated Graph token for that user, cached per user', async () => {
    const g = createGraph(h.config);
    const sso = await h.entra.issueUserToken({
      oid: 'police-0001',
      name: 'Pat Police',
      upn: 'pat.police@example.police.uk',
    });
    const before = h.entra.tokensIssued('on_behalf_of');

    const t1 = await g.identity.onBehalfOf(sso);
    const t2 = await g.identity.onBehalfOf(sso);
    expect(t2).toBe(t1);
    expect(h.entra.tokensIssued('on_behalf_of') - before).toBe(1);
    const claims = (await h.entra.verify(t1, 'https://graph.microsoft.com')).payload;
    expect(claims).toMatchObject({
      idtyp: 'user',
      oid: 'police-0001',
      scp: 'User.Read',
      azp: h.entra.clientId,
    });

    const other = await h.entra.issueUserToken({ oid: 'idva-0001', upn: 'ira@idva.example.org.uk' });
    const t3 = await g.identity.onBehalfOf(other);
    expect((await h.entra.verify(t3, 'https://graph.microsoft.com')).payload.oid).toBe('idva-0001');

    const tokenReq = h.entra.requests
      .filter((r) => r.grantType === 'urn:ietf:params:oauth:grant-type:jwt-bearer')
      .at(-1);
    expect(tokenReq).toMatchObject({ clientAuth: 'secret', status: 200 });
  });

  it('an SSO token for another app or an expired one is refused as auth, not consent', async () => {
    const g = createGraph(h.config);
    const wrongAud = await h.entra.issueUserToken({ oid: 'police-0001', aud: 'some-other-app' });
    const e1 = await g.identity.onBehalfOf(wrongAud).catch((e) => e);
    expect(e1).toMatchObject({ kind: 'auth', code: 'invalid_grant' });
    const expired = await h.entra.issueUserToken({ oid: 'police-0001', expiresIn: -60 });
    const e2 = await g.identity.onBehalfOf(expired).catch((e) => e);
    expect(e2).toBeInstanceOf(GraphApiError);
    expect(e2.message).toContain('AADSTS500133');
  });

  it('no consent for the delegated scope: consent-required', async () => {
    h.entra.setDelegatedScopes([]);
    try {
      const sso = await h.entra.issueUserToken({ oid: 'police-0001' });
      const err = await createGraph(h.config)
        .identity.onBehalfOf(sso)
        .catch((e) => e);
      expect(err).toBeInstanceOf(GraphApiError);
      expect(err.kind).toBe('consent-required');
    } finally {
      h.entra.setDelegatedScopes(['User.Read']);
    }
  });
});
