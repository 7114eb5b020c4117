import type { Repos } from '@marac/core';
import type { ConversationTarget, MeetingNotice, OutgoingActivity } from './outbox/chat-sender.js';

/** Put a message on the outbox for a chat; the worker sends it within Teams' limits, in order. */
export type Post = (
  target: ConversationTarget,
  activity: OutgoingActivity,
  opts?: { cardKey?: string; mode?: 'send' | 'update' | 'upsert' },
) => Promise<void>;

/** Queue a targeted in-meeting notification (the outbox's 'notify' kind): private, never a chat post. */
export type Notify = (target: ConversationTarget, notice: MeetingNotice) => Promise<void>;

export const text = (t: string, mentions: { id: string; name: string }[] = []): OutgoingActivity => ({
  type: 'message',
  text: t,
  textFormat: 'markdown',
  ...(mentions.length
    ? {
        entities: mentions.map((m) => ({
          type: 'mention',
          text: `<at>${m.name}</at>`,
          mentioned: { id: m.id, name: m.name },
        })),
      }
    : {}),
});

/** Teams user ids (29:...) we have seen for these people, for per-user card refresh and mentions. */
export async function teamsIds(r: Repos, aadObjectIds: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const refs = await r.conversations.getPersonalMany(aadObjectIds.map((aad) => `user:${aad}`));
  for (const aad of aadObjectIds) {
    const id = refs.get(`user:${aad}`)?.teamsUserId;
    if (typeof id === 'string') out.set(aad, id);
  }
  return out;
}

/**
 * What this process last stored or read for each person, per store: every activity carries the
 * sender's ids, and after the first they are nearly always the ones already stored. Nothing
 * removes these rows, so a remembered match stays true; a miss just reads as before.
 */
const storedUsers = new WeakMap<Repos, Map<string, string>>();
const MAX_REMEMBERED_USERS = 10_000;

/** Keep the person's Teams user id and service URL (mentions, card refresh lists, 1:1 chats). */
export async function rememberUser(
  r: Repos,
  aad: string,
  teamsUserId: string,
  serviceUrl: string,
  tenantId?: string,
) {
  let seen = storedUsers.get(r);
  if (!seen) storedUsers.set(r, (seen = new Map()));
  const ids = `${teamsUserId}\n${serviceUrl}`;
  if (seen.get(aad) === ids) return;
  const prior = await r.conversations.getPersonal(`user:${aad}`);
  if (prior?.teamsUserId !== teamsUserId || prior?.serviceUrl !== serviceUrl)
    await r.conversations.putPersonal(`user:${aad}`, { ...prior, teamsUserId, serviceUrl, tenantId });
  if (seen.size >= MAX_REMEMBERED_USERS) seen.clear();
  seen.set(aad, ids);
}
