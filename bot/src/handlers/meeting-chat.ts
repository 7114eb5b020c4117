import {
  type Actor,
  type Meeting,
  DomainError,
  isDomainError,
  recogniseConfirmation,
  resolveActor,
  openDeclaration,
  confirmDeclaration,
  markPresent,
  runChairCommand,
  addAction,
  parseDueDate,
  mayChair,
  todayOf,
} from '@marac/core';
import type { BotDeps } from '../marac-bot.js';
import type { Turn } from '../turn.js';
import { CHAIR_HELP, firstWord, parseCommand } from '../commands.js';
import { meetingView, whereWeAre } from '../views/meeting-view.js';

const HELP = `**MARAC bot commands** (the chair's, typed in the meeting chat):\n\n${CHAIR_HELP.map(([c, d]) => `- \`${c}\`: ${d}`).join('\n')}\n\nEveryone confirms the confidentiality declaration by typing "I agree" or pressing "I confirm".`;

/** What people type in a linked meeting chat: confirmations, chair commands, actions, help. */
export async function onMeetingMessage(
  deps: BotDeps,
  turn: Turn,
  meeting: Meeting,
  say: (t: string, m?: { id: string; name: string }[]) => Promise<void>,
) {
  const r = deps.store.repos;
  const words = turn.text ?? '';
  const aad = turn.from.aadObjectId;
  if (!aad) return;
  const actor = await resolveActor(r, aad, turn.from.name);
  const cmd = parseCommand(words);
  if (!cmd) {
    const heard = recogniseConfirmation(words);
    if (heard.confirmed) {
      const agency = heard.agencyHint
        ? (await r.agencies.list(meeting.areaId)).find(
            (a) =>
              a.name.toLowerCase().includes(heard.agencyHint!.toLowerCase()) ||
              a.short.toLowerCase() === heard.agencyHint!.toLowerCase(),
          )
        : undefined;
      await confirmDeclaration(deps, meeting.id, actor, 'typed', turn.activityId, agency?.id);
    } else {
      await markPresent(deps, meeting.id, actor, 'spoke');
      if (turn.botMentioned)
        await say(`I did not recognise "${firstWord(words)}". Say \`help\` for the commands.`);
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
        await chairOnce(deps, meeting.id, actor, cmd.text, turn.sentAt, () =>
          runChairCommand(deps, meeting.id, actor, cmd.command),
        );
        return;
      case 'override':
        if (!cmd.reason)
          return await say(
            'Give a reason: `override <reason>`. It is recorded with the names of those who had not confirmed.',
          );
        await runChairCommand(deps, meeting.id, actor, { type: 'start' }, { overrideReason: cmd.reason });
        return;
      case 'delegate': {
        if (actor.person?.id !== meeting.chairId) return await refusal(deps, actor, meeting.id, 'delegate');
        const p = (await r.people.list()).find((x) => x.displayName.toLowerCase() === cmd.name.toLowerCase());
        if (!p) return await say('I do not know that person. Use their name as shown in the MARAC tab.');
        await r.meetings.put(
          { ...meeting, delegateIds: [...new Set([...meeting.delegateIds, p.id])] },
          meeting.version,
        );
        return await say(`${p.displayName} can now run this meeting as the chair's delegate.`);
      }
      case 'action':
        return await typedAction(deps, meeting, actor, cmd, say);
      default:
        return;
    }
  } catch (e) {
    if (isDomainError(e)) {
      const choices = Array.isArray(e.details.choices)
        ? ` Valid: ${(e.details.choices as string[]).join(', ')}.`
        : '';
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
async function chairOnce(
  deps: BotDeps,
  meetingId: string,
  actor: Actor,
  text: string,
  sentAt: number | undefined,
  run: () => Promise<unknown>,
) {
  const prior = queues.get(meetingId) ?? Promise.resolve();
  const mine = prior
    .catch(() => undefined)
    .then(async () => {
      const last = lastApplied.get(meetingId);
      if (
        last &&
        sentAt !== undefined &&
        last.actor === actor.aadObjectId &&
        last.text === text &&
        sentAt < last.at
      ) {
        deps.log.info({ meetingId, command: text.split(' ')[0] }, 'ignored a duplicate chair command');
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
  await deps.store.repos.audit.append({
    at: new Date(deps.clock.now()).toISOString(),
    actor: actor.person?.id ?? `aad:${actor.aadObjectId}`,
    action: `chair.${what}`,
    subject: `meeting:${meetingId}`,
    outcome: 'refused',
    reason: 'Only the chair can do that.',
  });
  throw new DomainError('forbidden', 'Only the chair can do that.');
}

async function typedAction(
  deps: BotDeps,
  meeting: Meeting,
  actor: Actor,
  cmd: { agency: string; description: string; due?: string },
  say: (t: string) => Promise<void>,
) {
  const r = deps.store.repos;
  const agencies = await r.agencies.list(meeting.areaId);
  const wanted = cmd.agency.toLowerCase();
  const agency =
    agencies.find(
      (a) => a.name.toLowerCase() === wanted || a.short.toLowerCase() === wanted || a.id === wanted,
    ) ?? agencies.find((a) => a.name.toLowerCase().startsWith(wanted));
  if (!agency)
    return say(
      `Unknown agency "${cmd.agency.slice(0, 40)}". Choose one of: ${agencies.map((a) => a.name).join(', ')}.`,
    );
  const today = todayOf(deps.clock, (await r.areas.get(meeting.areaId)) ?? undefined);
  const due = cmd.due ? parseDueDate(cmd.due, today) : undefined;
  if (cmd.due && !due)
    return say(
      `I could not read the date "${cmd.due.slice(0, 30)}". Use a date like 1 Dec, 1 December 2026 or 2026-12-01.`,
    );
  const v = await meetingView(r, meeting.id);
  const current = v.state.current === undefined ? undefined : v.state.cases[v.state.current];
  if (!current) return say('Open a case first: actions belong to the case being heard.');
  const res = await addAction(deps, meeting.id, actor, {
    caseId: current.caseId,
    ownerAgencyId: agency.id,
    description: cmd.description,
    forWhom: 'victim',
    dueDate: due,
    acceptSmart: mayChair(meeting, actor) && !!due,
  });
  if ('smartWarnings' in res)
    return say(
      `Action not recorded yet: ${res.smartWarnings.join(' ')} Add "by <date>" and more detail, or the chair adds it from the case card.`,
    );
  await say(`Action recorded for ${agency.name}, due ${res.added.dueDate}.`);
}
