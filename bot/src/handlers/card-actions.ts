import {
  cardScopeRefusal,
  cardVerb,
  isChairVerb,
  isDomainError,
  maySeeMeeting,
  resolveActor,
} from '@marac/core';
import type { BotDeps } from '../marac-bot.js';
import type { Turn, InvokeAnswer } from '../turn.js';
import { type ActionHandler, type MeetingHandler, cardVerbs, chairStep } from '../verbs/card-verbs.js';

const str = (v: unknown, max = 2000) => (typeof v === 'string' ? v.slice(0, max) : undefined);

/**
 * Universal Actions (Action.Execute), routed by the verb registry. Every answer is the card this
 * person should now see, so a stale or refused click shows the current state instead of an error page.
 */
export async function handleCardAction(deps: BotDeps, turn: Turn): Promise<InvokeAnswer> {
  const { verb, data } = turn.card!;
  const aad = turn.from.aadObjectId;
  if (!aad)
    return {
      kind: 'error',
      status: 401,
      code: 'unauthorized',
      message: 'Sign in to Teams to use this card.',
    };
  const found = cardVerb(verb);
  if (!found)
    return {
      kind: 'error',
      status: 400,
      code: 'unknown-verb',
      message: 'This card action is not supported.',
    };
  const r = deps.store.repos;
  const actor = await resolveActor(r, aad, turn.from.name);
  const ctx = { deps, turn, actor, verb, data };
  /** Refused and audited; the answer never says whether the meeting exists. */
  const refused = async (subject: string, reason: string): Promise<InvokeAnswer> => {
    await r.audit.append({
      at: new Date(deps.clock.now()).toISOString(),
      actor: actor.person?.id ?? `aad:${aad}`,
      action: `card.${verb}`,
      subject,
      outcome: 'refused',
      reason,
      details: { conversation: turn.conversationType },
    });
    return {
      kind: 'error',
      status: 400,
      code: 'wrong-meeting',
      message: 'This card does not belong to this meeting.',
    };
  };
  try {
    // An agency's action card lives in a 1:1 chat or a channel: its meeting must still be visible.
    if (found.scope === 'action') {
      const a = await r.actions.get(str(data.actionId, 100) ?? '');
      const m = a && (await r.meetings.get(a.meetingId));
      if (a && m && !maySeeMeeting(actor, m))
        return await refused(`action:${a.id}`, 'not invited to the closed session of this action');
      return await (cardVerbs[found.name as keyof typeof cardVerbs] as ActionHandler)(ctx);
    }
    const { meeting, area } = (await r.meetings.withArea({ id: str(data.meetingId, 100) ?? '' })) ?? {};
    if (!meeting) return await refused(`conversation:${turn.target.conversationId}`, 'no such meeting');
    // A meeting's card acts only from that meeting's chat (or, for 1:1 cards, from a 1:1 chat):
    // a card forwarded, replayed or tampered elsewhere never acts on it.
    const wrongChat =
      found.from === 'personal'
        ? turn.conversationType !== 'personal'
        : meeting.teams?.conversationId !== turn.target.conversationId;
    if (wrongChat) return await refused(`meeting:${meeting.id}`, 'card data does not match this chat');
    const why = await cardScopeRefusal(r, actor, meeting, data, {
      earlierActions: verb === 'opening.review',
    });
    if (why) return await refused(`meeting:${meeting.id}`, why);
    const handler = isChairVerb(found.name)
      ? chairStep
      : (cardVerbs[found.name as keyof typeof cardVerbs] as MeetingHandler);
    return await handler({ ...ctx, meeting, area });
  } catch (e) {
    if (isDomainError(e))
      return {
        kind: 'error',
        status: e.code === 'forbidden' ? 403 : e.code === 'not-found' ? 404 : 400,
        code: e.code,
        message: e.message,
      };
    throw e;
  }
}
