import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startGraphHarness, type GraphHarness } from '../../testing/graph-harness.js';
import { GraphAuthMiddleware } from './graph-client.js';
import {
  createGraph,
  GraphApiError,
  GraphCaller,
  GraphPermissionError,
  missingPermission,
  retryAfterMs,
  type Graph,
} from './index.js';

let h: GraphHarness;
let g: Graph;
beforeAll(async () => {
  h = await startGraphHarness();
});
afterAll(() => h.close());
beforeEach(() => {
  h.sleeps.length = 0;
  h.entra.setAppRoles([
    'Calendars.ReadWrite',
    'OnlineMeetings.Read.All',
    'OnlineMeetingArtifact.Read.All',
    'TeamsAppInstallation.ReadWriteSelfForChat.All',
    'User.Read.All',
    'TeamsActivity.Send',
  ]);
  g = createGraph(h.config);
});

const userCalls = () => h.graph.requests.filter((r) => r.path === '/users/police-0001');

describe('throttling and transient failures', () => {
  it('429: waits what Retry-After says, then succeeds', async () => {
    const before = userCalls().length;
    h.graph.inject({ status: 429, retryAfterSeconds: 7 }, 2);
    expect(await g.directory.profile('police-0001')).toMatchObject({
      id: 'police-0001',
      companyName: 'Example Constabulary',
    });
    expect(h.sleeps).toEqual([7000, 7000]);
    expect(
      userCalls()
        .slice(before)
        .map((r) => r.status),
    ).toEqual([429, 429, 200]);
  });

  it('5xx: exponential backoff with jitter, bounded, then succeeds', async () => {
    h.graph.inject({ status: 503 }, 1);
    h.graph.inject({ status: 502 }, 1);
    h.graph.inject({ status: 500 }, 1);
    expect(await g.directory.profile('police-0001')).toMatchObject({ id: 'police-0001' });
    // base 500 ms doubling, jitter factor 0.75 with random() = 0.5
    expect(h.sleeps).toEqual([375, 750, 1500]);
  });

  it('gives up after the bounded attempts with a typed error', async () => {
    const before = userCalls().length;
    h.graph.inject({ status: 503 }, 4);
    const err = await g.directory.profile('police-0001').catch((e) => e);
    expect(err).toBeInstanceOf(GraphApiError);
    expect(err.kind).toBe('unavailable');
    expect(err.status).toBe(503);
    expect(userCalls().length - before).toBe(4);
    expect(h.sleeps).toHaveLength(3);
  });

  it('a Retry-After longer than the caller can wait fails at once as throttled', async () => {
    h.graph.inject({ status: 429, retryAfterSeconds: 600 }, 1);
    const err = await g.directory.profile('police-0001').catch((e) => e);
    expect(err).toMatchObject({ kind: 'throttled', status: 429, retryAfterMs: 600_000 });
    expect(h.sleeps).toEqual([]);
  });

  it('parses Retry-After as seconds or an HTTP date', () => {
    expect(retryAfterMs('3')).toBe(3000);
    expect(retryAfterMs(new Date(Date.UTC(2030, 0, 1, 0, 0, 10)).toUTCString(), Date.UTC(2030, 0, 1))).toBe(
      10_000,
    );
    expect(retryAfterMs('soon')).toBeUndefined();
    expect(retryAfterMs(null)).toBeUndefined();
  });

  it('unreachable Graph is a typed unavailable error after bounded retries', async () => {
    const dead = new GraphCaller({
      baseUrl: 'http://127.0.0.1:1',
      tokens: g.identity.app,
      retry: h.config.retry,
    });
    const err = await dead.call('users.read', (c) => c.api('/users/x').get()).catch((e) => e);
    expect(err).toBeInstanceOf(GraphApiError);
    expect(err.kind).toBe('unavailable');
    expect(h.sleeps).toHaveLength(3);
  });
});

