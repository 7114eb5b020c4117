import { TurnContext } from 'botbuilder';
import type { Turn } from '../turn.js';
import { plainText } from '../plain-text.js';

const EVENT_KINDS: Record<string, Turn['kind']> = {
  'application/vnd.microsoft.meetingStart': 'meeting-start',
  'application/vnd.microsoft.meetingEnd': 'meeting-end',
  'application/vnd.microsoft.meetingParticipantJoin': 'participants-join',
  'application/vnd.microsoft.meetingParticipantLeave': 'participants-leave',
};

/** Translate a botbuilder TurnContext into the bot's own Turn. */
export function toTurn(ctx: TurnContext): Turn {
  const a = ctx.activity;
  const reference = TurnContext.getConversationReference(a) as Record<string, unknown>;
  const channelData = (a.channelData ?? {}) as { meeting?: { id?: string }; tenant?: { id?: string } };
  const conversationType = (a.conversation?.conversationType as Turn['conversationType']) ?? 'personal';
  const botId = a.recipient?.id;
  const mentioned = (a.entities ?? []).some(
    (e) => e.type === 'mention' && (e as { mentioned?: { id?: string } }).mentioned?.id === botId,
  );
  let kind: Turn['kind'] = 'other';
  let text: string | undefined;
  let card: Turn['card'];
  let members: Turn['members'];
  if (a.type === 'message' && typeof a.text === 'string') {
    kind = 'message';
    text = plainText(TurnContext.removeRecipientMention(a) ?? a.text);
  } else if (a.type === 'invoke' && a.name === 'adaptiveCard/action') {
    const v = (a.value ?? {}) as {
      action?: { verb?: string; data?: Record<string, unknown> };
      trigger?: string;
    };
    kind = 'card-action';
    card = {
      verb: String(v.action?.verb ?? ''),
      data: v.action?.data ?? {},
      trigger: v.trigger === 'automatic' ? 'automatic' : 'manual',
    };
  } else if (a.type === 'event' && a.name && EVENT_KINDS[a.name]) {
    kind = EVENT_KINDS[a.name];
    const v = (a.value ?? {}) as {
      members?: { user?: { id?: string; aadObjectId?: string; name?: string } }[];
    };
    members = (v.members ?? []).map((m) => ({
      id: String(m.user?.id ?? ''),
      aadObjectId: m.user?.aadObjectId,
      name: String(m.user?.name ?? 'Someone'),
    }));
  } else if (a.type === 'conversationUpdate' && (a.membersAdded ?? []).some((m) => m.id === botId)) {
    kind = 'installed';
  } else if (a.type === 'installationUpdate' && (a as { action?: string }).action === 'add') {
    kind = 'installed';
  }
  return {
    kind,
    activityId: a.id ?? '',
    sentAt: a.timestamp ? new Date(a.timestamp).getTime() || undefined : undefined,
    conversationType,
    target: { conversationId: a.conversation.id, serviceUrl: a.serviceUrl, reference },
    tenantId: channelData.tenant?.id ?? a.conversation?.tenantId,
    teamsMeetingId: channelData.meeting?.id,
    from: {
      id: a.from?.id ?? '',
      aadObjectId: a.from?.aadObjectId,
      name: a.from?.name ?? 'Someone',
      isBot: a.from?.role === 'bot' || /^28:/.test(a.from?.id ?? ''),
    },
    text,
    botMentioned: mentioned,
    card,
    members,
  };
}
