import type { GraphOperation } from './permissions.js';

/**
 * Every Graph or Entra failure reaches callers as a GraphApiError with a `kind` they can act on.
 * Messages name the operation and status, never personal or case data.
 */
export type GraphErrorKind =
  /** Missing Graph permission (403): `GraphPermissionError` names it. */
  | 'permission'
  /** The user, event, meeting or report does not exist (404). */
  | 'not-found'
  /** Still throttled (429) after the bounded retries. */
  | 'throttled'
  /** Graph or Entra unreachable or failing (5xx, network) after the bounded retries. */
  | 'unavailable'
  /** Token could not be obtained or was refused after one refresh (401, msal errors). */
  | 'auth'
  /** A user must consent before the on-behalf-of flow can work (AADSTS65001). */
  | 'consent-required'
  /** Graph refused the request as malformed or conflicting (400, 409, ...). */
  | 'invalid'
  /** Misconfiguration found before any call (no secret or certificate, ...). */
  | 'config';

export interface GraphErrorDetails {
  operation?: GraphOperation | 'token';
  status?: number;
  /** Graph's or Entra's error code, e.g. ErrorAccessDenied, invalid_client. */
  code?: string;
  requestId?: string;
  /** For throttling: what Graph last asked us to wait, ms. */
  retryAfterMs?: number;
  cause?: unknown;
}

export class GraphApiError extends Error {
  readonly operation?: GraphOperation | 'token';
  readonly status?: number;
  readonly code?: string;
  readonly requestId?: string;
  readonly retryAfterMs?: number;

  constructor(
    readonly kind: GraphErrorKind,
    message: string,
    details: GraphErrorDetails = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'GraphApiError';
    this.operation = details.operation;
    this.status = details.status;
    this.code = details.code;
    this.requestId = details.requestId;
    this.retryAfterMs = details.retryAfterMs;
  }
}

/** Graph said 403: `permission` is the one to grant (least privileged that would do). */
export class GraphPermissionError extends GraphApiError {
  constructor(
    operation: GraphOperation,
    readonly permission: string,
    readonly anyOf: string[],
    readonly mode: 'application' | 'delegated',
    /** Anything else Graph needs, e.g. a Teams application access policy for the organiser. */
    readonly note?: string,
    details: { code?: string; requestId?: string; graphMessage?: string } = {},
  ) {
    super(
      'permission',
      `Microsoft Graph refused ${operation}: the app needs the ${mode} permission ${permission}` +
        (anyOf.length > 1 ? ` (any of ${anyOf.join(', ')})` : '') +
        (note ? `. ${note}` : '') +
        (details.graphMessage ? ` Graph said: ${details.graphMessage}` : ''),
      { operation, status: 403, code: details.code, requestId: details.requestId },
    );
    this.name = 'GraphPermissionError';
  }
}

export const isGraphApiError = (e: unknown): e is GraphApiError => e instanceof GraphApiError;
export const isGraphPermissionError = (e: unknown): e is GraphPermissionError =>
  e instanceof GraphPermissionError;
