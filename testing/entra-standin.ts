/**
 * A loopback stand-in for Microsoft Entra ID (the v2.0 endpoints msal-node and token validators use).
 * It speaks the real protocol: OpenID configuration, JWKS, and the token endpoint for the client
 * credentials grant and the on-behalf-of (jwt-bearer) grant, with client secret or certificate
 * (client_assertion) authentication. Tokens are RS256 JWTs shaped like Entra v2 access tokens.
 *
 * It listens on 127.0.0.1 over HTTPS by default, because msal-node refuses non-https authorities;
 * trust it with `ca` (msal-node: `system.customAgentOptions.ca`). `protocol: 'http'` is there for
 * token-validation tests that fetch the JWKS with a plain fetch.
 */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { createHash, randomUUID, X509Certificate } from 'node:crypto';
import express, { type Request, type Response } from 'express';
import {
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  jwtVerify,
  SignJWT,
  type JSONWebKeySet,
  type JWTPayload,
  type JWTVerifyResult,
} from 'jose';
import { makeLoopbackCertificate } from './entra-tls.js';

/** The Graph resource, as Entra names it in `aud` of Graph access tokens. */
export const GRAPH_RESOURCE = 'https://graph.microsoft.com';
/** Teams desktop/mobile client id: the `azp` of a Teams tab SSO token. */
export const TEAMS_CLIENT_APP_ID = '1fec8e78-bce4-4aaf-ab1b-5451cc387264';

export interface EntraStandInOptions {
  tenantId?: string;
  clientId?: string;
  clientSecret?: string;
  /** PEM certificate the app may authenticate with instead of the secret (client_assertion). */
  clientCertificate?: string;
  /** Lifetime of issued Graph tokens, seconds (default 3600). Change later with `setTokenLifetime`. */
  tokenLifetimeSeconds?: number;
  /** Application permissions granted (admin-consented) to the app: the `roles` of app-only tokens. */
  appRoles?: string[];
  /** Delegated permissions consented for the app: the `scp` of on-behalf-of Graph tokens. */
  delegatedScopes?: string[];
  /** The tab's Application ID URI (an accepted `aud` for SSO tokens besides the client id). */
  applicationIdUri?: string;
  protocol?: 'https' | 'http';
  /**
   * Make a new RSA signing key for this stand-in. By default stand-ins in one process share one key
   * (RSA key generation is the slow part of starting one); each still has its own issuer and tenant.
   */
  freshSigningKey?: boolean;
}

export interface UserTokenOptions {
  tenantId?: string;
  /** Audience: the tab's client id (v2 tokens) or its Application ID URI. Default: the client id. */
  aud?: string;
  oid: string;
  name?: string;
  upn?: string;
  preferredUsername?: string;
  scp?: string;
  /** The client that asked for the token; Teams' own client id for tab SSO. */
  azp?: string;
  /** Seconds from now (default 3600); negative for an already expired token. */
  expiresIn?: number;
  /** Issue-time override (epoch seconds) for clock-skew tests. */
  iat?: number;
  /** Extra or overriding claims. */
  claims?: Record<string, unknown>;
}

export interface EntraRequest {
  method: string;
  path: string;
  at: number;
  grantType?: string;
  clientId?: string;
  /** 'secret' | 'certificate' for token requests. */
  clientAuth?: 'secret' | 'certificate';
  status: number;
  error?: string;
}

export interface EntraStandIn {
  /** Authority host: what ENTRA_AUTHORITY_HOST is set to, e.g. https://127.0.0.1:51234 */
  url: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  issuer: string;
  tokenEndpoint: string;
  jwksUri: string;
  /** PEM to trust for the HTTPS listener (undefined over http). */
  ca?: string;
  /** The public keys, for validators that do not fetch them. */
  jwks: JSONWebKeySet;
  requests: EntraRequest[];
  /** Token requests answered with a token, by grant type. */
  tokensIssued(grant?: 'client_credentials' | 'on_behalf_of'): number;
  issueUserToken(opts: UserTokenOptions): Promise<string>;
  /** Verify a token this stand-in issued (used by the Graph stand-in). */
  verify(token: string, audience: string | string[]): Promise<JWTVerifyResult>;
  setTokenLifetime(seconds: number): void;
  setAppRoles(roles: string[]): void;
  setDelegatedScopes(scopes: string[]): void;
  /** The next `count` token requests fail with this OAuth error (default 503 temporarily_unavailable); 0 clears. */
  failNextTokenRequests(count: number, status?: number, error?: string): void;
  close(): Promise<void>;
}

