import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  type TurnContext,
} from 'botbuilder';
import {
  AuthenticationConstants,
  AuthenticationError,
  type AuthenticateRequestResult,
  type ClaimsIdentity,
  type ConnectorClient,
  type ConnectorFactory,
  type UserTokenClient,
} from 'botframework-connector';
import type { Activity } from 'botbuilder';
import { CallerIdConstants } from 'botbuilder';
import type { Request, Response } from 'express';
import type { Turn, InvokeAnswer } from '../turn.js';
import { toTurn } from './to-turn.js';
import { invokeResponse } from './invoke-response.js';

export interface BotAuthOptions {
  appId?: string;
  appPassword?: string;
  appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  tenantId?: string;
  /** Loopback stand-ins for Bot Framework's token service and OpenID metadata (tests only). */
  openIdMetadataUrl?: string;
  tokenIssuer?: string;
  loginUrl?: string;
  oauthScope?: string;
}

export interface TurnHandlers {
  /** Nothing is sent from inside a turn: replies are queued on the outbox, which sees every failure. */
  onTurn(turn: Turn): Promise<InvokeAnswer | void>;
  onError(err: unknown, turn?: Pick<Turn, 'kind' | 'activityId'>): void;
}

/**
 * Bot Framework's CloudAdapter, with authentication on whenever an app id is configured.
 * Every turn becomes a `Turn` for the handlers; invoke answers become invoke responses.
 */
export function createAdapter(opts: BotAuthOptions, handlers: TurnHandlers) {
  const settings = {
    MicrosoftAppId: opts.appId ?? '',
    MicrosoftAppPassword: opts.appPassword ?? '',
    // Without an app id there are no credentials: MultiTenant is the only type that accepts none.
    MicrosoftAppType: opts.appId ? opts.appType : 'MultiTenant',
    MicrosoftAppTenantId: opts.tenantId ?? '',
  };
  // Overriding any endpoint switches botbuilder to fully parameterised settings, so the rest are
  // filled with the public cloud's values here rather than left empty.
  const overridden = !!(opts.openIdMetadataUrl || opts.tokenIssuer || opts.loginUrl || opts.oauthScope);
  const auth = new StrictAuthentication(
    {
      ...settings,
      ...(overridden
        ? {
            ValidateAuthority: true,
            ToBotFromChannelOpenIdMetadataUrl:
              opts.openIdMetadataUrl ?? AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl,
            ToBotFromChannelTokenIssuer:
              opts.tokenIssuer ?? AuthenticationConstants.ToBotFromChannelTokenIssuer,
            ToChannelFromBotLoginUrl: opts.loginUrl ?? AuthenticationConstants.ToChannelFromBotLoginUrl,
            ToChannelFromBotOAuthScope: opts.oauthScope ?? AuthenticationConstants.ToChannelFromBotOAuthScope,
            ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
            OAuthUrl: AuthenticationConstants.OAuthUrl,
            CallerId: CallerIdConstants.PublicAzureChannel,
          }
        : {}),
    },
    new ConfigurationServiceClientCredentialFactory(settings),
  );
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (ctx, err) =>
    handlers.onError(err, { kind: 'other', activityId: ctx.activity?.id ?? '' });

  const logic = async (ctx: TurnContext) => {
    const turn = toTurn(ctx);
    let answer: InvokeAnswer | void;
    try {
      answer = await handlers.onTurn(turn);
    } catch (e) {
      // botbuilder would put the error's message in the HTTP response; keep details in our log only.
      handlers.onError(e, turn);
      throw new Error('The bot could not handle this activity.', { cause: e });
    }
    if (ctx.activity.type === 'invoke')
      await ctx.sendActivity({ type: 'invokeResponse', value: invokeResponse(answer ?? undefined) });
  };

  /** The express handler for POST /api/messages (the body is already parsed and checked). */
  const process = (req: Request, res: Response) => adapter.process(req, res, logic);
  return { adapter, auth, process, appId: opts.appId ?? '' };
}

/** Enough for every Bot Connector region a tenant is served from; a flood of made-up ones starts over. */
const MAX_CACHED_CLIENTS = 64;

/**
 * botbuilder answers 500 when a token's signature does not verify (jsonwebtoken throws its own
 * error type); a forged token is an authentication failure, so it is reported as one (401).
 *
 * CloudAdapter also builds a new ConnectorClient and user-token client (each a whole HTTP
 * pipeline) for every incoming activity, which cost more CPU than handling a confirmation. They
 * hold no per-turn state, only the bot's credentials, so one per app id, service URL and audience
 * is kept and reused.
 */
class StrictAuthentication extends ConfigurationBotFrameworkAuthentication {
  private readonly connectors = new Map<string, Promise<ConnectorClient>>();
  private readonly userTokens = new Map<string, Promise<UserTokenClient>>();

  override async authenticateRequest(
    activity: Activity,
    authHeader: string,
  ): Promise<AuthenticateRequestResult> {
    let result: AuthenticateRequestResult;
    try {
      result = await super.authenticateRequest(activity, authHeader);
    } catch (e) {
      if (e instanceof AuthenticationError) throw e;
      throw new AuthenticationError('Unauthorized. The token could not be verified.', 401);
    }
    const factory = result.connectorFactory;
    if (!factory) return result;
    const appId = appIdOf(result.claimsIdentity);
    const connectors = this.connectors;
    const cached: ConnectorFactory = {
      create: (serviceUrl: string, audience?: string) =>
        remembered(connectors, `${appId}|${serviceUrl}|${audience ?? ''}`, () =>
          factory.create(serviceUrl, audience),
        ),
    };
    return { ...result, connectorFactory: cached };
  }

  override createUserTokenClient(identity: ClaimsIdentity): Promise<UserTokenClient> {
    return remembered(this.userTokens, appIdOf(identity), () => super.createUserTokenClient(identity));
  }
}

/** The app id botbuilder makes a turn's clients for (its own rule: the audience, else the app id claim). */
const appIdOf = (identity: ClaimsIdentity) =>
  identity.getClaimValue(AuthenticationConstants.AudienceClaim) ??
  identity.getClaimValue(AuthenticationConstants.AppIdClaim) ??
  '';

/** The client made for `key` before, or a new one (forgotten again if making it failed). */
function remembered<T>(cache: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
  let p = cache.get(key);
  if (!p) {
    if (cache.size >= MAX_CACHED_CLIENTS) cache.clear();
    p = make();
    p.catch(() => cache.delete(key));
    cache.set(key, p);
  }
  return p;
}
