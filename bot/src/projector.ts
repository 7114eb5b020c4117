import {
  type Clock,
  type Meeting,
  type StoredEvent,
  type Store,
  chairsMeeting,
  currentCase,
  outcomeText,
  readRollCallView,
  ukDate,
} from '@marac/core';
import { agencyReachability } from '@marac/core/coordinator';
import { openingData } from './handlers/opening-review.js';
import type { ConversationTarget } from './outbox/chat-sender.js';
import { type Post, teamsIds, text } from './post.js';
import {
  meetingView,
  rollCallData,
  caseData,
  agencyChoices,
  type MeetingView,
} from './views/meeting-view.js';
import type { Notify } from './post.js';
import {
  cardMessage,
  renderCase,
  renderChairControlsViewer,
  renderDeclaration,
  renderOpening,
  renderRollCall,
} from './cards/render.js';
import { refreshAgencyCards, sendActionsToAgencies } from './handlers/post-meeting.js';
import { sendAgendaCards } from './handlers/research-card.js';
import { sendMinutesNotices } from './handlers/minutes-notice.js';
import type { ActionReminderFeed } from './activity-feed-reminders.js';
import { summaryCard } from './views/summary.js';
import { cardText } from './cards/card-text.js';

export interface ProjectorDeps {
  store: Store;
  clock: Clock;
  post: Post;
  /** Targeted in-meeting notifications (cues, reminders to confirm, timer warnings to the chair). */
  notify: Notify;
  /** Where Teams opens the tab's stage page that a notification shows. */
  publicBaseUrl: string;
  owner: string;
  log: { warn(o: object, m: string): void };
  /** Teams activity feed (Graph), when configured: the agenda and minutes notices besides the cards. */
  activityFeed?: ActionReminderFeed;
}

/**
 * Keeps the meeting chat in step with the record: whatever changed it (a chat command, a card,
 * the tab's controls, a timer), the events come here and the cards are updated in place. Each
 * event is claimed once across instances.
 */
export function startProjector(deps: ProjectorDeps) {
  const queue: StoredEvent[] = [];
  let running = false;
  let lastSeen = 0;
  const drain = async () => {
    if (running) return;
    running = true;
    try {
      // The feed hands over a commit's events one after another: take them all, not just the first.
      await undefined;
      while (queue.length) {
        const batch = takeBatch(queue);
        const e = batch[batch.length - 1];
        lastSeen = Math.max(lastSeen, e.seq);
        try {
          // Claims and the messages they queue commit together: a crash projects them fully or not at all.
          await deps.store.tx(async (r) => {
            const at = new Date(deps.clock.now()).toISOString();
            const won = await r.claims.claimMany(
              batch.map((b) => `project:${b.seq}`),
              deps.owner,
              at,
            );
            const mine = batch.filter((b) => won.has(`project:${b.seq}`));
            // The cards are drawn from the current state, so any claimed event redraws them; what
            // is said to one person (a newcomer's reminder) is said only for the events claimed here.
            if (mine.length) await project(deps, e, mine);
          });
        } catch (err) {
          deps.log.warn(
            { seq: e.seq, type: e.type, err: (err as Error)?.name },
            'could not project event to chat',
          );
        }
      }
    } finally {
      running = false;
    }
  };
  const unsubscribe = deps.store.onEvent((e) => {
    queue.push(e);
    void drain();
  });
  return {
    stop: unsubscribe,
    /** Resolves once every event committed so far has been projected (tests and benchmarks wait on it). */
    idle: async () => {
      const head = await deps.store.repos.events.lastSeq();
      for (let i = 0; i < 2000 && (running || queue.length || lastSeen < head); i++)
        await new Promise((r) => setTimeout(r, 5));
    },
  };
}

/** Events whose whole projection is the meeting's roll-call card, drawn from the current state. */
const ROLL_CALL_ONLY = new Set<StoredEvent['type']>(['DeclarationConfirmed', 'AttendeeLeft']);
/** Who is here and who has confirmed: the declaration and roll-call cards, drawn from the current state. */
const PRESENCE = new Set<StoredEvent['type']>([...ROLL_CALL_ONLY, 'AttendeeJoined']);

