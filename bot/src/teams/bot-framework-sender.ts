import { type CloudAdapter, type ConversationReference, TurnContext } from 'botbuilder';
import {
  type ChatSender,
  type ConversationTarget,
  type OutgoingActivity,
  SendError,
} from '../outbox/chat-sender.js';

/** Sends through the Bot Connector with CloudAdapter's proactive calls, mapping failures to SendError. */
export class BotFrameworkSender implements ChatSender {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
  ) {}

  async send(target: ConversationTarget, activity: OutgoingActivity): Promise<{ id: string }> {
    let id = '';
    await this.run(target, async (ctx) => {
      const r = await ctx.sendActivity(activity);
      id = r?.id ?? '';
    });
    return { id };
  }

  async update(target: ConversationTarget, activityId: string, activity: OutgoingActivity): Promise<void> {
    await this.run(target, async (ctx) => {
      await ctx.updateActivity({ ...activity, id: activityId, conversation: ctx.activity.conversation });
    });
  }

  /** Open (or find) the 1:1 chat with a Teams user, for proactive action cards. */
  async openPersonalChat(user: {
    teamsUserId: string;
    tenantId?: string;
    serviceUrl: string;
  }): Promise<ConversationTarget> {
    let target: ConversationTarget | undefined;
    try {
      await this.adapter.createConversationAsync(
        this.appId,
        'msteams',
        user.serviceUrl,
        'https://api.botframework.com',
        {
          isGroup: false,
          bot: { id: this.appId, name: 'MARAC' },
          members: [{ id: user.teamsUserId, name: '' }],
          tenantId: user.tenantId,
          channelData: { tenant: { id: user.tenantId } },
        } as never,
        async (ctx) => {
          const reference = TurnContext.getConversationReference(ctx.activity) as Record<string, unknown>;
          target = {
            conversationId: ctx.activity.conversation.id,
            serviceUrl: user.serviceUrl,
            reference: { ...reference, serviceUrl: user.serviceUrl, channelId: 'msteams' },
          };
        },
      );
    } catch (e) {
      throw toSendError(e);
    }
    if (!target) throw new SendError('The Bot Connector did not return a conversation.');
    return target;
  }

  private async run(target: ConversationTarget, fn: (ctx: TurnContext) => Promise<void>) {
    try {
      await this.adapter.continueConversationAsync(
        this.appId,
        target.reference as Partial<ConversationReference>,
        fn,
      );
    } catch (e) {
      throw toSendError(e);
    }
  }
}

function toSendError(e: unknown): SendError {
  const err = e as {
    statusCode?: number;
    message?: string;
    response?: { headers?: { get?(n: string): string | undefined } };
  };
  const retryAfter = Number(err.response?.headers?.get?.('retry-after'));
  return new SendError(
    `Bot Connector call failed${err.statusCode ? ` (${err.statusCode})` : ''}`,
    err.statusCode,
    Number.isFinite(retryAfter) ? retryAfter * 1000 : undefined,
  );
}
