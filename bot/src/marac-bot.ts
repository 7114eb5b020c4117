import {
  type Actor, type Clock, type Meeting, type Store, DomainError, isDomainError, recogniseConfirmation, resolveActor,
  linkByCode, openDeclaration, confirmDeclaration, markPresent, markLeft, runChairCommand, addAction, parseDueDate, mayChair,
} from '@marac/core';
import { type AgencyDirectory, adoptChat } from '@marac/core';
import type { ActionReminderFeed } from './activity-feed-reminders.js';
import type { Turn, InvokeAnswer } from './turn.js';
import { CHAIR_HELP, firstWord, parseCommand } from './commands.js';
import { type Post, rememberUser, text } from './post.js';
import { meetingView, whereWeAre } from './views/meeting-view.js';
import { handleCardAction } from './handlers/card-actions.js';
import type { OpenPersonalChat } from './handlers/post-meeting.js';

export interface BotDeps {
  store: Store;
  clock: Clock;
  post: Post;
  owner: string;
  openPersonalChat?: OpenPersonalChat;
  /** Optional (Microsoft Graph): a newcomer's agency from the directory, when nothing else knows it. */
  agencyDirectory?: AgencyDirectory;
  /** Optional (Microsoft Graph): action reminders also as Teams activity-feed notifications. */
  activityFeed?: ActionReminderFeed;
  log: { info(o: object, m: string): void; warn(o: object, m: string): void; error(o: object, m: string): void };
}

const HELP = `**MARAC bot commands** (the chair's, typed in the meeting chat):\n\n${CHAIR_HELP.map(([c, d]) => `- \`${c}\`: ${d}`).join('\n')}\n\nEveryone confirms the confidentiality declaration by typing "I agree" or pressing "I confirm".`;
const PERSONAL_HELP = 'I run MARAC meetings in their Teams meeting chat: the confidentiality declaration, the cases in batting order with timers, and the actions. Here in our 1:1 chat I send you your agency\'s actions after each meeting. Coordinators manage meetings in the MARAC tab.';
const LINK_HELP = 'This chat is not linked to a MARAC meeting yet. The chair or coordinator links it by typing `link CODE` with the meeting\'s code from the MARAC tab (for the demonstration meeting: `link DEMO`), or by choosing the meeting in the meeting tab\'s settings.';

/** Routes each Teams turn to the use case it asks for. Replies in meeting chats go through the outbox. */
export async function onTurn(deps: BotDeps, turn: Turn, reply: (t: string) => Promise<void>): Promise<InvokeAnswer | void> {
  if (turn.from.isBot) return;
  const r = deps.store.repos;
  if (turn.from.aadObjectId) await rememberUser(r, turn.from.aadObjectId, turn.from.id, turn.target.serviceUrl, turn.tenantId);
  if (turn.kind === 'card-action') return handleCardAction(deps, turn);
  if (turn.conversationType === 'personal') {
    if (turn.kind === 'message' && turn.from.aadObjectId)
      await r.conversations.putPersonal(`user:${turn.from.aadObjectId}`, { ...(await r.conversations.getPersonal(`user:${turn.from.aadObjectId}`)), personal: turn.target });
    if (turn.kind === 'message') await reply(PERSONAL_HELP);
    return;
  }
  const meeting = await adoptChat(deps, await r.meetings.byConversationId(turn.target.conversationId), turn.target, turn.tenantId);
  const say = (t: string, mentions: { id: string; name: string }[] = []) => deps.post(turn.target, text(t, mentions));
  if (turn.kind === 'installed') return say(`Hello. I help run MARAC meetings in this chat. ${meeting ? 'This chat is linked.' : LINK_HELP}`);
  if (!meeting) {
    if (turn.kind !== 'message') return;
    const cmd = parseCommand(turn.text ?? '');
    if (cmd?.kind === 'link') return link(deps, turn, cmd.code, say);
    if (cmd || turn.botMentioned) return say(LINK_HELP);
    return;
  }
  // Teams may deliver an activity twice: handle each once.
  if (turn.activityId && !(await r.claims.claim(`activity:${turn.target.conversationId}:${turn.activityId}`, deps.owner, new Date(deps.clock.now()).toISOString()))) return;
  switch (turn.kind) {
    case 'meeting-start':
      await openDeclaration(deps, meeting.id, systemActor);
      return;
    case 'participants-join':
      for (const m of turn.members ?? []) if (m.aadObjectId) {
        await rememberUser(r, m.aadObjectId, m.id, turn.target.serviceUrl, turn.tenantId);
        await markPresent(deps, meeting.id, { aadObjectId: m.aadObjectId, displayName: m.name }, 'joined');
      }
      return;
    case 'participants-leave':
      for (const m of turn.members ?? []) if (m.aadObjectId) await markLeft(deps, meeting.id, m.aadObjectId);
      return;
    case 'message':
      return onMeetingMessage(deps, turn, meeting, say);
    default:
      return;
  }
}

const systemActor: Actor = { aadObjectId: 'system', displayName: 'MARAC bot' };

async function link(deps: BotDeps, turn: Turn, code: string, say: (t: string) => Promise<void>) {
  const actor = await resolveActor(deps.store.repos, turn.from.aadObjectId ?? '', turn.from.name);
  try {
    const m = await linkByCode(deps, code, { conversationId: turn.target.conversationId, serviceUrl: turn.target.serviceUrl, tenantId: turn.tenantId, reference: turn.target.reference }, actor);
    await say(`Linked to the ${m.kind === 'closed' ? 'closed session' : 'MARAC'} of ${m.date} at ${m.startTime}. The chair says \`declaration\` to post the confidentiality declaration (it also appears when the meeting starts). \`help\` lists the commands.`);
  } catch (e) {
    if (isDomainError(e)) return say(e.message);
    throw e;
  }
}