/**
 * The next event, with the presence events of the same meeting queued behind it (up to that
 * meeting's next other event): thirty people joining at 09:30, or a burst of confirmations, redraw
 * the cards once with the latest state instead of once per person.
 */
function takeBatch(queue: StoredEvent[]): StoredEvent[] {
  const first = queue.shift()!;
  if (!PRESENCE.has(first.type) || !('meetingId' in first)) return [first];
  const batch = [first];
  for (let i = 0; i < queue.length;) {
    const e = queue[i];
    if (!('meetingId' in e) || e.meetingId !== first.meetingId) i++;
    else if (!PRESENCE.has(e.type)) break;
    else batch.push(...queue.splice(i, 1));
  }
  return batch;
}

const target = (m: Meeting): ConversationTarget | undefined =>
  m.teams?.serviceUrl
    ? { conversationId: m.teams.conversationId, serviceUrl: m.teams.serviceUrl, reference: m.teams.reference }
    : undefined;

/**
 * A quiet chat: per case one new card (updated in place) and one closing message; everything
 * else is a card update, or a targeted in-meeting notification to the one person concerned.
 */
async function project(
  deps: ProjectorDeps,
  e: StoredEvent,
  /** The events this instance claimed: `e` alone, or a meeting's presence events ending with `e`. */
  claimed: StoredEvent[] = [e],
) {
  if (!('meetingId' in e)) return;
  const { store, clock, post } = deps;
  const r = store.repos;
  if (e.type === 'ActionChanged') await refreshAgencyCards(deps, e.actionId);
  // Before the meeting: the agenda goes to the agencies' 1:1 chats, linked to Teams or not.
  if (e.type === 'AgendaPublished' || e.type === 'ResearchChased') return sendAgendaCards(deps, e);
  // After it: the agencies are told the minutes are ready in the tab (never the minutes themselves).
  if (e.type === 'MinutesCirculated') return sendMinutesNotices(deps, e);
  // A confirmation or a departure changes the roll call and nothing else: read only that (the
  // burst at 09:30 projects one of these per meeting every few hundred milliseconds).
  if (claimed.every((c) => ROLL_CALL_ONLY.has(c.type))) {
    const rv = await readRollCallView(r, e.meetingId);
    const to = target(rv.meeting);
    if (!to || rv.state.declarationPostedAt === undefined) return;
    await post(to, cardMessage(renderRollCall(rollCallData(rv)), 'Declaration roll call'), {
      cardKey: `roll:${rv.meeting.id}`,
      mode: 'upsert',
    });
    return;
  }
  const v = await meetingView(r, e.meetingId);
  const to = target(v.meeting);
  if (!to) return;
  const now = clock.now();
  const posted = v.state.declarationPostedAt !== undefined;
  // Never above the declaration: the roll call appears once the declaration has been posted.
  const rollCall = async () => {
    if (!posted) return;
    await post(to, cardMessage(renderRollCall(rollCallData(v)), 'Declaration roll call'), {
      cardKey: `roll:${v.meeting.id}`,
      mode: 'upsert',
    });
  };
  const declaration = async () =>
    post(
      to,
      cardMessage(
        renderDeclaration({
          meetingId: v.meeting.id,
          version: v.area.declaration.version,
          text: v.area.declaration.text,
          agencies: agencyChoices(v.agencies, v.area.battingOrder),
          userIds: await presentIds(deps, v),
        }),
        'Confidentiality declaration',
      ),
      { cardKey: `decl:${v.meeting.id}`, mode: 'upsert' },
    );
  // Everyone sees the same base card, without buttons; the chair's client refreshes it into controls.
  const controls = async () =>
    post(
      to,
      cardMessage(
        renderChairControlsViewer({ meetingId: v.meeting.id, userIds: await chairUserIds(deps, v, true) }),
        "Chair's controls",
      ),
      { cardKey: `controls:${v.meeting.id}`, mode: 'upsert' },
    );
  const caseCard = async (caseId: string) => {
    const run = v.state.cases.find((c) => c.caseId === caseId);
    if (!run) return;
    const actions = await r.actions.list({ caseId });
    const reachable = await reachability(deps, v);
    await post(
      to,
      cardMessage(
        renderCase(caseData(v, run, actions, now, reachable)),
        `Case ${run.position}: ${run.reference}`,
      ),
      { cardKey: `case:${v.meeting.id}:${caseId}`, mode: 'upsert' },
    );
  };
  /**
   * The tab's small cue page that Teams opens on the recipient's meeting stage: what the
   * notification is about (ids only), rendered by the tab from the live meeting.
   */
  const cuePage = (q: Record<string, string | undefined>) =>
    `${deps.publicBaseUrl.replace(/\/$/, '')}/cue?${new URLSearchParams(
      Object.entries({ meetingId: v.meeting.id, ...q }).filter((x): x is [string, string] => !!x[1]),
    )}`;
  /** Private to these people; skipped (the cards still say it) when Teams' meeting id is unknown. */
  const notify = async (aadObjectIds: string[], title: string, url: string) => {
    const teamsMeetingId = v.meeting.teams?.teamsMeetingId;
    const recipients = [...(await teamsIds(r, aadObjectIds)).values()];
    if (!teamsMeetingId || !recipients.length) return;
    await deps.notify(to, { teamsMeetingId, recipients, title, url });
  };
  const chairs = () => chairAads(v).filter((aad) => v.rc.present.some((a) => a.aadObjectId === aad));
  /** Newcomers who have not confirmed (and are not confirming as they arrive) are asked privately. */
  const remindToConfirm = async (joined: StoredEvent[]) => {
    const who = joined.flatMap((j) =>
      j.type === 'AttendeeJoined' &&
      !j.confirming &&
      v.rc.unconfirmed.some((a) => a.aadObjectId === j.aadObjectId)
        ? [j.aadObjectId]
        : [],
    );
    // One notification for everyone who arrived together, fifty to a notification at most.
    for (let i = 0; i < who.length; i += 50)
      await notify(
        who.slice(i, i + 50),
        'Please confirm the confidentiality declaration in the meeting chat ("I agree" or "I confirm") before the next case.',
        cuePage({ kind: 'confirm' }),
      );
  };

  // Someone new (one, or several arriving together): both cards, and a reminder for the newcomers.
  if (claimed.some((c) => c.type === 'AttendeeJoined')) {
    if (!posted) return;
    await declaration(); // its refresh list now includes the newcomers
    await rollCall();
    await remindToConfirm(claimed);
    return;
  }
  switch (e.type) {
    case 'DeclarationPosted':
      await declaration();
      await rollCall();
      await controls();
      break;
    case 'GateOverridden':
      await rollCall();
      if (e.type === 'GateOverridden' && e.caseId) await caseCard(e.caseId);
      break;
    case 'MeetingStarted': {
      const opening = await openingData(r, v.meeting.id);
      if (opening)
        await post(to, cardMessage(renderOpening(opening), 'Outstanding actions'), {
          cardKey: `opening:${v.meeting.id}`,
          mode: 'upsert',
        });
      else
        await post(
          to,
          text('No outstanding actions from earlier meetings. Say `next` to open the first case.'),
        );
      await controls();
      break;
    }
    case 'CaseOpened':
      await caseCard(e.caseId);
      await controls();
      break;
    case 'SpeakerAdvanced': {
      await caseCard(e.caseId);
      const run = v.state.cases.find((c) => c.caseId === e.caseId);
      // The chair's own phases (risk summary, read-back) cue nobody; an absent agency shows "(not present)".
      if (run && currentCase(v.state)?.caseId === e.caseId && e.agencyId) {
        const who = v.cueFor(e.agencyId);
        if (who.length)
          await notify(
            who.map((a) => a.aadObjectId),
            `${v.agencyName(e.agencyId)}: your turn on case ${run.position} (${run.reference})${e.phase === 'actions' ? ': actions' : e.phase === 'safety' ? ': is the plan safe?' : ''}.`,
            cuePage({ kind: 'turn', caseId: e.caseId, agencyId: e.agencyId, phase: e.phase }),
          );
      }
      await controls();
      break;
    }
    case 'VictimViewsRecorded':
      // Only a card already in the chat is updated: a case not yet opened gets its card when it opens.
      if (v.state.cases.some((c) => c.caseId === e.caseId && c.status !== 'pending'))
        await caseCard(e.caseId);
      break;
    case 'TimerChanged':
    case 'ActionAdded':
    case 'ActionChanged':
    case 'SafetyConfirmed':
      if (
        e.type !== 'ActionChanged' ||
        v.state.cases.some((c) => c.caseId === e.caseId && c.status === 'current')
      )
        await caseCard(e.caseId);
      if (e.type === 'TimerChanged') await controls();
      break;
    case 'TimerWarning': {
      const run = v.state.cases.find((c) => c.caseId === e.caseId);
      if (!run) break;
      await caseCard(e.caseId);
      await notify(
        chairs(),
        e.minutesLeft === 0
          ? `Time is up for case ${run.position} (${run.reference}). Extend, or move to the next case.`
          : `Case ${run.position} (${run.reference}): ${e.minutesLeft} minute${e.minutesLeft === 1 ? '' : 's'} left.`,
        cuePage({ kind: 'time', caseId: e.caseId, minutes: String(e.minutesLeft) }),
      );
      break;
    }
    case 'CaseClosed': {
      await caseCard(e.caseId);
      const run = v.state.cases.find((c) => c.caseId === e.caseId)!;
      await post(to, text(await closingText(deps, v, run, e.outcome)));
      break;
    }
    case 'MeetingEnded': {
      await post(to, cardMessage(await summaryCard(r, v, now), 'Meeting summary'));
      await controls();
      await sendActionsToAgencies(deps, v.meeting.id);
      break;
    }
    case 'AgendaChanged':
      // The running order follows the agenda until a case opens: keep the chair's card in step.
      if (v.state.stage !== 'waiting' && v.state.stage !== 'ended') await controls();
      break;
    default:
      break;
  }
}

