import type { MaracAction, Repos, Store, Clock } from '@marac/core';
import type { ConversationTarget } from '../outbox/chat-sender.js';
import type { Post } from '../post.js';
import { cardMessage, renderAction } from '../cards/render.js';
import type { ActionCardData } from '../cards/card-data.js';

export type OpenPersonalChat = (user: { teamsUserId: string; tenantId?: string; serviceUrl: string }) => Promise<ConversationTarget>;

interface Deps {
  store: Store;
  clock: Clock;
  post: Post;
  owner: string;
  openPersonalChat?: OpenPersonalChat;
  log: { warn(o: object, m: string): void };
}

const STATUS: Record<MaracAction['status'], string> = { open: 'Open', complete: 'Complete', 'cannot-complete': "Can't complete", 'no-update': 'No update from lead agency' };

export async function actionCardData(r: Repos, a: MaracAction, notice = ''): Promise<ActionCardData> {
  const meeting = await r.meetings.get(a.meetingId);
  const area = meeting ? await r.areas.get(meeting.areaId) : undefined;
  const agencies = area ? await r.agencies.list(area.id) : [];
  const reps = (await r.people.list()).filter((p) => p.agencyId === a.ownerAgencyId || p.roles.includes('coordinator'));
  const ids: string[] = [];
  for (const p of reps) {
    const ref = await r.conversations.getPersonal(`user:${p.aadObjectId}`);
    if (typeof ref?.teamsUserId === 'string') ids.push(ref.teamsUserId);
  }
  return {
    actionId: a.id, version: a.version, reference: a.caseReference, description: a.description,
    agency: agencies.find((x) => x.id === a.ownerAgencyId)?.name ?? a.ownerAgencyId, due: a.dueDate,
    status: a.status === 'no-update' && area ? area.overdueLabel : STATUS[a.status], open: a.status === 'open' || a.status === 'no-update',
    notice, userIds: ids.slice(0, 60),
    updates: a.updates.filter((u) => u.note).slice(-5).map((u) => ({ at: u.at.slice(0, 16).replace('T', ' '), text: `${u.kind}: ${u.note}` })),
  };
}

/**
 * After the meeting each agency gets its actions where its people work: the agency's channel if
 * configured, else a 1:1 chat with each representative the bot knows. Claimed once per action
 * and recipient, so a second instance or a replay sends nothing twice.
 */
export async function sendActionsToAgencies(deps: Deps, meetingId: string) {
  const r = deps.store.repos;
  const meeting = await r.meetings.get(meetingId);
  if (!meeting?.teams) return;
  const actions = (await r.actions.list({ meetingId })).filter((a) => a.status === 'open');
  const agencies = await r.agencies.list(meeting.areaId);
  const people = await r.people.list();
  const at = new Date(deps.clock.now()).toISOString();
  for (const a of actions) {
    const agency = agencies.find((x) => x.id === a.ownerAgencyId);
    const card = cardMessage(renderAction(await actionCardData(r, a)), `MARAC action ${a.caseReference}`);
    if (agency?.channelConversationId) {
      if (!(await r.claims.claim(`deliver:${a.id}:channel`, deps.owner, at))) continue;
      const to = { conversationId: agency.channelConversationId, serviceUrl: meeting.teams.serviceUrl, reference: { ...meeting.teams.reference, conversation: { id: agency.channelConversationId, conversationType: 'channel' } } };
      await deps.post(to, card, { cardKey: `action:${a.id}:channel`, mode: 'upsert' });
      continue;
    }
    for (const p of people.filter((x) => x.agencyId === a.ownerAgencyId)) {
      const to = await personalTarget(deps, p.aadObjectId);
      if (!to) continue;
      if (!(await r.claims.claim(`deliver:${a.id}:${p.aadObjectId}`, deps.owner, at))) continue;
      await deps.post(to, card, { cardKey: `action:${a.id}:${p.aadObjectId}`, mode: 'upsert' });
    }
  }
}

/** The stored 1:1 chat with someone, opened proactively the first time. */
export async function personalTarget(deps: Deps, aad: string): Promise<ConversationTarget | undefined> {
  const r = deps.store.repos;
  const user = await r.conversations.getPersonal(`user:${aad}`);
  if (user?.personal) return user.personal as ConversationTarget;
  if (typeof user?.teamsUserId !== 'string' || typeof user.serviceUrl !== 'string' || !deps.openPersonalChat) return undefined;
  try {
    const personal = await deps.openPersonalChat({ teamsUserId: user.teamsUserId, serviceUrl: user.serviceUrl, tenantId: user.tenantId as string | undefined });
    await r.conversations.putPersonal(`user:${aad}`, { ...user, personal });
    return personal;
  } catch (e) {
    deps.log.warn({ err: (e as Error).message }, 'could not open a 1:1 chat for action cards');
    return undefined;
  }
}
