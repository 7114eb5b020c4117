// The loopback stand-ins themselves: what other suites (e.g. the tab's SSO validation) rely on.
import https from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { startEntraStandIn, TEAMS_CLIENT_APP_ID, type EntraStandIn } from '../../testing/entra-standin.js';

const getJson = (url: string, ca?: string) =>
  new Promise<{ status: number; body: any }>((resolve, reject) => {
    https
      .get(url, { ca }, (res) => {
        let data = '';
        res.on('data', (c) => (data += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(data) }));
      })
      .on('error', reject);
  });

describe('Entra stand-in over HTTPS (what msal-node needs)', () => {
  let e: EntraStandIn;
  beforeAll(async () => {
    e = await startEntraStandIn();
  });
  afterAll(() => e.close());

  it('serves OpenID configuration and JWKS for its tenant, trusted through `ca`', async () => {
    expect(e.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const oidc = await getJson(`${e.url}/${e.tenantId}/v2.0/.well-known/openid-configuration`, e.ca);
    expect(oidc.body).toMatchObject({
      issuer: `${e.url}/${e.tenantId}/v2.0`,
      jwks_uri: e.jwksUri,
      token_endpoint: e.tokenEndpoint,
    });
    const keys = await getJson(e.jwksUri, e.ca);
    expect(keys.body.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    await expect(getJson(e.jwksUri)).rejects.toThrow(); // not trusted without the CA
  });
});

describe('Entra stand-in over HTTP (for token validators that fetch the JWKS plainly)', () => {
  let e: EntraStandIn;
  beforeAll(async () => {
    e = await startEntraStandIn({ protocol: 'http', tenantId: 'tenant-a', clientId: 'tab-client-id' });
  });
  afterAll(() => e.close());

  it('issues Entra-shaped v2 user tokens verifiable with the remote JWKS', async () => {
    const token = await e.issueUserToken({
      oid: 'police-0001',
      name: 'Pat Police',
      upn: 'pat.police@example.police.uk',
      expiresIn: 600,
    });
    const jwks = createRemoteJWKSet(new URL(e.jwksUri));
    const { payload, protectedHeader } = await jwtVerify(token, jwks, {
      issuer: `${e.url}/tenant-a/v2.0`,
      audience: 'tab-client-id',
    });
    expect(protectedHeader).toMatchObject({ alg: 'RS256', typ: 'JWT' });
    expect(payload).toMatchObject({
      tid: 'tenant-a',
      oid: 'police-0001',
      name: 'Pat Police',
      preferred_username: 'pat.police@example.police.uk',
      scp: 'access_as_user',
      azp: TEAMS_CLIENT_APP_ID,
      ver: '2.0',
    });
    expect(payload.exp! - payload.iat!).toBe(600);
  });

  it('tokens for another tenant, audience or already expired are easy to make', async () => {
    const other = decodeJwt(
      await e.issueUserToken({
        oid: 'x',
        tenantId: 'tenant-b',
        aud: 'api://marac.example/tab-client-id',
        expiresIn: -10,
      }),
    );
    expect(other).toMatchObject({
      tid: 'tenant-b',
      iss: `${e.url}/tenant-b/v2.0`,
      aud: 'api://marac.example/tab-client-id',
    });
    expect(other.exp!).toBeLessThan(Date.now() / 1000);
  });

  it('the token endpoint speaks OAuth errors like Entra', async () => {
    const res = await fetch(e.tokenEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: 'tab-client-id',
        client_secret: 'wrong',
        scope: 'https://graph.microsoft.com/.default',
      }),
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: 'invalid_client', error_codes: [7000215] });
    expect(e.requests.at(-1)).toMatchObject({
      grantType: 'client_credentials',
      status: 401,
      error: 'invalid_client',
    });
  });
});