const DEFAULT_ROLES = [
  'Calendars.ReadWrite',
  'OnlineMeetings.Read.All',
  'OnlineMeetingArtifact.Read.All',
  'TeamsAppInstallation.ReadWriteSelfForChat.All',
  'User.Read.All',
  'TeamsActivity.Send',
];
const DEFAULT_SCOPES = ['User.Read'];

const nowSec = () => Math.floor(Date.now() / 1000);

let sharedKey: ReturnType<typeof makeSigningKey> | undefined;

async function makeSigningKey() {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const pub = await exportJWK(publicKey);
  const kid = createHash('sha256').update(JSON.stringify(pub)).digest('base64url').slice(0, 27);
  const jwks: JSONWebKeySet = { keys: [{ ...pub, kid, use: 'sig', alg: 'RS256' }] };
  return { privateKey, kid, jwks };
}

export async function startEntraStandIn(opts: EntraStandInOptions = {}): Promise<EntraStandIn> {
  const tenantId = opts.tenantId ?? randomUUID();
  const clientId = opts.clientId ?? randomUUID();
  const clientSecret = opts.clientSecret ?? `secret-${randomUUID()}`;
  const appObjectId = randomUUID();
  const protocol = opts.protocol ?? 'https';
  let lifetime = opts.tokenLifetimeSeconds ?? 3600;
  let roles = [...(opts.appRoles ?? DEFAULT_ROLES)];
  let scopes = [...(opts.delegatedScopes ?? DEFAULT_SCOPES)];
  let failures: { count: number; status: number; error: string }[] = [];
  const certThumbprints = opts.clientCertificate ? thumbprints(opts.clientCertificate) : undefined;

  const { privateKey, kid, jwks } = await (opts.freshSigningKey
    ? makeSigningKey()
    : (sharedKey ??= makeSigningKey()));
  const keySet = createLocalJWKSet(jwks);

  const requests: EntraRequest[] = [];
  const issued = { client_credentials: 0, on_behalf_of: 0 };
  let base = '';
  const issuerFor = (tid: string) => `${base}/${tid}/v2.0`;

  const sign = (claims: JWTPayload, expiresIn: number, iat = nowSec()) =>
    new SignJWT({ ...claims })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid })
      .setIssuedAt(iat)
      .setNotBefore(iat)
      .setExpirationTime(iat + expiresIn)
      .setJti(randomUUID())
      .sign(privateKey);

  const app = express();
  app.disable('x-powered-by');
  app.use(express.urlencoded({ extended: false }));

  app.get('/:tenant/v2.0/.well-known/openid-configuration', (req, res) => {
    const t = String(req.params.tenant);
    log(req, res, 200);
    res.json({
      issuer: issuerFor(t === tenantId ? tenantId : '{tenantid}'),
      authorization_endpoint: `${base}/${t}/oauth2/v2.0/authorize`,
      token_endpoint: `${base}/${t}/oauth2/v2.0/token`,
      end_session_endpoint: `${base}/${t}/oauth2/v2.0/logout`,
      jwks_uri: `${base}/${t}/discovery/v2.0/keys`,
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      tenant_region_scope: 'EU',
      cloud_instance_name: 'microsoftonline.com',
    });
  });

  app.get('/:tenant/discovery/v2.0/keys', (req, res) => {
    log(req, res, 200);
    res.json(jwks);
  });

  // Instance discovery, in case a client asks (msal-node does not when knownAuthorities is set).
  app.get('/common/discovery/instance', (req, res) => {
    const host = new URL(base).host;
    log(req, res, 200);
    res.json({
      tenant_discovery_endpoint: `${base}/${tenantId}/v2.0/.well-known/openid-configuration`,
      'api-version': '1.1',
      metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
    });
  });

  app.post('/:tenant/oauth2/v2.0/token', async (req: Request, res: Response) => {
    const body = (req.body ?? {}) as Record<string, string>;
    const rec: EntraRequest = {
      method: req.method,
      path: req.path,
      at: Date.now(),
      grantType: body.grant_type,
      clientId: body.client_id,
      status: 0,
    };
    requests.push(rec);
    const fail = (status: number, error: string, aadsts: string, description: string) => {
      rec.status = status;
      rec.error = error;
      const code = Number(aadsts.replace('AADSTS', ''));
      res.status(status).json({
        error,
        error_description: `${aadsts}: ${description} Trace ID: ${randomUUID()} Correlation ID: ${randomUUID()} Timestamp: ${new Date().toISOString()}`,
        error_codes: [code],
        timestamp: new Date().toISOString(),
        trace_id: randomUUID(),
        correlation_id: randomUUID(),
      });
    };
    const injected = failures[0];
    if (injected) {
      if (--injected.count <= 0) failures = failures.slice(1);
      return fail(
        injected.status,
        injected.error,
        'AADSTS90033',
        'A transient error has occurred. Please try again.',
      );
    }
    if (String(req.params.tenant) !== tenantId)
      return fail(400, 'invalid_request', 'AADSTS90002', `Tenant '${String(req.params.tenant)}' not found.`);
    if (body.client_id !== clientId)
      return fail(
        400,
        'unauthorized_client',
        'AADSTS700016',
        `Application with identifier '${body.client_id}' was not found in the directory.`,
      );

    // Client authentication: secret, or a certificate-signed client assertion.
    if (body.client_assertion) {
      if (
        body.client_assertion_type !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer' ||
        !certThumbprints
      )
        return fail(401, 'invalid_client', 'AADSTS700027', 'Client assertion failed signature validation.');
      try {
        const { protectedHeader } = await jwtVerify(body.client_assertion, certThumbprints.key, {
          audience: [`${base}/${tenantId}/oauth2/v2.0/token`, `${base}/${tenantId}/v2.0`],
          issuer: clientId,
          subject: clientId,
          // Entra tolerates clock skew of minutes between client and service; so does the stand-in.
          clockTolerance: 300,
        });
        const x5t = protectedHeader.x5t ?? (protectedHeader as Record<string, unknown>)['x5t#S256'];
        if (x5t !== certThumbprints.sha1 && x5t !== certThumbprints.sha256)
          throw new Error('unknown certificate');
      } catch {
        return fail(401, 'invalid_client', 'AADSTS700027', 'Client assertion failed signature validation.');
      }
      rec.clientAuth = 'certificate';
    } else if (body.client_secret !== undefined) {
      if (body.client_secret !== clientSecret)
        return fail(
          401,
          'invalid_client',
          'AADSTS7000215',
          'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.',
        );
      rec.clientAuth = 'secret';
    } else {
      return fail(
        401,
        'invalid_client',
        'AADSTS7000218',
        "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
      );
    }

    const requested = String(body.scope ?? '')
      .split(' ')
      .filter(Boolean);
    const resourceScopes = requested.filter(
      (s) => !['openid', 'profile', 'offline_access', 'email'].includes(s),
    );
    const isDefault = resourceScopes.length === 1 && resourceScopes[0] === `${GRAPH_RESOURCE}/.default`;
    if (!isDefault && !resourceScopes.every((s) => s.startsWith(`${GRAPH_RESOURCE}/`)))
      return fail(
        400,
        'invalid_scope',
        'AADSTS70011',
        `The provided value for scope ${body.scope} is not valid. This stand-in issues Microsoft Graph tokens only.`,
      );
    if (body.grant_type === 'client_credentials' && !isDefault)
      return fail(
        400,
        'invalid_scope',
        'AADSTS1002012',
        `The provided value for scope ${body.scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
      );

    if (body.grant_type === 'client_credentials') {
      const token = await sign(
        {
          aud: GRAPH_RESOURCE,
          iss: issuerFor(tenantId),
          tid: tenantId,
          oid: appObjectId,
          sub: appObjectId,
          azp: clientId,
          appid: clientId,
          idtyp: 'app',
          roles,
          ver: '2.0',
        },
        lifetime,
      );
      issued.client_credentials++;
      rec.status = 200;
      return res.json({
        token_type: 'Bearer',
        expires_in: lifetime,
        ext_expires_in: lifetime,
        access_token: token,
      });
    }

    if (body.grant_type === 'urn:ietf:params:oauth:grant-type:jwt-bearer') {
      if (body.requested_token_use !== 'on_behalf_of' || !body.assertion)
        return fail(
          400,
          'invalid_request',
          'AADSTS900144',
          "The request body must contain the following parameter: 'assertion'.",
        );
      let user: JWTPayload;
      try {
        ({ payload: user } = await jwtVerify(body.assertion, keySet, {
          issuer: issuerFor(tenantId),
          audience: [clientId, ...(opts.applicationIdUri ? [opts.applicationIdUri] : [])],
        }));
      } catch (e) {
        const expired = (e as { code?: string }).code === 'ERR_JWT_EXPIRED';
        return expired
          ? fail(400, 'invalid_grant', 'AADSTS500133', 'Assertion is not within its valid time range.')
          : fail(400, 'invalid_grant', 'AADSTS50013', 'Assertion failed signature validation.');
      }
      if (user.tid !== tenantId)
        return fail(400, 'invalid_grant', 'AADSTS50013', 'Assertion audience tenant mismatch.');
      const unconsented = isDefault
        ? []
        : resourceScopes.map((s) => s.slice(GRAPH_RESOURCE.length + 1)).filter((s) => !scopes.includes(s));
      if (scopes.length === 0 || unconsented.length)
        return fail(
          400,
          'invalid_grant',
          'AADSTS65001',
          `The user or administrator has not consented to use the application with ID '${clientId}'. Send an interactive authorization request for this user and resource.`,
        );
      const userClaims = {
        tid: tenantId,
        oid: user.oid,
        sub: user.sub,
        name: user.name,
        upn: user.upn ?? user.preferred_username,
        preferred_username: user.preferred_username ?? user.upn,
      };
      const token = await sign(
        {
          ...userClaims,
          aud: GRAPH_RESOURCE,
          iss: issuerFor(tenantId),
          azp: clientId,
          appid: clientId,
          idtyp: 'user',
          scp: scopes.join(' '),
          ver: '2.0',
        },
        lifetime,
      );
      const idToken = await sign(
        { ...userClaims, aud: clientId, iss: issuerFor(tenantId), ver: '2.0' },
        lifetime,
      );
      issued.on_behalf_of++;
      rec.status = 200;
      return res.json({
        token_type: 'Bearer',
        // Like Entra: every consented scope, not the requested ones (and never "/.default").
        scope: scopes.map((s) => `${GRAPH_RESOURCE}/${s}`).join(' '),
        expires_in: lifetime,
        ext_expires_in: lifetime,
        access_token: token,
        id_token: idToken,
        client_info: Buffer.from(JSON.stringify({ uid: user.oid, utid: tenantId })).toString('base64url'),
      });
    }
    return fail(
      400,
      'unsupported_grant_type',
      'AADSTS70003',
      `The app requested an unsupported grant type '${body.grant_type}'.`,
    );
  });

  app.use((req, res) => {
    log(req, res, 404);
    res
      .status(404)
      .json({ error: 'not_found', error_description: `No stand-in route for ${req.method} ${req.path}` });
  });

  function log(req: Request, _res: Response, status: number) {
    requests.push({ method: req.method, path: req.path, at: Date.now(), status });
  }

  const tls = protocol === 'https' ? makeLoopbackCertificate() : undefined;
  const server = tls ? https.createServer({ cert: tls.cert, key: tls.key }, app) : http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `${protocol}://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: base,
    tenantId,
    clientId,
    clientSecret,
    issuer: issuerFor(tenantId),
    tokenEndpoint: `${base}/${tenantId}/oauth2/v2.0/token`,
    jwksUri: `${base}/${tenantId}/discovery/v2.0/keys`,
    ca: tls?.cert,
    jwks,
    requests,
    tokensIssued: (grant) => (grant ? issued[grant] : issued.client_credentials + issued.on_behalf_of),
    issueUserToken: (o) => {
      const tid = o.tenantId ?? tenantId;
      return sign(
        {
          aud: o.aud ?? clientId,
          iss: issuerFor(tid),
          tid,
          oid: o.oid,
          sub: createHash('sha256').update(`${o.oid}:${clientId}`).digest('base64url').slice(0, 43),
          name: o.name,
          upn: o.upn,
          preferred_username: o.preferredUsername ?? o.upn,
          scp: o.scp ?? 'access_as_user',
          azp: o.azp ?? TEAMS_CLIENT_APP_ID,
          azpacr: '0',
          ver: '2.0',
          ...o.claims,
        },
        o.expiresIn ?? 3600,
        o.iat,
      );
    },
    verify: (token, audience) => jwtVerify(token, keySet, { issuer: issuerFor(tenantId), audience }),
    setTokenLifetime: (s) => {
      lifetime = s;
    },
    setAppRoles: (r) => {
      roles = [...r];
    },
    setDelegatedScopes: (s) => {
      scopes = [...s];
    },
    failNextTokenRequests: (count, status = 503, error = 'temporarily_unavailable') => {
      failures = count > 0 ? [...failures, { count, status, error }] : [];
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

function thumbprints(pem: string) {
  const x = new X509Certificate(pem);
  const der = x.raw;
  return {
    key: x.publicKey,
    sha1: createHash('sha1').update(der).digest('base64url'),
    sha256: createHash('sha256').update(der).digest('base64url'),
  };
}