async function onMeetingMessage(deps: BotDeps, turn: Turn, meeting: Meeting, say: (t: string, m?: { id: string; name: string }[]) => Promise<void>) {
  const r = deps.store.repos;
  const words = turn.text ?? '';
  const aad = turn.from.aadObjectId;
  if (!aad) return;
  const actor = await resolveActor(r, aad, turn.from.name);
  const cmd = parseCommand(words);
  if (!cmd) {
    const heard = recogniseConfirmation(words);
    if (heard.confirmed) {
      const agency = heard.agencyHint ? (await r.agencies.list(meeting.areaId)).find((a) => a.name.toLowerCase().includes(heard.agencyHint!.toLowerCase()) || a.short.toLowerCase() === heard.agencyHint!.toLowerCase()) : undefined;
      await confirmDeclaration(deps, meeting.id, actor, 'typed', turn.activityId, agency?.id);
    } else {
      await markPresent(deps, meeting.id, actor, 'spoke');
      if (turn.botMentioned) await say(`I did not recognise "${firstWord(words)}". Say \`help\` for the commands.`);
    }
    return;
  }
  await markPresent(deps, meeting.id, actor, 'spoke');
  try {
    switch (cmd.kind) {
      case 'help':
        return await say(HELP);
      case 'link':
        return await say('This chat is already linked to a MARAC meeting.');
      case 'status': {
        const v = await meetingView(r, meeting.id);
        return await say(whereWeAre(v, deps.clock.now()));
      }
      case 'declaration':
        if (!mayChair(meeting, actor)) return await refusal(deps, actor, meeting.id, 'declaration');
        await openDeclaration(deps, meeting.id, actor);
        return;
      case 'chair':
        await chairOnce(deps, meeting.id, actor, cmd.text, turn.sentAt, () => runChairCommand(deps, meeting.id, actor, cmd.command));
        return;
      case 'override':
        if (!cmd.reason) return await say('Give a reason: `override <reason>`. It is recorded with the names of those who had not confirmed.');
        await runChairCommand(deps, meeting.id, actor, { type: 'start' }, { overrideReason: cmd.reason });
        return;
      case 'delegate': {
        if (actor.person?.id !== meeting.chairId) return await refusal(deps, actor, meeting.id, 'delegate');
        const p = (await r.people.list()).find((x) => x.displayName.toLowerCase() === cmd.name.toLowerCase());
        if (!p) return await say('I do not know that person. Use their name as shown in the MARAC tab.');
        await r.meetings.put({ ...meeting, delegateIds: [...new Set([...meeting.delegateIds, p.id])] }, meeting.version);
        return await say(`${p.displayName} can now run this meeting as the chair's delegate.`);
      }
      case 'action':
        return await typedAction(deps, meeting, actor, cmd, say);
      default:
        return;
    }
  } catch (e) {
    if (isDomainError(e)) {
      const choices = Array.isArray(e.details.choices) ? ` Valid: ${(e.details.choices as string[]).join(', ')}.` : '';
      return say(`${e.message}${choices}`);
    }
    throw e;
  }
}

