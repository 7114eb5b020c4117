import { createRemoteJWKSet, decodeJwt, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { Clock } from '@marac/core';
import type { Config } from '../../../src/config.js';
import { HttpError } from './http-errors.js';

export interface EntraUser {
  oid: string;
  tid: string;
  name?: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Audiences a Teams SSO token for this app may carry: the client id or its application id URIs. */
export function entraAudiences(config: Pick<Config, 'MicrosoftAppId' | 'PUBLIC_BASE_URL'>): string[] {
  const clientId = config.MicrosoftAppId;
  if (!clientId) return [];
  const host = new URL(config.PUBLIC_BASE_URL).host;
  return [clientId, `api://${clientId}`, `api://${host}/${clientId}`, `api://${host}/botid-${clientId}`];
}

/**
 * Validates the Entra access token Teams SSO gives the tab: signature against the tenant's
 * published keys, issuer, audience, lifetime, and that the tenant is one we serve.
 */
export function createEntraVerifier(
  config: Pick<Config, 'MicrosoftAppId' | 'PUBLIC_BASE_URL' | 'ENTRA_AUTHORITY_HOST' | 'allowedTenantIds'>,
  clock: Clock,
) {
  const audiences = entraAudiences(config);
  const authority = config.ENTRA_AUTHORITY_HOST.replace(/\/+$/, '');
  const keySets = new Map<string, JWTVerifyGetKey>();

  return async function verifyEntraToken(token: string): Promise<EntraUser> {
    if (!audiences.length)
      throw new HttpError(401, 'sso-not-configured', 'Teams sign-in is not configured on this server.');
    let tid: unknown;
    try {
      tid = decodeJwt(token).tid;
    } catch {
      throw new HttpError(401, 'invalid-token', 'The sign-in token is not valid; sign in again.');
    }
    if (typeof tid !== 'string' || !GUID.test(tid))
      throw new HttpError(401, 'invalid-token', 'The sign-in token has no tenant; sign in again.');
    if (!config.allowedTenantIds.includes(tid))
      throw new HttpError(
        403,
        'tenant-not-allowed',
        'Your organisation is not one this MARAC service is set up for. Ask your MARAC coordinator.',
      );
    let keys = keySets.get(tid);
    if (!keys)
      keySets.set(
        tid,
        (keys = createRemoteJWKSet(new URL(`${authority}/${tid}/discovery/v2.0/keys`), {
          timeoutDuration: 5000,
        })),
      );
    try {
      const { payload } = await jwtVerify(token, keys, {
        issuer: `${authority}/${tid}/v2.0`,
        audience: audiences,
        algorithms: ['RS256'],
        currentDate: new Date(clock.now()),
        clockTolerance: 60,
        requiredClaims: ['exp', 'oid'],
      });
      if (typeof payload.oid !== 'string')
        throw new HttpError(401, 'invalid-token', 'The sign-in token has no user; sign in again.');
      // A delegated token for this app (Teams SSO asks for access_as_user); app-only tokens have no scp.
      if (typeof payload.scp !== 'string' || !payload.scp.split(' ').includes('access_as_user'))
        throw new HttpError(401, 'invalid-token', 'The token is not a sign-in for this app; sign in again.');
      return { oid: payload.oid, tid, name: typeof payload.name === 'string' ? payload.name : undefined };
    } catch (e) {
      if (e instanceof HttpError) throw e;
      if (e instanceof errors.JWTExpired)
        throw new HttpError(401, 'token-expired', 'Your sign-in has expired. Sign in again to carry on.');
      if (
        e instanceof errors.JWKSTimeout ||
        (e instanceof Error && /fetch|ECONNREFUSED|network/i.test(e.message))
      )
        throw new HttpError(
          503,
          'entra-unreachable',
          'Microsoft sign-in could not be checked just now; try again in a moment.',
        );
      throw new HttpError(401, 'invalid-token', 'The sign-in token was not accepted; sign in again.');
    }
  };
}