/** Say what happened: the read-back of a heard case, or where a deferred or MARAC Plus case went. */
async function closingText(
  deps: ProjectorDeps,
  v: MeetingView,
  run: MeetingView['state']['cases'][number],
  outcome: 'heard' | 'deferred' | 'referred-to-plus',
) {
  const head = `Case ${run.position} (${run.reference})`;
  if (outcome === 'deferred')
    return `${head} deferred to a later meeting${run.deferReason ? `: ${run.deferReason}` : ''}.`;
  const actions = (await deps.store.repos.actions.list({ caseId: run.caseId })).filter(
    (a) => a.status === 'open',
  );
  const lines = v.area.battingOrder.flatMap((ag) =>
    actions
      .filter((a) => a.ownerAgencyId === ag)
      .map((a) => `- **${v.agencyName(ag)}**: ${cardText(a.description)} (due ${ukDate(a.dueDate)})`),
  );
  const list = lines.length ? lines.join('\n') : '- No actions recorded.';
  return outcome === 'referred-to-plus'
    ? `${head} ${outcomeText(outcome)}. Actions so far:\n\n${list}`
    : `Read-back for case ${run.position} (${run.reference}):\n\n${list}`;
}

const chairAads = (v: MeetingView) =>
  v.people
    .filter((p) => p.id === v.meeting.chairId || v.meeting.delegateIds.includes(p.id))
    .map((p) => p.aadObjectId);

/** The chair, delegates and (for the controls) coordinators: whose clients refresh into chair views. */
async function chairUserIds(
  deps: ProjectorDeps,
  v: MeetingView,
  withCoordinators = false,
): Promise<string[]> {
  const aads = v.people
    .filter((p) => (withCoordinators ? chairsMeeting(v.meeting, p) : chairAads(v).includes(p.aadObjectId)))
    .map((p) => p.aadObjectId);
  return [...(await teamsIds(deps.store.repos, aads)).values()];
}

/** Teams' per-user refresh serves at most 60 people: everyone present, up to that. */
async function presentIds(deps: ProjectorDeps, v: MeetingView) {
  return [
    ...(
      await teamsIds(
        deps.store.repos,
        v.rc.present.map((a) => a.aadObjectId),
      )
    ).values(),
  ].slice(0, 60);
}

/** Whether an agency's actions can be delivered in Teams (the one rule, in core). */
const reachability = (deps: ProjectorDeps, v: MeetingView) =>
  agencyReachability(deps.store.repos, v.agencies, v.people);
