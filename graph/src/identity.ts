/**
 * The app's identity towards Microsoft Graph: ONE msal-node ConfidentialClientApplication, used for
 * app-only calls (client credentials) and for the tab's on-behalf-of flow. msal keeps the token
 * cache (per scope, and per user assertion for OBO) and fetches a new token when the cached one is
 * within `tokenRenewalOffsetSeconds` of expiry.
 *
 * The authority is `${authorityHost}/${tenantId}`. Its host is listed in `knownAuthorities` and its
 * OpenID metadata is given to msal (`authorityMetadata`), so msal makes no instance-discovery or
 * metadata request: only token requests go to the authority (Entra, or the loopback stand-in).
 */
import { ConfidentialClientApplication, LogLevel, type Configuration } from '@azure/msal-node';
import { GraphApiError } from './errors.js';

export const GRAPH_RESOURCE = 'https://graph.microsoft.com';
export const GRAPH_DEFAULT_SCOPE = `${GRAPH_RESOURCE}/.default`;

export interface IdentityConfig {
  /** Directory (tenant) id: MicrosoftAppTenantId. */
  tenantId: string;
  /** Application (client) id: MicrosoftAppId. */
  clientId: string;
  /** Client secret: MicrosoftAppPassword. Give this or `clientCertificate`. */
  clientSecret?: string;
  /** Certificate credential (preferred in production): key PEM and its SHA-256 thumbprint (hex). */
  clientCertificate?: {
    privateKey: string;
    /** SHA-256 thumbprint, hex (msal signs with PS256). */
    thumbprintSha256?: string;
    /** SHA-1 thumbprint, hex (legacy, RS256). */
    thumbprint?: string;
    /** Public certificate chain PEM, sent as x5c (subject name + issuer auth). */
    x5c?: string;
  };
  /** ENTRA_AUTHORITY_HOST, default https://login.microsoftonline.com. */
  authorityHost?: string;
  /**
   * Extra PEM CA(s) trusted for TLS to the authority: the loopback stand-in's certificate in tests,
   * or a TLS-inspecting proxy's CA. Production against Entra leaves it unset.
   */
  trustedCa?: string;
  /**
   * Delegated Graph permissions asked for in the on-behalf-of flow (default ['User.Read']). Named
   * explicitly rather than '/.default': Entra answers '/.default' with the consented scopes, which
   * msal-node's cache lookup for '/.default' then never matches (a token request per call).
   */
  delegatedScopes?: string[];
  /** Seconds before expiry at which msal fetches a new token (msal default 300). */
  tokenRenewalOffsetSeconds?: number;
  /** Where msal's warnings go (never PII: piiLoggingEnabled is off). */
  log?: (level: 'error' | 'warn' | 'info', message: string) => void;
}

/** Something that hands out bearer tokens for one principal; `fresh` skips msal's cache. */
export interface TokenSource {
  readonly mode: 'application' | 'delegated';
  getToken(fresh?: boolean): Promise<string>;
}

export interface GraphIdentity {
  /** The single msal application (exposed for diagnostics and cache serialisation). */
  readonly msal: ConfidentialClientApplication;
  readonly authority: string;
  /** App-only Graph token (client credentials). */
  appToken(fresh?: boolean): Promise<string>;
  /** Delegated Graph token for the user whose tab SSO token this is (on-behalf-of). */
  onBehalfOf(ssoToken: string, fresh?: boolean): Promise<string>;
  app: TokenSource;
  forUser(ssoToken: string): TokenSource;
}

const trimSlash = (s: string) => s.replace(/\/+$/, '');

/** msal configuration for the tenant, with no discovery calls. Exported for tests and diagnostics. */
export function msalConfiguration(cfg: IdentityConfig): Configuration {
  if (!cfg.tenantId)
    throw new GraphApiError('config', 'Graph identity: tenant id (MicrosoftAppTenantId) is required');
  if (!cfg.clientId)
    throw new GraphApiError('config', 'Graph identity: client id (MicrosoftAppId) is required');
  if (!cfg.clientSecret && !cfg.clientCertificate)
    throw new GraphApiError(
      'config',
      'Graph identity: a client secret (MicrosoftAppPassword) or a client certificate is required',
    );
  if (cfg.clientCertificate && !cfg.clientCertificate.thumbprintSha256 && !cfg.clientCertificate.thumbprint)
    throw new GraphApiError('config', 'Graph identity: the client certificate needs its thumbprint');

  const host = trimSlash(cfg.authorityHost ?? 'https://login.microsoftonline.com');
  const hostUrl = new URL(host);
  if (hostUrl.protocol !== 'https:')
    throw new GraphApiError(
      'config',
      `Graph identity: authority host must be https (got ${hostUrl.protocol})`,
    );
  const tenantBase = `${host}/${cfg.tenantId}`;
  const authorityMetadata = JSON.stringify({
    token_endpoint: `${tenantBase}/oauth2/v2.0/token`,
    authorization_endpoint: `${tenantBase}/oauth2/v2.0/authorize`,
    end_session_endpoint: `${tenantBase}/oauth2/v2.0/logout`,
    jwks_uri: `${tenantBase}/discovery/v2.0/keys`,
    issuer: `${tenantBase}/v2.0`,
  });
  const log = cfg.log;
  return {
    auth: {
      clientId: cfg.clientId,
      authority: tenantBase,
      knownAuthorities: [hostUrl.host],
      authorityMetadata,
      ...(cfg.clientSecret
        ? { clientSecret: cfg.clientSecret }
        : {
            clientCertificate: {
              privateKey: cfg.clientCertificate!.privateKey,
              ...(cfg.clientCertificate!.thumbprintSha256
                ? { thumbprintSha256: cfg.clientCertificate!.thumbprintSha256 }
                : { thumbprint: cfg.clientCertificate!.thumbprint! }),
              ...(cfg.clientCertificate!.x5c ? { x5c: cfg.clientCertificate!.x5c } : {}),
            },
          }),
    },
    system: {
      ...(cfg.trustedCa ? { customAgentOptions: { ca: cfg.trustedCa } } : {}),
      ...(cfg.tokenRenewalOffsetSeconds !== undefined
        ? { tokenRenewalOffsetSeconds: cfg.tokenRenewalOffsetSeconds }
        : {}),
      loggerOptions: {
        piiLoggingEnabled: false,
        logLevel: LogLevel.Warning,
        loggerCallback: (level, message) => {
          if (!log) return;
          // Client-credential responses never carry client_info; msal warns about it on every token.
          const routine = /No client info in response/.test(message);
          log(
            level === LogLevel.Error ? 'error' : level === LogLevel.Warning && !routine ? 'warn' : 'info',
            message,
          );
        },
      },
    },
  };
}

