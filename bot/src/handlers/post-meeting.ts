import type { ActionReminderFeed } from '../activity-feed-reminders.js';
import { type MaracAction, type Repos, type Store, type Clock, ukDate } from '@marac/core';
import type { ConversationTarget } from '../outbox/chat-sender.js';
import type { Post } from '../post.js';
import { cardMessage, renderAction } from '../cards/render.js';
import type { ActionCardData } from '../cards/card-data.js';

export interface DeliveryDeps {
  store: Store;
  clock: Clock;
  post: Post;
  owner: string;
  log: { warn(o: object, m: string): void };
  /** Teams activity feed (Graph), when configured: notices besides the 1:1 cards. */
  activityFeed?: ActionReminderFeed;
}

const STATUS: Record<MaracAction['status'], string> = {
  open: 'Open',
  complete: 'Complete',
  'cannot-complete': "Can't complete",
  'no-update': 'No update from lead agency',
  removed: 'Removed in the meeting',
};
const FOR: Record<MaracAction['forWhom'], string> = {
  victim: 'Victim',
  perpetrator: 'Perpetrator',
  child: 'Child',
  household: 'Household',
  staff: 'Staff',
};

/** What an action card shows: case reference and the action, never a name. */
export async function actionCardData(r: Repos, a: MaracAction, notice = ''): Promise<ActionCardData> {
  const meeting = await r.meetings.get(a.meetingId);
  const area = meeting ? await r.areas.get(meeting.areaId) : undefined;
  const agencies = area ? await r.agencies.list(area.id) : [];
  // Everyone who may act on the card has their view refreshed by Teams (at most 60 ids).
  const viewers = (await r.people.list()).filter(
    (p) => p.agencyId === a.ownerAgencyId || p.roles.includes('coordinator'),
  );
  const ids: string[] = [];
  for (const p of viewers) {
    const ref = await r.conversations.getPersonal(`user:${p.aadObjectId}`);
    if (typeof ref?.teamsUserId === 'string') ids.push(ref.teamsUserId);
  }
  const status = a.status === 'no-update' && area ? area.overdueLabel : STATUS[a.status];
  return {
    actionId: a.id,
    version: a.version,
    reference: a.caseReference,
    description: a.description,
    agency: agencies.find((x) => x.id === a.ownerAgencyId)?.name ?? a.ownerAgencyId,
    forWhom: FOR[a.forWhom] ?? a.forWhom,
    due: ukDate(a.dueDate),
    status,
    open: a.status === 'open' || a.status === 'no-update',
    notice,
    userIds: ids.slice(0, 60),
    updates: a.updates
      .filter((u) => u.note)
      .slice(-5)
      .map((u) => ({ at: u.at.slice(0, 16).replace('T', ' '), text: `${u.kind}: ${u.note}` })),
  };
}

/** Where one agency's action cards go, each with a key that names the recipient. */
export async function agencyTargets(
  deps: DeliveryDeps,
  a: MaracAction,
): Promise<{ key: string; to: ConversationTarget }[]> {
  const r = deps.store.repos;
  const meeting = await r.meetings.get(a.meetingId);
  const agency = meeting
    ? (await r.agencies.list(meeting.areaId)).find((x) => x.id === a.ownerAgencyId)
    : undefined;
  // The agency's channel when it has one (and we know the Teams service to reach it through).
  if (agency?.channelConversationId && meeting?.teams?.serviceUrl) {
    const reference = {
      ...meeting.teams.reference,
      conversation: { id: agency.channelConversationId, conversationType: 'channel' },
    };
    return [
      {
        key: 'channel',
        to: { conversationId: agency.channelConversationId, serviceUrl: meeting.teams.serviceUrl, reference },
      },
    ];
  }
  const out: { key: string; to: ConversationTarget }[] = [];
  for (const p of (await r.people.list()).filter((x) => x.agencyId === a.ownerAgencyId)) {
    const to = await personalTarget(deps, p.aadObjectId);
    if (to) out.push({ key: p.aadObjectId, to });
  }
  return out;
}

/**
 * After the meeting each agency gets its actions where its people work: the agency's channel if
 * configured, else a 1:1 chat with each representative the bot knows. Claimed once per action
 * and recipient, so a second instance or a replay sends nothing twice.
 */
export async function sendActionsToAgencies(deps: DeliveryDeps, meetingId: string) {
  const r = deps.store.repos;
  const meeting = await r.meetings.get(meetingId);
  if (!meeting?.teams) return;
  const actions = (await r.actions.list({ meetingId })).filter((a) => a.status === 'open');
  const at = new Date(deps.clock.now()).toISOString();
  for (const a of actions) {
    const card = cardMessage(renderAction(await actionCardData(r, a)), `MARAC action ${a.caseReference}`);
    for (const { key, to } of await agencyTargets(deps, a)) {
      if (!(await r.claims.claim(`deliver:${a.id}:${key}`, deps.owner, at))) continue;
      await deps.post(to, card, { cardKey: `action:${a.id}:${key}`, mode: 'upsert' });
    }
  }
}

/**
 * An action changed (in the tab, on a card, by the follow-up): every agency card already delivered
 * for it is updated in place, so the 1:1 chat or channel shows what the tracker shows.
 */
export async function refreshAgencyCards(deps: DeliveryDeps, actionId: string) {
  const r = deps.store.repos;
  const a = await r.actions.get(actionId);
  if (!a) return;
  let card: ReturnType<typeof cardMessage> | undefined;
  for (const { key, to } of await agencyTargets(deps, a)) {
    const cardKey = `action:${a.id}:${key}`;
    if (!(await r.cards.get(cardKey))) continue;
    card ??= cardMessage(renderAction(await actionCardData(r, a)), `MARAC action ${a.caseReference}`);
    await deps.post(to, card, { cardKey, mode: 'update' });
  }
}

/**
 * The stored 1:1 chat with someone; if there is none yet, a target the outbox opens first. No
 * network call here: this runs inside transactions (the projector's claim among them).
 */
export async function personalTarget(
  deps: Pick<DeliveryDeps, 'store'>,
  aad: string,
): Promise<ConversationTarget | undefined> {
  const user = await deps.store.repos.conversations.getPersonal(`user:${aad}`);
  if (user?.personal) return user.personal as ConversationTarget;
  if (typeof user?.teamsUserId !== 'string' || typeof user.serviceUrl !== 'string') return undefined;
  const open = {
    aadObjectId: aad,
    teamsUserId: user.teamsUserId,
    serviceUrl: user.serviceUrl,
    ...(typeof user.tenantId === 'string' ? { tenantId: user.tenantId } : {}),
  };
  return {
    conversationId: `personal:${aad}`,
    serviceUrl: user.serviceUrl,
    reference: {},
    openPersonal: open,
  };
}
