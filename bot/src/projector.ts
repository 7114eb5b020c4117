import {
  type Clock,
  type Meeting,
  type StoredEvent,
  type Store,
  chairsMeeting,
  currentCase,
} from '@marac/core';
import { openingData } from './handlers/opening-review.js';
import type { ConversationTarget } from './outbox/chat-sender.js';
import { type Post, teamsIds, text } from './post.js';
import {
  meetingView,
  rollCallData,
  caseData,
  chairControlsData,
  coverageGaps,
  repFor,
  agencyChoices,
  type MeetingView,
} from './views/meeting-view.js';
import {
  cardMessage,
  renderCase,
  renderChairControls,
  renderDeclaration,
  renderOpening,
  renderRollCall,
} from './cards/render.js';
import { refreshAgencyCards, sendActionsToAgencies } from './handlers/post-meeting.js';
import { sendAgendaCards } from './handlers/research-card.js';
import { summaryCard } from './views/summary.js';

export interface ProjectorDeps {
  store: Store;
  clock: Clock;
  post: Post;
  owner: string;
  log: { warn(o: object, m: string): void };
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
      while (queue.length) {
        const batch = takeBatch(queue);
        const e = batch[batch.length - 1];
        lastSeen = Math.max(lastSeen, e.seq);
        try {
          // Claims and the messages they queue commit together: a crash projects them fully or not at all.
          await deps.store.tx(async (r) => {
            const at = new Date(deps.clock.now()).toISOString();
            let mine = false;
            for (const b of batch) if (await r.claims.claim(`project:${b.seq}`, deps.owner, at)) mine = true;
            if (mine) await project(deps, e);
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

/**
 * The next event, with the roll-call-only events of the same meeting queued behind it (up to that
 * meeting's next other event): a burst of confirmations renders one roll call carrying the latest
 * state instead of one per confirmation.
 */
function takeBatch(queue: StoredEvent[]): StoredEvent[] {
  const first = queue.shift()!;
  if (!ROLL_CALL_ONLY.has(first.type) || !('meetingId' in first)) return [first];
  const batch = [first];
  for (let i = 0; i < queue.length;) {
    const e = queue[i];
    if (!('meetingId' in e) || e.meetingId !== first.meetingId) i++;
    else if (!ROLL_CALL_ONLY.has(e.type)) break;
    else batch.push(...queue.splice(i, 1));
  }
  return batch;
}

const target = (m: Meeting): ConversationTarget | undefined =>
  m.teams?.serviceUrl
    ? { conversationId: m.teams.conversationId, serviceUrl: m.teams.serviceUrl, reference: m.teams.reference }
    : undefined;

async function project(deps: ProjectorDeps, e: StoredEvent) {
  if (!('meetingId' in e)) return;
  const { store, clock, post } = deps;
  const r = store.repos;
  if (e.type === 'ActionChanged') await refreshAgencyCards(deps, e.actionId);
  // Before the meeting: the agenda goes to the agencies' 1:1 chats, linked to Teams or not.
  if (e.type === 'AgendaPublished' || e.type === 'ResearchChased') return sendAgendaCards(deps, e);
  const v = await meetingView(r, e.meetingId);
  const to = target(v.meeting);
  if (!to) return;
  const now = clock.now();
  const rollCall = () =>
    post(to, cardMessage(renderRollCall(rollCallData(v)), 'Declaration roll call'), {
      cardKey: `roll:${v.meeting.id}`,
      mode: 'upsert',
    });
  const controls = async () => {
    const ids = await chairUserIds(deps, v);
    await post(to, cardMessage(renderChairControls(chairControlsData(v, ids, now)), "Chair's controls"), {
      cardKey: `controls:${v.meeting.id}`,
      mode: 'upsert',
    });
  };
  const caseCard = async (caseId: string) => {
    const run = v.state.cases.find((c) => c.caseId === caseId);
    if (!run) return;
    const actions = await r.actions.list({ caseId });
    await post(
      to,
      cardMessage(renderCase(caseData(v, run, actions, now)), `Case ${run.position}: ${run.reference}`),
      { cardKey: `case:${v.meeting.id}:${caseId}`, mode: 'upsert' },
    );
  };
  switch (e.type) {
    case 'DeclarationPosted': {
      const ids = [
        ...(
          await teamsIds(
            r,
            v.rc.present.map((a) => a.aadObjectId),
          )
        ).values(),
      ].slice(0, 60);
      await post(
        to,
        cardMessage(
          renderDeclaration({
            meetingId: v.meeting.id,
            version: v.area.declaration.version,
            text: v.area.declaration.text,
            agencies: agencyChoices(v.agencies, v.area.battingOrder),
            userIds: ids,
          }),
          'Confidentiality declaration',
        ),
        { cardKey: `decl:${v.meeting.id}`, mode: 'upsert' },
      );
      await rollCall();
      await controls();
      break;
    }
    case 'AttendeeJoined': {
      await rollCall();
      if (e.late && !v.rc.confirmed.some((a) => a.aadObjectId === e.aadObjectId)) {
        const id = (await teamsIds(r, [e.aadObjectId])).get(e.aadObjectId);
        const name = e.displayName;
        await post(
          to,
          text(
            `${id ? `<at>${name}</at>` : name}, welcome. Please read the confidentiality declaration above and confirm by typing "I agree" or pressing "I confirm" before we go on.`,
            id ? [{ id, name }] : [],
          ),
        );
      }
      break;
    }
    case 'AttendeeLeft':
    case 'DeclarationConfirmed':
      await rollCall();
      break;
    case 'GateOverridden':
      await post(
        to,
        text(
          `The chair opened the meeting although ${[
            e.unconfirmed.length
              ? `${e.unconfirmed.length} present had not confirmed (${e.unconfirmed.join(', ')})`
              : '',
            e.uninvited?.length
              ? `${e.uninvited.length} present were not invited (${e.uninvited.join(', ')})`
              : '',
          ]
            .filter(Boolean)
            .join(' and ')}. The reason is recorded.`,
        ),
      );
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
    case 'CaseOpened': {
      await caseCard(e.caseId);
      const run = v.state.cases.find((c) => c.caseId === e.caseId)!;
      const gaps = coverageGaps(v, run);
      if (gaps.length)
        await post(
          to,
          text(
            `Before case ${run.position}: nobody present from ${gaps.join('; ')}. A case whose referrer is absent is usually deferred (\`defer <reason>\`), or go on knowingly.`,
          ),
        );
      await controls();
      break;
    }
    case 'SpeakerAdvanced': {
      await caseCard(e.caseId);
      const rep = repFor(v, e.agencyId);
      if (rep && currentCase(v.state)?.caseId === e.caseId) {
        const id = (await teamsIds(r, [rep.aadObjectId])).get(rep.aadObjectId);
        if (id)
          await post(
            to,
            text(`<at>${rep.displayName}</at> (${v.agencyName(e.agencyId)}), over to you.`, [
              { id, name: rep.displayName },
            ]),
          );
      }
      await controls();
      break;
    }
    case 'TimerChanged':
    case 'ActionAdded':
    case 'ActionChanged':
      if (
        e.type !== 'ActionChanged' ||
        v.state.cases.some((c) => c.caseId === e.caseId && c.status === 'current')
      )
        await caseCard(e.caseId);
      if (e.type === 'TimerChanged') await controls();
      break;
    case 'TimerWarning': {
      const run = v.state.cases.find((c) => c.caseId === e.caseId);
      if (run)
        await post(
          to,
          text(
            e.minutesLeft === 0
              ? `⏰ Time is up for case ${run.position} (${run.reference}). \`extend 5\` for more time, or \`next case\`.`
              : `⏱ Case ${run.position} (${run.reference}): ${e.minutesLeft} minute${e.minutesLeft === 1 ? '' : 's'} left.`,
          ),
        );
      if (run) await caseCard(e.caseId);
      break;
    }
    case 'CaseClosed': {
      await caseCard(e.caseId);
      const run = v.state.cases.find((c) => c.caseId === e.caseId)!;
      if (e.outcome !== 'deferred') {
        const actions = (await r.actions.list({ caseId: e.caseId })).filter((a) => a.status === 'open');
        const lines = v.area.battingOrder.flatMap((ag) =>
          actions
            .filter((a) => a.ownerAgencyId === ag)
            .map((a) => `- **${v.agencyName(ag)}**: ${a.description} (due ${a.dueDate})`),
        );
        await post(
          to,
          text(
            `Read-back for case ${run.position} (${run.reference}):\n\n${lines.length ? lines.join('\n') : '- No actions recorded.'}`,
          ),
        );
      } else await post(to, text(`Case ${run.position} (${run.reference}) deferred to a later meeting.`));
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

async function chairUserIds(deps: ProjectorDeps, v: MeetingView): Promise<string[]> {
  const people = await deps.store.repos.people.list();
  const chairs = people.filter((p) => chairsMeeting(v.meeting, p));
  return [
    ...(
      await teamsIds(
        deps.store.repos,
        chairs.map((p) => p.aadObjectId),
      )
    ).values(),
  ];
}
