import { cardVerb, isChairVerb, isDomainError, resolveActor } from '@marac/core';
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
  try {
    // An agency's action card lives in a 1:1 chat or a channel, not the meeting: no meeting to match.
    if (found.scope === 'action')
      return await (cardVerbs[found.name as keyof typeof cardVerbs] as ActionHandler)(ctx);
    const meeting = await r.meetings.get(str(data.meetingId, 100) ?? '');
    // A card from another chat (tampered or forwarded) never acts on this chat's meeting.
    if (
      !meeting ||
      (turn.conversationType !== 'personal' && meeting.teams?.conversationId !== turn.target.conversationId)
    ) {
      await r.audit.append({
        at: new Date(deps.clock.now()).toISOString(),
        actor: `aad:${aad}`,
        action: `card.${verb}`,
        subject: `conversation:${turn.target.conversationId}`,
        outcome: 'refused',
        reason: 'card data does not match this chat',
      });
      return {
        kind: 'error',
        status: 400,
        code: 'wrong-meeting',
        message: 'This card does not belong to this meeting.',
      };
    }
    const handler = isChairVerb(found.name)
      ? chairStep
      : (cardVerbs[found.name as keyof typeof cardVerbs] as MeetingHandler);
    return await handler({ ...ctx, meeting });
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
