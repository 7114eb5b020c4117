import { type Actor, type ActionChange, changeAction, isDomainError, mayViewAction } from '@marac/core';
import type { BotDeps } from '../marac-bot.js';
import type { InvokeAnswer } from '../turn.js';
import { renderAction } from '../cards/render.js';
import { actionCardData } from './post-meeting.js';

const str = (v: unknown, max = 2000) => (typeof v === 'string' ? v.slice(0, max) : '');

/** The card's inputs as a change; `note` is what older cards (one shared note box) sent. */
function changeFrom(verb: string, data: Record<string, unknown>): ActionChange {
  const note = str(data.note);
  if (verb === 'action.complete') return { kind: 'complete', note: str(data.outcome) || note };
  if (verb === 'action.update') return { kind: 'update', note: str(data.update) || note };
  return { kind: 'cannot-complete', note: str(data.reason, 1000) || note, instead: str(data.instead, 1000) };
}

/**
 * Refresh, complete, update or can't-complete. The answer is always the card as it now stands, so
 * a stale or invalid click shows the current state (with why) instead of overwriting it; only a
 * person who may not see the action at all gets an error instead of the card.
 */
export async function onActionCard(
  deps: BotDeps,
  actor: Actor,
  verb: string,
  data: Record<string, unknown>,
): Promise<InvokeAnswer> {
  const r = deps.store.repos;
  const a = await r.actions.get(str(data.actionId, 100));
  if (!a) return { kind: 'error', status: 404, code: 'not-found', message: 'That action does not exist.' };
  if (!mayViewAction(actor, a)) {
    await r.audit.append({
      at: new Date(deps.clock.now()).toISOString(),
      actor: actor.person?.id ?? `aad:${actor.aadObjectId}`,
      action: verb,
      subject: `action:${a.id}`,
      outcome: 'refused',
      reason: 'not the owning agency',
    });
    return {
      kind: 'error',
      status: 403,
      code: 'forbidden',
      message:
        'This action belongs to another agency: only its members or a coordinator can see or change it.',
    };
  }
  if (verb === 'action.refresh') return { kind: 'card', card: renderAction(await actionCardData(r, a)) };
  const version = Number(data.version);
  try {
    const saved = await changeAction(
      deps,
      a.id,
      actor,
      changeFrom(verb, data),
      Number.isFinite(version) ? version : undefined,
    );
    return { kind: 'card', card: renderAction(await actionCardData(r, saved, 'Saved.')) };
  } catch (e) {
    if (!isDomainError(e)) throw e;
    if (e.code === 'forbidden') return { kind: 'error', status: 403, code: e.code, message: e.message };
    const fresh = (await r.actions.get(a.id))!;
    return { kind: 'card', card: renderAction(await actionCardData(r, fresh, e.message)) };
  }
}
