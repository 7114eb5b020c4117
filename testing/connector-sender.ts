/**
 * Test-only ChatSender that calls Bot Connector REST routes with fetch, so the outbox worker can
 * be exercised end to end against the connector stand-in. Production uses botbuilder
 * (bot/src/teams); this exists only because tests should not need Bot Framework credentials.
 */
import {
  type ChatSender,
  type ConversationTarget,
  type MeetingNotice,
  type OutgoingActivity,
  type PersonalAddress,
  SendError,
} from '../bot/src/outbox/chat-sender.js';

/** Retry-After is either delay-seconds or an HTTP date (RFC 9110 section 10.2.3). */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

const activitiesUrl = (t: ConversationTarget) =>
  new URL(`v3/conversations/${encodeURIComponent(t.conversationId)}/activities`, t.serviceUrl).toString();

async function call(method: 'POST' | 'PUT', url: string, body: unknown): Promise<{ id?: string }> {
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) {
    await res.body?.cancel();
    throw new SendError(
      `Bot Connector answered ${res.status}`,
      res.status,
      parseRetryAfter(res.headers.get('retry-after')),
    );
  }
  return (await res.json()) as { id?: string };
}

export function connectorSender(): ChatSender {
  return {
    async send(target: ConversationTarget, activity: OutgoingActivity) {
      const body = { type: 'message', ...activity, conversation: { id: target.conversationId } };
      const { id } = await call('POST', activitiesUrl(target), body);
      if (!id) throw new SendError('Bot Connector returned no activity id');
      return { id };
    },
    async openPersonalChat(user: PersonalAddress): Promise<ConversationTarget> {
      const url = new URL('v3/conversations', user.serviceUrl).toString();
      const { id } = await call('POST', url, { isGroup: false, members: [{ id: user.teamsUserId }] });
      if (!id) throw new SendError('Bot Connector returned no conversation id');
      return { conversationId: id, serviceUrl: user.serviceUrl, reference: { conversation: { id } } };
    },
    /** The targeted meeting notification route, with the body botbuilder's TeamsInfo sends. */
    async notify(target: ConversationTarget, notice: MeetingNotice) {
      const url = new URL(
        `v1/meetings/${encodeURIComponent(notice.teamsMeetingId)}/notification`,
        target.serviceUrl,
      );
      const body = {
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
      };
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      await res.body?.cancel();
      if (!res.ok)
        throw new SendError(
          `Bot Connector answered ${res.status}`,
          res.status,
          parseRetryAfter(res.headers.get('retry-after')),
        );
    },
    async update(target: ConversationTarget, activityId: string, activity: OutgoingActivity) {
      const body = {
        type: 'message',
        ...activity,
        id: activityId,
        conversation: { id: target.conversationId },
      };
      await call('PUT', `${activitiesUrl(target)}/${encodeURIComponent(activityId)}`, body);
    },
  };
}
