import {
  type Actor,
  type Clock,
  type Store,
  type AgencyDirectory,
  isDomainError,
  resolveActor,
  linkByCode,
  openDeclaration,
  markPresent,
  markLeft,
  adoptChat,
  parseChat,
  rememberTeamsMeetingId,
  ukDate,
} from '@marac/core';
import type { ActionReminderFeed } from './activity-feed-reminders.js';
import type { Turn, InvokeAnswer } from './turn.js';
import { type Notify, type Post, rememberUser, text } from './post.js';
import { handleCardAction } from './handlers/card-actions.js';
import { onMeetingMessage } from './handlers/meeting-chat.js';

export interface BotDeps {
  store: Store;
  clock: Clock;
  post: Post;
  notify: Notify;
  /** Where Teams reaches the tab (targeted notifications open its stage page). */
  publicBaseUrl: string;
  owner: string;
  /** Optional (Microsoft Graph): a newcomer's agency from the directory, when nothing else knows it. */
  agencyDirectory?: AgencyDirectory;
  /** Optional (Microsoft Graph): action reminders also as Teams activity-feed notifications. */
  activityFeed?: ActionReminderFeed;
  log: {
    info(o: object, m: string): void;
    warn(o: object, m: string): void;
    error(o: object, m: string): void;
  };
}

const PERSONAL_HELP =
  "I run MARAC meetings in their Teams meeting chat: the confidentiality declaration, the cases in batting order with timers, and the actions. Here in our 1:1 chat I send you your agency's actions after each meeting. Coordinators manage meetings in the MARAC tab.";
const LINK_HELP =
  "This chat is not linked to a MARAC meeting yet. The chair or coordinator links it by typing `link CODE` with the meeting's code from the MARAC tab (for the demonstration meeting: `link DEMO`), or by choosing the meeting in the meeting tab's settings.";

/** Routes each Teams turn to the use case it asks for. Every reply goes through the outbox. */
export async function onTurn(deps: BotDeps, turn: Turn): Promise<InvokeAnswer | void> {
  if (turn.from.isBot) return;
  const r = deps.store.repos;
  if (turn.from.aadObjectId)
    await rememberUser(r, turn.from.aadObjectId, turn.from.id, turn.target.serviceUrl, turn.tenantId);
  if (turn.kind === 'card-action') return handleCardAction(deps, turn);
  if (turn.conversationType === 'personal') {
    if (turn.kind === 'message' && turn.from.aadObjectId)
      await r.conversations.putPersonal(`user:${turn.from.aadObjectId}`, {
        ...(await r.conversations.getPersonal(`user:${turn.from.aadObjectId}`)),
        personal: turn.target,
      });
    if (turn.kind === 'message') await deps.post(turn.target, text(PERSONAL_HELP));
    return;
  }
  const inChat = await r.meetings.withArea({ conversationId: turn.target.conversationId });
  const adopted = await adoptChat(deps, inChat?.meeting, turn.target, turn.tenantId);
  const meeting = adopted && (await rememberTeamsMeetingId(deps, adopted, turn.teamsMeetingId));
  // The area read with the chat's meeting, when that is the meeting this turn is about.
  const area = meeting && inChat?.meeting.id === meeting.id ? inChat.area : undefined;
  const say = (t: string, mentions: { id: string; name: string }[] = []) =>
    deps.post(turn.target, text(t, mentions));
  // Teams may announce one install twice (installationUpdate and conversationUpdate): greet once.
  if (turn.kind === 'installed') {
    if (
      !(await r.claims.claim(
        `greeting:${turn.target.conversationId}`,
        deps.owner,
        new Date(deps.clock.now()).toISOString(),
      ))
    )
      return;
    return say(
      `Hello. I help run MARAC meetings in this chat. ${meeting ? 'This chat is linked.' : LINK_HELP}`,
    );
  }
  if (!meeting) {
    if (turn.kind !== 'message') return;
    const cmd = parseChat(turn.text ?? '');
    if (cmd?.verb === 'link') return link(deps, turn, cmd.args.code, say);
    if (cmd || turn.botMentioned) return say(LINK_HELP);
    return;
  }
  // Teams may deliver an activity twice: handle each once. A message claims in its handler, so a
  // confirmation's claim commits in the confirmation's own transaction.
  const once = turn.activityId
    ? { key: `activity:${turn.target.conversationId}:${turn.activityId}`, owner: deps.owner }
    : undefined;
  if (
    turn.kind !== 'message' &&
    once &&
    !(await r.claims.claim(once.key, once.owner, new Date(deps.clock.now()).toISOString()))
  )
    return;
  switch (turn.kind) {
    case 'meeting-start':
      await openDeclaration(deps, meeting.id, systemActor);
      return;
    case 'participants-join':
      for (const m of turn.members ?? [])
        if (m.aadObjectId) {
          await rememberUser(r, m.aadObjectId, m.id, turn.target.serviceUrl, turn.tenantId);
          await markPresent(deps, meeting.id, { aadObjectId: m.aadObjectId, displayName: m.name }, 'joined');
        }
      return;
    case 'participants-leave':
      for (const m of turn.members ?? []) if (m.aadObjectId) await markLeft(deps, meeting.id, m.aadObjectId);
      return;
    case 'message':
      return onMeetingMessage(deps, turn, meeting, say, once, area);
    default:
      return;
  }
}

const systemActor: Actor = { aadObjectId: 'system', displayName: 'MARAC bot' };

async function link(deps: BotDeps, turn: Turn, code: string, say: (t: string) => Promise<void>) {
  const actor = await resolveActor(deps.store.repos, turn.from.aadObjectId ?? '', turn.from.name);
  try {
    const m = await linkByCode(
      deps,
      code,
      {
        conversationId: turn.target.conversationId,
        serviceUrl: turn.target.serviceUrl,
        tenantId: turn.tenantId,
        reference: turn.target.reference,
      },
      actor,
    );
    await say(
      `Linked to the ${m.kind === 'closed' ? 'closed session' : 'MARAC'} of ${ukDate(m.date)} at ${m.startTime}. The chair says \`declaration\` to post the confidentiality declaration (it also appears when the meeting starts). \`help\` lists the commands.`,
    );
  } catch (e) {
    if (isDomainError(e)) return say(e.message);
    throw e;
  }
}