/**
 * The same chair command sent from two devices at once (or sent again before the first took
 * effect) advances once: a command sent before an identical one from the same person was applied
 * was given against a state that no longer exists. Serialised per meeting in this process.
 */
const lastApplied = new Map<string, { actor: string; text: string; at: number }>();
const queues = new Map<string, Promise<unknown>>();
async function chairOnce(deps: BotDeps, meetingId: string, actor: Actor, text: string, sentAt: number | undefined, run: () => Promise<unknown>) {
  const prior = queues.get(meetingId) ?? Promise.resolve();
  const mine = prior.catch(() => undefined).then(async () => {
    const last = lastApplied.get(meetingId);
    if (last && sentAt !== undefined && last.actor === actor.aadObjectId && last.text === text && sentAt < last.at) {
      deps.log.info({ meetingId, command: text }, 'ignored a duplicate chair command');
      return;
    }
    await run();
    lastApplied.set(meetingId, { actor: actor.aadObjectId, text, at: Date.now() });
  });
  queues.set(meetingId, mine);
  try {
    await mine;
  } finally {
    if (queues.get(meetingId) === mine) queues.delete(meetingId);
  }
}

async function refusal(deps: BotDeps, actor: Actor, meetingId: string, what: string) {
  await deps.store.repos.audit.append({ at: new Date(deps.clock.now()).toISOString(), actor: actor.person?.id ?? `aad:${actor.aadObjectId}`, action: `chair.${what}`, subject: `meeting:${meetingId}`, outcome: 'refused', reason: 'Only the chair can do that.' });
  throw new DomainError('forbidden', 'Only the chair can do that.');
}

async function typedAction(deps: BotDeps, meeting: Meeting, actor: Actor, cmd: { agency: string; description: string; due?: string }, say: (t: string) => Promise<void>) {
  const r = deps.store.repos;
  const agencies = await r.agencies.list(meeting.areaId);
  const wanted = cmd.agency.toLowerCase();
  const agency = agencies.find((a) => a.name.toLowerCase() === wanted || a.short.toLowerCase() === wanted || a.id === wanted) ?? agencies.find((a) => a.name.toLowerCase().startsWith(wanted));
  if (!agency) return say(`Unknown agency "${cmd.agency.slice(0, 40)}". Choose one of: ${agencies.map((a) => a.name).join(', ')}.`);
  const today = new Date(deps.clock.now()).toISOString().slice(0, 10);
  const due = cmd.due ? parseDueDate(cmd.due, today) : undefined;
  if (cmd.due && !due) return say(`I could not read the date "${cmd.due.slice(0, 30)}". Use a date like 1 Dec, 1 December 2026 or 2026-12-01.`);
  const v = await meetingView(r, meeting.id);
  const current = v.state.current === undefined ? undefined : v.state.cases[v.state.current];
  if (!current) return say('Open a case first: actions belong to the case being heard.');
  const res = await addAction(deps, meeting.id, actor, { caseId: current.caseId, ownerAgencyId: agency.id, description: cmd.description, forWhom: 'victim', dueDate: due, acceptSmart: mayChair(meeting, actor) && !!due });
  if ('smartWarnings' in res) return say(`Action not recorded yet: ${res.smartWarnings.join(' ')} Add "by <date>" and more detail, or the chair adds it from the case card.`);
  await say(`Action recorded for ${agency.name}, due ${res.added.dueDate}.`);
}

export { HELP, LINK_HELP, PERSONAL_HELP };
