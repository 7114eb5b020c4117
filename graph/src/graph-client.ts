/**
 * The Microsoft Graph client: `@microsoft/microsoft-graph-client` with a custom base URL and our own
 * middleware chain (the SDK's HTTPMessageHandler does the fetch):
 *
 *   RetryMiddleware      429 (honours Retry-After) and 5xx / network errors (exponential backoff
 *                        with jitter), bounded attempts, injectable sleep
 *   GraphAuthMiddleware  bearer token from identity, only ever sent to the Graph origin; on 401 one
 *                        fresh token (msal cache skipped) and one retry
 *   EmptyBodyMiddleware  reads empty 201/202 bodies so no connection is left hanging
 *   HTTPMessageHandler   the SDK's fetch
 *
 * The SDK's own AuthenticationHandler only attaches tokens to https Graph hosts; ours attaches them to
 * the configured GRAPH_BASE_URL origin, so a loopback stand-in exercises the same path. Errors come
 * out as GraphApiError / GraphPermissionError (see `call`).
 */
import {
  Client,
  GraphClientError,
  GraphError as SdkGraphError,
  HTTPMessageHandler,
  type Context,
  type Middleware,
} from '@microsoft/microsoft-graph-client';
import { GraphApiError, GraphPermissionError, type GraphErrorKind } from './errors.js';
import type { TokenSource } from './identity.js';
import { missingPermission, type GraphOperation } from './permissions.js';

export interface RetryPolicy {
  /** Total attempts including the first (default 4). */
  maxAttempts: number;
  /** First backoff for 5xx / network errors, doubled each time (default 500 ms). */
  baseDelayMs: number;
  /** Cap for one backoff (default 16 s). */
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited out: the call fails as throttled (default 60 s). */
  maxRetryAfterMs: number;
  /** How to wait; tests inject a fake. */
  sleep: (ms: number) => Promise<void>;
  /** 0..1 random, for jitter; tests inject a constant. */
  random: () => number;
}

export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 16_000,
  maxRetryAfterMs: 60_000,
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
  random: Math.random,
};

const RETRYABLE = new Set([429, 500, 502, 503, 504]);