/** Map an msal error (or a network failure under it) to a GraphApiError. */
export function tokenError(e: unknown, flow: 'client credentials' | 'on-behalf-of'): GraphApiError {
  if (e instanceof GraphApiError) return e;
  const err = e as {
    errorCode?: string;
    errorMessage?: string;
    subError?: string;
    message?: string;
    status?: number;
  };
  const code = err.errorCode ?? 'unknown';
  const text = `${err.errorMessage ?? ''} ${err.message ?? ''}`;
  const aadsts = /AADSTS\d+/.exec(text)?.[0];
  const label = `Entra refused the ${flow} token request`;
  if (aadsts === 'AADSTS65001' || err.subError === 'consent_required' || code === 'consent_required')
    return new GraphApiError('consent-required', `${label}: consent needed (${aadsts ?? code})`, {
      operation: 'token',
      code,
      cause: e,
    });
  if (
    code === 'temporarily_unavailable' ||
    code === 'server_error' ||
    (err.status !== undefined && err.status >= 500) ||
    aadsts === 'AADSTS90033'
  )
    return new GraphApiError('unavailable', `${label}: ${code}${aadsts ? ` (${aadsts})` : ''}`, {
      operation: 'token',
      code,
      cause: e,
    });
  if (
    code === 'invalid_client' ||
    code === 'unauthorized_client' ||
    code === 'invalid_grant' ||
    code === 'invalid_request' ||
    code === 'invalid_scope' ||
    aadsts
  )
    return new GraphApiError('auth', `${label}: ${code}${aadsts ? ` (${aadsts})` : ''}`, {
      operation: 'token',
      code,
      cause: e,
    });
  return new GraphApiError('unavailable', `${label}: ${code}`, { operation: 'token', code, cause: e });
}

export function createIdentity(cfg: IdentityConfig): GraphIdentity {
  const configuration = msalConfiguration(cfg);
  const msal = new ConfidentialClientApplication(configuration);
  const scopes = [GRAPH_DEFAULT_SCOPE];
  const oboScopes = (cfg.delegatedScopes ?? ['User.Read']).map((s) =>
    s.includes('://') ? s : `${GRAPH_RESOURCE}/${s}`,
  );

  const appToken = async (fresh = false): Promise<string> => {
    try {
      const r = await msal.acquireTokenByClientCredential({ scopes, skipCache: fresh });
      if (!r?.accessToken)
        throw new GraphApiError('auth', 'Entra returned no access token (client credentials)', {
          operation: 'token',
        });
      return r.accessToken;
    } catch (e) {
      throw tokenError(e, 'client credentials');
    }
  };
  const onBehalfOf = async (ssoToken: string, fresh = false): Promise<string> => {
    if (!ssoToken)
      throw new GraphApiError('auth', "On-behalf-of needs the user's SSO token", { operation: 'token' });
    try {
      const r = await msal.acquireTokenOnBehalfOf({
        oboAssertion: ssoToken,
        scopes: oboScopes,
        skipCache: fresh,
      });
      if (!r?.accessToken)
        throw new GraphApiError('auth', 'Entra returned no access token (on-behalf-of)', {
          operation: 'token',
        });
      return r.accessToken;
    } catch (e) {
      throw tokenError(e, 'on-behalf-of');
    }
  };
  return {
    msal,
    authority: configuration.auth.authority!,
    appToken,
    onBehalfOf,
    app: { mode: 'application', getToken: appToken },
    forUser: (ssoToken) => ({ mode: 'delegated', getToken: (fresh) => onBehalfOf(ssoToken, fresh) }),
  };
}
