import { describe, expect, it } from 'vitest';
import { createGraph, GraphApiError, graphConfigFromEnv } from './index.js';

describe('graphConfigFromEnv', () => {
  it("maps the app's configuration names", () => {
    expect(
      graphConfigFromEnv({
        MicrosoftAppId: 'client',
        MicrosoftAppPassword: 'secret',
        MicrosoftAppTenantId: 'tenant',
        ENTRA_AUTHORITY_HOST: 'https://login.microsoftonline.com',
        GRAPH_BASE_URL: 'https://graph.microsoft.com',
        TEAMS_APP_ID: 'app',
      }),
    ).toEqual({
      clientId: 'client',
      clientSecret: 'secret',
      tenantId: 'tenant',
      authorityHost: 'https://login.microsoftonline.com',
      graphBaseUrl: 'https://graph.microsoft.com',
      teamsAppId: 'app',
    });
  });

  it('no app id or tenant (local development): no Graph', () => {
    expect(graphConfigFromEnv({})).toBeUndefined();
    expect(graphConfigFromEnv({ MicrosoftAppId: 'client' })).toBeUndefined();
  });

  it('createGraph refuses a configuration without a credential, with a typed config error', () => {
    const err = (() => {
      try {
        createGraph({ tenantId: 't', clientId: 'c' });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(GraphApiError);
    expect((err as GraphApiError).kind).toBe('config');
  });
});
