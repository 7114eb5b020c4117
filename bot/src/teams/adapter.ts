import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  type TurnContext,
} from 'botbuilder';
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
  onTurn(turn: Turn, reply: (text: string) => Promise<void>): Promise<InvokeAnswer | void>;
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
  const auth = new ConfigurationBotFrameworkAuthentication(
    {
      ...settings,
      ...(opts.openIdMetadataUrl ? { ToBotFromChannelOpenIdMetadataUrl: opts.openIdMetadataUrl } : {}),
      ...(opts.tokenIssuer ? { ToBotFromChannelTokenIssuer: opts.tokenIssuer } : {}),
      ...(opts.loginUrl ? { ToChannelFromBotLoginUrl: opts.loginUrl } : {}),
      ...(opts.oauthScope ? { ToChannelFromBotOAuthScope: opts.oauthScope } : {}),
    },
    new ConfigurationServiceClientCredentialFactory(settings),
  );
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (ctx, err) => handlers.onError(err, { kind: 'other', activityId: ctx.activity?.id ?? '' });

  const logic = async (ctx: TurnContext) => {
    const turn = toTurn(ctx);
    const reply = async (text: string) => void (await ctx.sendActivity({ type: 'message', text, textFormat: 'markdown' }));
    const answer = await handlers.onTurn(turn, reply);
    if (ctx.activity.type === 'invoke') await ctx.sendActivity({ type: 'invokeResponse', value: invokeResponse(answer ?? undefined) });
  };

  /** The express handler for POST /api/messages (the body is already parsed and checked). */
  const process = (req: Request, res: Response) => adapter.process(req, res, logic);
  return { adapter, process, appId: opts.appId ?? '' };
}
