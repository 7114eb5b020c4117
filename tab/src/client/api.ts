import { getSession, signInAgain } from './session.js';

export interface FieldError {
  field: string;
  message: string;
}

/** A refusal from the server, with its reason and, for forms, the fields at fault. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldError[] = [],
  ) {
    super(message);
  }
}

/** No answer, or a gateway's (a redeploy or restart): the page keeps what it showed. */
const UNREACHABLE =
  'The MARAC service could not be reached just now (it may be restarting). Nothing was saved; what you entered is still here. Try again in a moment.';

async function call(method: string, path: string, body?: unknown): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    const session = getSession();
    let res: Response;
    try {
      res = await fetch(path, {
        method,
        headers: {
          Accept: 'application/json',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
          ...(session ? { Authorization: `Bearer ${session.token}` } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new ApiError(0, 'unreachable', UNREACHABLE);
    }
    if (res.ok) return res;
    const err = (await res.json().catch(() => ({}))) as {
      error?: { code?: string; message?: string; fields?: FieldError[] };
    };
    const e = err.error ?? {};
    // Expired or missing sign-in: keep the page as it is, ask the person to sign in again, then retry.
    if (res.status === 401 && attempt < 3) {
      await signInAgain(e.message ?? 'Your sign-in has expired. Sign in again to carry on.');
      continue;
    }
    throw new ApiError(
      res.status,
      e.code ?? 'error',
      e.message ??
        (res.status >= 502 && res.status <= 504 ? UNREACHABLE : `The server answered ${res.status}.`),
      e.fields ?? [],
    );
  }
}

/**
 * GETs of the same address already on their way share one request: a page mounted twice in a row
 * (React's StrictMode runs effects twice in development; a remount) reads once, so a read the
 * server audits (minutes, research) is recorded once.
 */
const inFlight = new Map<string, Promise<unknown>>();
function getOnce<T>(path: string): Promise<T> {
  let p = inFlight.get(path);
  if (!p) {
    p = (async () => (await call('GET', path)).json())().finally(() => inFlight.delete(path));
    inFlight.set(path, p);
  }
  return p as Promise<T>;
}

export const api = {
  get: <T>(path: string) => getOnce<T>(path),
  post: async <T>(path: string, body: unknown = {}) => (await call('POST', path, body)).json() as Promise<T>,
  put: async <T>(path: string, body: unknown) => (await call('PUT', path, body)).json() as Promise<T>,
  patch: async <T>(path: string, body: unknown) => (await call('PATCH', path, body)).json() as Promise<T>,
  del: async <T>(path: string, body?: unknown) => (await call('DELETE', path, body)).json() as Promise<T>,
  /** Downloads a file the server makes (with the sign-in header) and saves it under its name. */
  async download(path: string) {
    const res = await call('GET', path);
    const name = /filename="([^"]+)"/.exec(res.headers.get('Content-Disposition') ?? '')?.[1] ?? 'download';
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    return name;
  },
};

/** Unauthenticated calls: sign-in options and the development sign-in. */
export async function publicCall<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method,
    headers: body ? { 'Content-Type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok)
    throw new ApiError(
      res.status,
      json.error?.code ?? 'error',
      json.error?.message ?? `The server answered ${res.status}.`,
      json.error?.fields,
    );
  return json as T;
}
