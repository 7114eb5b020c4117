import type { BotFrameworkAuthentication, ConnectorClient } from 'botframework-connector';
import { AuthenticationConstants, ClaimsIdentity, TeamsConnectorClient } from 'botframework-connector';
import type { Activity, ConversationReference } from 'botbuilder';
import {
  type ChatSender,
  type ConversationTarget,
  type MeetingNotice,
  type OutgoingActivity,
  type PersonalAddress,
  SendError,
} from '../outbox/chat-sender.js';

/** Longest wait for one Bot Connector call; the outbox lease must outlast it (checked there). */
export const DEFAULT_SEND_TIMEOUT_MS = 15_000;

/**
 * Calls the Bot Connector directly with botbuilder's ConnectorClient, so that every failure
 * reaches the outbox as a rejected promise. Not through `continueConversationAsync`: its errors
 * go to `adapter.onTurnError`, which logs and resolves, and a failed send then counts as sent.
 * The client's own retry policy is removed too: it sleeps out Retry-After and 5xx backoff while
 * the outbox holds its lease, and repeats sends the outbox cannot see. The outbox decides.
 */
export class BotFrameworkSender implements ChatSender {
  private readonly clients = new Map<string, Promise<ConnectorClient>>();

  constructor(
    private readonly auth: BotFrameworkAuthentication,
    private readonly appId: string,
    private readonly timeoutMs = DEFAULT_SEND_TIMEOUT_MS,
  ) {}

  async send(target: ConversationTarget, activity: OutgoingActivity): Promise<{ id: string }> {
    const a = this.addressed(target, activity);
    const r = await this.call(target.serviceUrl, (c, o) =>
      c.conversations.sendToConversation(target.conversationId, a, o),
    );
    if (!r.id) throw new SendError('The Bot Connector returned no activity id.');
    return { id: r.id };
  }

  async update(target: ConversationTarget, activityId: string, activity: OutgoingActivity): Promise<void> {
    const a = { ...this.addressed(target, activity), id: activityId };
    await this.call(target.serviceUrl, (c, o) =>
      c.conversations.updateActivity(target.conversationId, activityId, a, o),
    );
  }

  /**
   * A targeted in-meeting notification (POST {serviceUrl}/v1/meetings/{meetingId}/notification),
   * as botbuilder's TeamsInfo.sendMeetingNotification sends it (its Teams client, on our
   * credentials): the recipients see a small page of the tab on their meeting stage. Teams answers
   * 202 when all got it and 207 listing those who did not; none at all is a failure.
   */
  async notify(target: ConversationTarget, notice: MeetingNotice): Promise<void> {
    const res = await this.call(target.serviceUrl, (c, o) =>
      teamsClient(c, target.serviceUrl).teams.sendMeetingNotification(
        notice.teamsMeetingId,
        {
          type: 'targetedMeetingNotification',
          value: {
            recipients: notice.recipients,
            surfaces: [
              {
                surface: 'meetingStage',
                contentType: 'task',
                content: { value: { height: '240', width: '400', title: notice.title, url: notice.url } },
              },
            ],
          },
        },
        o,
      ),
    );
    const failed = res?.recipientsFailureInfo?.length ?? 0;
    if (failed > 0 && failed >= notice.recipients.length)
      throw new SendError('Teams delivered the notification to none of its recipients.', 207);
  }

  /** Open (or find) the 1:1 chat with a Teams user, for proactive action cards. */
  async openPersonalChat(user: PersonalAddress): Promise<ConversationTarget> {
    const params = {
      isGroup: false,
      bot: { id: this.appId, name: 'MARAC' },
      members: [{ id: user.teamsUserId, name: '' }],
      tenantId: user.tenantId,
      channelData: { tenant: { id: user.tenantId } },
    };
    const r = await this.call(user.serviceUrl, (c, o) =>
      c.conversations.createConversation(params as never, o),
    );
    if (!r.id) throw new SendError('The Bot Connector did not return a conversation.');
    const reference: Partial<ConversationReference> = {
      channelId: 'msteams',
      serviceUrl: user.serviceUrl,
      bot: { id: this.appId, name: 'MARAC' },
      user: { id: user.teamsUserId, name: '' },
      conversation: {
        id: r.id,
        isGroup: false,
        conversationType: 'personal',
        tenantId: user.tenantId,
        name: '',
      },
    };
    return {
      conversationId: r.id,
      serviceUrl: user.serviceUrl,
      reference: reference as Record<string, unknown>,
    };
  }

