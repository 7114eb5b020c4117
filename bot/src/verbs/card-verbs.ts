import {
  type Actor,
  type AreaConfig,
  type CardVerb,
  type CardVerbName,
  type Confirmation,
  type ChairVerbName,
  type Meeting,
  argsFromData,
  chairCommand,
  confirmDeclaration,
  isChairVerb,
  isDomainError,
  DomainError,
  runChairCommand,
  confirmPlanSafe,
} from '@marac/core';
import type { BotDeps } from '../marac-bot.js';
import type { InvokeAnswer, Turn } from '../turn.js';
import { onActionCard } from '../handlers/action-card.js';
import { onMeetingActionCard } from '../handlers/action-meeting.js';
import { reviewOutstanding } from '../handlers/opening-review.js';
import { controlsFor, declarationFor } from '../handlers/card-views.js';
import { researchCard } from '../handlers/research-card.js';

export type { MeetingHandler, ActionHandler };

export interface CardContext {
  deps: BotDeps;
  turn: Turn;
  actor: Actor;
  verb: string;
  data: Record<string, unknown>;
}
type ActionScoped = Extract<CardVerb, { card: { scope: 'action' } }>['name'];
/** `area`: the meeting's, read with it (absent when the area is not configured). */
type MeetingHandler = (ctx: CardContext & { meeting: Meeting; area?: AreaConfig }) => Promise<InvokeAnswer>;
type ActionHandler = (ctx: CardContext) => Promise<InvokeAnswer>;

const str = (v: unknown, max = 2000) => (typeof v === 'string' ? v.slice(0, max) : undefined);

/** A live-meeting step from the chair's controls card: the answer is the controls as they now are. */
export const chairStep: MeetingHandler = async ({ deps, actor, verb, data, meeting }) => {
  const name = verb.slice('chair.'.length);
  if (!isChairVerb(name)) throw new Error(`not a chair verb: ${verb}`);
  const version = Number(data.version);
  try {
    await runChairCommand(deps, meeting.id, actor, chairCommand(name, argsFromData(name, data)), {
      expectedVersion: Number.isFinite(version) ? version : undefined,
    });
  } catch (e) {
    if (!isDomainError(e) || e.code === 'forbidden') throw e;
    return { kind: 'card', card: await controlsFor(deps, meeting.id, actor, e.message) };
  }
  return { kind: 'card', card: await controlsFor(deps, meeting.id, actor) };
};

const declaration: MeetingHandler = async ({ deps, turn, actor, verb, data, meeting, area }) => {
  if (!area) throw new DomainError('not-found', "The meeting's MARAC area is not configured.");
  let confirmed: { confirmation: Confirmation; teamsUserId: string } | undefined;
  if (verb === 'declaration.confirm') {
    const agencyId = str(data.agencyId, 60);
    const done = await confirmDeclaration(
      deps,
      meeting.id,
      actor,
      'card',
      turn.activityId,
      agencyId && area.battingOrder.includes(agencyId) ? agencyId : undefined,
      undefined,
      { meeting, area },
    );
    if (done.confirmation) confirmed = { confirmation: done.confirmation, teamsUserId: turn.from.id };
  }
  // The answer is what was just committed; the meeting and its area are the ones just loaded.
  return {
    kind: 'card',
    card: await declarationFor(deps, meeting.id, actor.aadObjectId, { meeting, area, actor, confirmed }),
  };
};

const meetingAction: MeetingHandler = ({ deps, meeting, actor, verb, data }) =>
  onMeetingActionCard(deps, meeting, actor, verb, data);
const agencyAction: ActionHandler = ({ deps, actor, verb, data }) => onActionCard(deps, actor, verb, data);

/**
 * The bot's handler for each card verb of the registry (core/src/verbs/registry.ts), by name.
 * The live-meeting steps (`chair.next` …) need none here: they all run `chairStep`.
 */
export const cardVerbs: {
  [K in Exclude<CardVerbName, ChairVerbName>]: K extends ActionScoped ? ActionHandler : MeetingHandler;
} = {
  'declaration.confirm': declaration,
  'declaration.refresh': declaration,
  'opening.review': ({ deps, meeting, actor, data }) => reviewOutstanding(deps, meeting.id, actor, data),
  'chair.refresh': async ({ deps, meeting, actor }) => ({
    kind: 'card',
    card: await controlsFor(deps, meeting.id, actor),
  }),
  'action.form': meetingAction,
  'action.add': meetingAction,
  'action.manage': meetingAction,
  'action.edit-form': meetingAction,
  'action.edit': meetingAction,
  'action.remove': meetingAction,
  'action.refresh': agencyAction,
  'action.complete': agencyAction,
  'action.update': agencyAction,
  'action.cannot-complete': agencyAction,
  safe: async ({ deps, meeting, actor }) => {
    await confirmPlanSafe(deps, meeting.id, actor);
    return { kind: 'message', text: 'Recorded: the plan is as safe as possible. On to the read-back.' };
  },
  'research.refresh': researchCard,
  'research.none': researchCard,
};
