/**
 * @marac/graph: Microsoft Graph for MARAC for Teams. `createGraph(cfg)` builds one msal identity and
 * one app-only Graph client, and hands out the small ports the rest of the app uses.
 */
import { createActivityFeed } from './notifications.js';
import { createAttendanceSource } from './attendance.js';
import { createDirectory } from './directory.js';
import { GraphCaller, type RetryPolicy } from './graph-client.js';
import { createIdentity, type GraphIdentity, type IdentityConfig } from './identity.js';
import { createMeetingScheduler } from './meetings.js';
import type { ActivityFeed, AttendanceSource, Directory, MeetingScheduler } from './ports.js';

export * from './ports.js';
export * from './errors.js';
export {
  PERMISSIONS,
  missingPermission,
  type GraphOperation,
  type OperationPermissions,
} from './permissions.js';
export {
  createIdentity,
  msalConfiguration,
  GRAPH_RESOURCE,
  GRAPH_DEFAULT_SCOPE,
  type GraphIdentity,
  type IdentityConfig,
  type TokenSource,
} from './identity.js';
export {
  GraphCaller,
  defaultRetryPolicy,
  retryAfterMs,
  type RetryPolicy,
  type GraphClientConfig,
} from './graph-client.js';
export { meetingSubject, wallClock } from './meetings.js';
export { matchAgency, isGuest } from './directory.js';
export { toAttendanceRecord } from './attendance.js';
export { ACTION_REMINDER_ACTIVITY_TYPE, ACTIVITY_TYPES, tabDeepLink } from './notifications.js';

export interface GraphConfig extends IdentityConfig {
  /** GRAPH_BASE_URL (default https://graph.microsoft.com); the token audience stays Graph's. */
  graphBaseUrl?: string;
  /** The manifest's app id (TEAMS_APP_ID): used in deep links. */
  teamsAppId?: string;
  /** Graph's catalog id for the app, for installing it in chats; defaults to teamsAppId. */
  teamsAppCatalogId?: string;
  /** Static tab entityId holding the actions tracker (default 'home'). */
  tabEntityId?: string;
  /** subEntityId that opens the actions tracker (default 'actions'). */
  actionsSubEntityId?: string;
  /** Time zone of meeting dates and times (default 'GMT Standard Time'). */
  timeZone?: string;
  /** Retry bounds and the (injectable) sleep. */
  retry?: Partial<RetryPolicy>;
}

export interface Graph {
  scheduler: MeetingScheduler;
  directory: Directory;
  attendance: AttendanceSource;
  activityFeed: ActivityFeed;
  identity: GraphIdentity;
  /** App-only Graph client (client credentials). */
  app: GraphCaller;
  /** Delegated Graph client for the tab user whose SSO token this is (on-behalf-of). */
  forUser(ssoToken: string): GraphCaller;
}

/** Throws GraphApiError('config') when neither a secret nor a certificate is given. */
export function createGraph(cfg: GraphConfig): Graph {
  const identity = createIdentity(cfg);
  const app = new GraphCaller({ baseUrl: cfg.graphBaseUrl, tokens: identity.app, retry: cfg.retry });
  const forUser = (ssoToken: string) =>
    new GraphCaller({ baseUrl: cfg.graphBaseUrl, tokens: identity.forUser(ssoToken), retry: cfg.retry });
  return {
    identity,
    app,
    forUser,
    scheduler: createMeetingScheduler(app, {
      teamsAppCatalogId: cfg.teamsAppCatalogId ?? cfg.teamsAppId,
      timeZone: cfg.timeZone,
      sleep: cfg.retry?.sleep,
    }),
    directory: createDirectory(app, forUser),
    attendance: createAttendanceSource(app),
    activityFeed: createActivityFeed(app, {
      teamsAppId: cfg.teamsAppId,
      tabEntityId: cfg.tabEntityId,
      actionsSubEntityId: cfg.actionsSubEntityId,
    }),
  };
}

/** The app's configuration names (src/config.ts) that Graph needs. */
export interface GraphEnv {
  MicrosoftAppId?: string;
  MicrosoftAppPassword?: string;
  MicrosoftAppTenantId?: string;
  ENTRA_AUTHORITY_HOST?: string;
  GRAPH_BASE_URL?: string;
  TEAMS_APP_ID?: string;
}

/** GraphConfig from the app's configuration; undefined when no app id/tenant is set (local development). */
export function graphConfigFromEnv(env: GraphEnv, extra: Partial<GraphConfig> = {}): GraphConfig | undefined {
  if (!env.MicrosoftAppId || !env.MicrosoftAppTenantId) return undefined;
  return {
    clientId: env.MicrosoftAppId,
    tenantId: env.MicrosoftAppTenantId,
    clientSecret: env.MicrosoftAppPassword,
    authorityHost: env.ENTRA_AUTHORITY_HOST,
    graphBaseUrl: env.GRAPH_BASE_URL,
    teamsAppId: env.TEAMS_APP_ID,
    ...extra,
  };
}