  /** The stored reference's addressing on a copy of the activity (what botbuilder's proactive path does). */
  private addressed(target: ConversationTarget, activity: OutgoingActivity): Partial<Activity> {
    const ref = target.reference as Partial<ConversationReference>;
    return {
      ...(activity as Partial<Activity>),
      channelId: ref.channelId ?? 'msteams',
      serviceUrl: target.serviceUrl,
      conversation: ref.conversation ?? ({ id: target.conversationId } as never),
      ...(ref.bot ? { from: ref.bot } : {}),
      ...(ref.user ? { recipient: ref.user } : {}),
    };
  }

  private async call<T>(
    serviceUrl: string,
    fn: (c: ConnectorClient, options: { timeout: number }) => Promise<T>,
  ): Promise<T> {
    try {
      return await fn(await this.client(serviceUrl), { timeout: this.timeoutMs });
    } catch (e) {
      throw toSendError(e);
    }
  }

  private client(serviceUrl: string): Promise<ConnectorClient> {
    let c = this.clients.get(serviceUrl);
    if (!c) {
      const identity = new ClaimsIdentity([
        { type: AuthenticationConstants.AudienceClaim, value: this.appId },
        { type: AuthenticationConstants.AppIdClaim, value: this.appId },
      ]);
      c = this.auth.createConnectorFactory(identity).create(serviceUrl, undefined).then(withoutRetries);
      // A failed creation (e.g. no token) is not cached: the next send tries again.
      c.catch(() => this.clients.delete(serviceUrl));
      this.clients.set(serviceUrl, c);
    }
    return c;
  }
}

/** TeamsInfo's Teams client on the same credentials, without its retry policy (the outbox retries). */
function teamsClient(c: ConnectorClient, serviceUrl: string): TeamsConnectorClient {
  const t = new TeamsConnectorClient(c.credentials, { baseUri: serviceUrl });
  const pipeline = (t as unknown as WithPipeline).client?.pipeline;
  pipeline?.removePolicy({ name: 'defaultRetryPolicy' });
  return t;
}

/** ServiceClient's pipeline (botbuilder-stdlib's compat layer over @azure/core-client). */
type WithPipeline = { client?: { pipeline?: { removePolicy(o: { name: string }): unknown } } };

function withoutRetries(c: ConnectorClient): ConnectorClient {
  const pipeline = (c as unknown as WithPipeline).client?.pipeline;
  if (!pipeline) throw new Error('botbuilder changed: the ConnectorClient has no pipeline to configure.');
  pipeline.removePolicy({ name: 'defaultRetryPolicy' });
  return c;
}

function toSendError(e: unknown): SendError {
  if (e instanceof SendError) return e;
  const err = e as {
    statusCode?: number;
    name?: string;
    response?: { headers?: { get?(n: string): string | undefined } };
  };
  const retryAfter = Number(err.response?.headers?.get?.('retry-after'));
  const timedOut = err.name === 'AbortError' || /timeout/i.test(String((e as Error)?.name ?? ''));
  return new SendError(
    timedOut
      ? 'The Bot Connector did not answer in time (it may have accepted the message).'
      : `Bot Connector call failed${err.statusCode ? ` (${err.statusCode})` : ''}`,
    err.statusCode,
    Number.isFinite(retryAfter) ? retryAfter * 1000 : undefined,
    timedOut,
  );
}