/** Parse Retry-After (seconds or an HTTP date) into ms. */
export function retryAfterMs(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const secs = Number(value);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

class RetryMiddleware implements Middleware {
  private next!: Middleware;
  constructor(private readonly policy: RetryPolicy) {}
  setNext(next: Middleware) {
    this.next = next;
  }
  async execute(context: Context): Promise<void> {
    const p = this.policy;
    for (let attempt = 1; ; attempt++) {
      let networkError: unknown;
      try {
        context.response = undefined;
        await this.next.execute(context);
      } catch (e) {
        if (e instanceof GraphClientError) throw e; // token failures: msal has already retried
        networkError = e;
      }
      const status = context.response?.status;
      const retryable = networkError !== undefined || (status !== undefined && RETRYABLE.has(status));
      if (!retryable || attempt >= p.maxAttempts) {
        if (networkError !== undefined) throw networkError;
        return;
      }
      const asked = retryAfterMs(context.response?.headers.get('Retry-After'));
      if (asked !== undefined && asked > p.maxRetryAfterMs) return; // too long to hold a caller: report throttled
      const backoff = Math.min(p.maxDelayMs, p.baseDelayMs * 2 ** (attempt - 1));
      const delay = asked ?? Math.round(backoff * (0.5 + p.random() / 2));
      await context.response?.body?.cancel().catch(() => undefined);
      await p.sleep(delay);
    }
  }
}

export class GraphAuthMiddleware implements Middleware {
  private next!: Middleware;
  constructor(
    private readonly tokens: TokenSource,
    private readonly origin: string,
  ) {}
  setNext(next: Middleware) {
    this.next = next;
  }
  async execute(context: Context): Promise<void> {
    const url = typeof context.request === 'string' ? context.request : context.request.url;
    const options = (context.options ??= {});
    const headers = (options.headers ??= {}) as Record<string, string>;
    if (new URL(url).origin !== this.origin) {
      // Never hand a Graph token to anyone else (e.g. a nextLink pointing elsewhere).
      delete headers.Authorization;
      return this.next.execute(context);
    }
    headers.Authorization = `Bearer ${await this.token(false)}`;
    await this.next.execute(context);
    if (context.response?.status === 401) {
      await context.response.body?.cancel().catch(() => undefined);
      headers.Authorization = `Bearer ${await this.token(true)}`;
      await this.next.execute(context);
    }
  }
  /** The SDK passes GraphClientError through untouched; our typed error rides in `customError`. */
  private async token(fresh: boolean): Promise<string> {
    try {
      return await this.tokens.getToken(fresh);
    } catch (e) {
      const wrapped = new GraphClientError((e as Error).message);
      wrapped.customError = e;
      throw wrapped;
    }
  }
}

/**
 * Graph answers some writes with an empty 201/202 and no Content-Type, which the SDK hands back as an
 * unread body stream (holding the connection). Read it here and pass on an empty response.
 */
class EmptyBodyMiddleware implements Middleware {
  private next!: Middleware;
  setNext(next: Middleware) {
    this.next = next;
  }
  async execute(context: Context): Promise<void> {
    await this.next.execute(context);
    const r = context.response;
    if (r && r.status !== 204 && !r.headers.get('content-type')) {
      await r.arrayBuffer().catch(() => undefined);
      context.response = new Response(null, {
        status: r.status,
        statusText: r.statusText,
        headers: r.headers,
      });
    }
  }
}

export interface GraphClientConfig {
  /** GRAPH_BASE_URL, default https://graph.microsoft.com */
  baseUrl?: string;
  tokens: TokenSource;
  retry?: Partial<RetryPolicy>;
}

/** A Graph client for one principal (the app, or one signed-in user), with typed errors. */
export class GraphCaller {
  readonly client: Client;
  readonly mode: 'application' | 'delegated';
  readonly baseUrl: string;

  constructor(cfg: GraphClientConfig) {
    this.baseUrl = (cfg.baseUrl ?? 'https://graph.microsoft.com').replace(/\/+$/, '');
    this.mode = cfg.tokens.mode;
    const retry = new RetryMiddleware({ ...defaultRetryPolicy, ...cfg.retry });
    const auth = new GraphAuthMiddleware(cfg.tokens, new URL(this.baseUrl).origin);
    const empty = new EmptyBodyMiddleware();
    const http = new HTTPMessageHandler();
    retry.setNext(auth);
    auth.setNext(empty);
    empty.setNext(http);
    this.client = Client.initWithMiddleware({
      baseUrl: `${this.baseUrl}/`,
      defaultVersion: 'v1.0',
      middleware: retry,
    });
  }

  /** Run one Graph request; any failure comes out as GraphApiError (403: GraphPermissionError). */
  async call<T>(op: GraphOperation, run: (client: Client) => Promise<T>): Promise<T> {
    try {
      return await run(this.client);
    } catch (e) {
      throw toGraphApiError(e, op, this.mode);
    }
  }
}

/** Encode one path segment (user ids may be UPNs with '#EXT#'). */
export const seg = (s: string) => encodeURIComponent(s);

export function toGraphApiError(
  e: unknown,
  op: GraphOperation,
  mode: 'application' | 'delegated',
): GraphApiError {
  if (e instanceof GraphApiError) return e;
  if (e instanceof GraphClientError) {
    if (e.customError instanceof GraphApiError) return e.customError;
    return new GraphApiError('invalid', `Microsoft Graph ${op} failed: ${e.message}`, {
      operation: op,
      cause: e,
    });
  }
  if (e instanceof SdkGraphError || (e && typeof e === 'object' && 'statusCode' in e)) {
    const g = e as SdkGraphError;
    const status = g.statusCode;
    // A non-JSON-typed error body arrives as a string: dig out Graph's { error: { code, message } }.
    if (!g.code && typeof g.body === 'string') {
      try {
        const parsed = JSON.parse(g.body) as { error?: { code?: string; message?: string } };
        if (parsed.error?.code) g.code = parsed.error.code;
        if (parsed.error?.message && !g.message) g.message = parsed.error.message;
      } catch {
        /* not JSON */
      }
    }
    const code = g.code ?? undefined;
    const requestId = g.requestId ?? undefined;
    if (status === 403) {
      const { permission, anyOf, note } = missingPermission(op, mode, g.message);
      return new GraphPermissionError(op, permission, anyOf, mode, note, {
        code,
        requestId,
        graphMessage: g.message || undefined,
      });
    }
    const kind: GraphErrorKind =
      status === 404
        ? 'not-found'
        : status === 429
          ? 'throttled'
          : status === 401
            ? 'auth'
            : status !== undefined && status >= 500
              ? 'unavailable'
              : status === undefined || status < 0
                ? 'unavailable'
                : 'invalid';
    const retryAfter = retryAfterMs(g.headers?.get?.('Retry-After'));
    return new GraphApiError(
      kind,
      `Microsoft Graph ${op} failed: ${status ?? 'no response'}${code ? ` ${code}` : ''}`,
      {
        operation: op,
        status: status !== undefined && status >= 0 ? status : undefined,
        code,
        requestId,
        retryAfterMs: retryAfter,
        cause: e,
      },
    );
  }
  return new GraphApiError(
    'unavailable',
    `Microsoft Graph ${op} failed: ${(e as Error)?.message ?? String(e)}`,
    { operation: op, cause: e },
  );
}