describe('401: one token refresh, one retry', () => {
  it('a token Graph rejects (expired) makes msal fetch a new one, and the call succeeds', async () => {
    await g.directory.profile('police-0001'); // token cached
    const issued = h.entra.tokensIssued('client_credentials');
    h.graph.inject({ status: 401 }, 1);
    expect(await g.directory.profile('police-0001')).toMatchObject({ id: 'police-0001' });
    expect(h.entra.tokensIssued('client_credentials')).toBe(issued + 1);
  });

  it('a second 401 is not retried again: typed auth error', async () => {
    h.graph.inject({ status: 401 }, 2);
    const err = await g.directory.profile('police-0001').catch((e) => e);
    expect(err).toMatchObject({ kind: 'auth', status: 401, code: 'InvalidAuthenticationToken' });
  });
});

describe('403: GraphPermissionError names the permission', () => {
  it('from the table when Graph does not say (directory)', async () => {
    h.entra.setAppRoles(['Calendars.ReadWrite']);
    g = createGraph(h.config);
    const err = await g.directory.profile('police-0001').catch((e) => e);
    expect(err).toBeInstanceOf(GraphPermissionError);
    expect(err.permission).toBe('User.Read.All');
    expect(err.code).toBe('Authorization_RequestDenied');
    expect(err.message).toContain('application permission User.Read.All');
  });

  it('from the Graph error body when it names the roles it needs (injected Teams-style 403)', async () => {
    h.graph.inject(
      {
        status: 403,
        code: 'Forbidden',
        message:
          "Missing role permissions on the request. API requires one of 'Directory.Read.All, User.Read.All'. Roles on the request ''.",
      },
      1,
    );
    const err = await g.directory.profile('police-0001').catch((e) => e);
    expect(err).toBeInstanceOf(GraphPermissionError);
    expect(err.anyOf).toEqual(['Directory.Read.All', 'User.Read.All']);
    expect(err.permission).toBe('User.Read.All'); // least privileged of those Graph accepts
  });

  it('403 is not retried', async () => {
    const before = userCalls().length;
    h.graph.inject({ status: 403 }, 1);
    await g.directory.profile('police-0001').catch(() => undefined);
    expect(userCalls().length - before).toBe(1);
    expect(h.sleeps).toEqual([]);
  });

  it('the permission table covers application and delegated calls', () => {
    expect(missingPermission('activity.send', 'application')).toMatchObject({
      permission: 'TeamsActivity.Send',
    });
    expect(missingPermission('me.read', 'delegated')).toMatchObject({ permission: 'User.Read' });
    expect(
      missingPermission(
        'attendanceReports.list',
        'application',
        'No application access policy found for this app.',
      ),
    ).toMatchObject({
      permission: 'OnlineMeetingArtifact.Read.All',
      note: expect.stringMatching(/access policy/),
    });
  });
});

describe('tokens only go to Graph', () => {
  it('attaches the bearer token for the Graph origin only, and refreshes it once on 401', async () => {
    const asked: boolean[] = [];
    const tokens = {
      mode: 'application' as const,
      getToken: async (fresh?: boolean) => (asked.push(!!fresh), fresh ? 'new' : 'cached'),
    };
    const auth = new GraphAuthMiddleware(tokens, 'https://graph.microsoft.com');
    const sent: (string | undefined)[] = [];
    let status = 401;
    auth.setNext({
      execute: async (ctx) => {
        sent.push((ctx.options?.headers as Record<string, string>).Authorization);
        ctx.response = new Response(null, { status });
        status = 200;
      },
      setNext: () => undefined,
    });
    await auth.execute({ request: 'https://graph.microsoft.com/v1.0/users/x', options: { headers: {} } });
    expect(sent).toEqual(['Bearer cached', 'Bearer new']);
    expect(asked).toEqual([false, true]);

    sent.length = 0;
    await auth.execute({
      request: 'https://elsewhere.example/v1.0/users/x',
      options: { headers: { Authorization: 'Bearer leaked' } },
    });
    expect(sent).toEqual([undefined]);
  });
});
