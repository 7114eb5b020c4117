import { demoAadObjectId } from '@marac/core';

/** Teams-shaped activities for driving the bot over HTTP, as Teams sends them in a meeting chat. */
export interface Speaker {
  aad: string;
  name: string;
  teamsId: string;
}

export const demoSpeaker = (personId: string, name: string): Speaker => ({
  aad: demoAadObjectId(personId),
  name,
  teamsId: `29:${personId}`,
});

export const guest = (n: number, name = `Guest ${n}`): Speaker => ({
  aad: `11111111-0000-4000-8000-${String(n).padStart(12, '0')}`,
  name,
  teamsId: `29:guest-${n}`,
});

let seq = 0;
export const nextId = () => `act-${Date.now().toString(36)}-${++seq}`;

export function meetingChat(
  serviceUrl: string,
  conversationId = '19:meeting_demo@thread.v2',
  meetingId = 'MCMeeting-demo',
) {
  const base = (from: Speaker) => ({
    channelId: 'msteams',
    serviceUrl,
    id: nextId(),
    timestamp: new Date().toISOString(),
    from: { id: from.teamsId, name: from.name, aadObjectId: from.aad },
    recipient: { id: '28:marac-bot', name: 'MARAC' },
    conversation: {
      id: conversationId,
      conversationType: 'groupChat',
      isGroup: true,
      tenantId: 'tenant-demo',
    },
    channelData: { tenant: { id: 'tenant-demo' }, meeting: { id: meetingId } },
  });
  return {
    conversationId,
    say: (from: Speaker, text: string, mentionBot = false) => ({
      ...base(from),
      type: 'message',
      text: mentionBot ? `<at>MARAC</at> ${text}` : text,
      ...(mentionBot
        ? {
            entities: [
              { type: 'mention', text: '<at>MARAC</at>', mentioned: { id: '28:marac-bot', name: 'MARAC' } },
            ],
          }
        : {}),
    }),
    card: (
      from: Speaker,
      verb: string,
      data: Record<string, unknown>,
      trigger: 'manual' | 'automatic' = 'manual',
    ) => ({
      ...base(from),
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb, data }, trigger },
    }),
    event: (from: Speaker, name: string, value: unknown = {}) => ({
      ...base(from),
      type: 'event',
      name,
      value,
    }),
    join: (organiser: Speaker, ...who: Speaker[]) => ({
      ...base(organiser),
      type: 'event',
      name: 'application/vnd.microsoft.meetingParticipantJoin',
      value: {
        members: who.map((w) => ({
          user: { id: w.teamsId, name: w.name, aadObjectId: w.aad },
          meeting: { inMeeting: true, role: 'Attendee' },
        })),
      },
    }),
    leave: (organiser: Speaker, ...who: Speaker[]) => ({
      ...base(organiser),
      type: 'event',
      name: 'application/vnd.microsoft.meetingParticipantLeave',
      value: {
        members: who.map((w) => ({
          user: { id: w.teamsId, name: w.name, aadObjectId: w.aad },
          meeting: { inMeeting: false },
        })),
      },
    }),
    installed: (from: Speaker) => ({
      ...base(from),
      type: 'conversationUpdate',
      membersAdded: [{ id: '28:marac-bot' }],
    }),
  };
}

export async function postActivity(baseUrl: string, activity: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${baseUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(activity),
  });
  const body = await res.text();
  return { status: res.status, body: body ? safeJson(body) : undefined };
}
const safeJson = (s: string) => {
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
};
