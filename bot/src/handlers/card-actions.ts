import {
  type ChairCommand,
  isDomainError,
  resolveActor,
  confirmDeclaration,
  currentRollCall,
  runChairCommand,
  mayChair,
  loadMeeting,
} from '@marac/core';
import type { BotDeps } from '../marac-bot.js';
import type { Turn, InvokeAnswer } from '../turn.js';
import {
  renderDeclaration,
  renderDeclarationMine,
  renderChairControls,
  renderChairControlsViewer,
} from '../cards/render.js';
import { meetingView, chairControlsData, agencyChoices } from '../views/meeting-view.js';
import { teamsIds } from '../post.js';
import { ACTION_CARD_VERBS, onActionCard } from './action-card.js';
import { MEETING_ACTION_VERBS, onMeetingActionCard } from './action-meeting.js';
import { reviewOutstanding } from './opening-review.js';

const str = (v: unknown, max = 2000) => (typeof v === 'string' ? v.slice(0, max) : undefined);
const CHAIR_VERBS = new Set([
  'start',
  'next',
  'back',
  'next-case',
  'pause',
  'resume',
  'extend',
  'plus',
  'end',
]);

/**
 * Universal Actions (Action.Execute), by verb. Every answer is the card this person should now
 * see, so a stale or refused click shows the current state instead of an error page.
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
  const r = deps.store.repos;
  const actor = await resolveActor(r, aad, turn.from.name);
  try {
    // An agency's action card lives in a 1:1 chat or a channel, not the meeting: no meeting to match.
    if (ACTION_CARD_VERBS.has(verb)) return await onActionCard(deps, actor, verb, data);
    const meetingId = str(data.meetingId, 100) ?? '';
    const meeting = await r.meetings.get(meetingId);
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
    if (MEETING_ACTION_VERBS.has(verb)) return await onMeetingActionCard(deps, meeting, actor, verb, data);
    switch (verb) {
      case 'declaration.confirm':
      case 'declaration.refresh': {
        if (verb === 'declaration.confirm') {
          const agencyId = str(data.agencyId, 60);
          const { area } = await loadMeeting(r, meeting.id);
          await confirmDeclaration(
            deps,
            meeting.id,
            actor,
            'card',
            turn.activityId,
            agencyId && area.battingOrder.includes(agencyId) ? agencyId : undefined,
          );
        }
        return { kind: 'card', card: await declarationFor(deps, meeting.id, aad) };
      }
      case 'opening.review':
        return await reviewOutstanding(deps, meeting.id, actor, data);
      case 'chair.refresh':
        return { kind: 'card', card: await controlsFor(deps, meeting.id, actor) };
    }
    if (verb.startsWith('chair.') && CHAIR_VERBS.has(verb.slice(6))) {
      const type = verb.slice(6) as ChairCommand['type'];
      const command = (
        type === 'extend' ? { type, minutes: Number(data.minutes) || 5 } : { type }
      ) as ChairCommand;
      const version = Number(data.version);
      try {
        await runChairCommand(deps, meeting.id, actor, command, {
          expectedVersion: Number.isFinite(version) ? version : undefined,
        });
      } catch (e) {
        if (!isDomainError(e) || e.code === 'forbidden') throw e;
        return { kind: 'card', card: await controlsFor(deps, meeting.id, actor, e.message) };
      }
      return { kind: 'card', card: await controlsFor(deps, meeting.id, actor) };
    }
    return {
      kind: 'error',
      status: 400,
      code: 'unknown-verb',
      message: 'This card action is not supported.',
    };
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

async function declarationFor(deps: BotDeps, meetingId: string, aad: string) {
  const r = deps.store.repos;
  const v = await meetingView(r, meetingId);
  const ids = [
    ...(
      await teamsIds(
        r,
        v.rc.present.map((a) => a.aadObjectId),
      )
    ).values(),
  ].slice(0, 60);
  const mine = v.rc.confirmations.find((c) => c.aadObjectId === aad);
  if (!mine)
    return renderDeclaration({
      meetingId,
      version: v.area.declaration.version,
      text: v.area.declaration.text,
      agencies: agencyChoices(v.agencies, v.area.battingOrder),
      userIds: ids,
    });
  const actor = await resolveActor(r, aad, '');
  const rc = await currentRollCall(r, meetingId);
  return renderDeclarationMine({
    meetingId,
    version: v.area.declaration.version,
    userIds: ids,
    confirmedAt: mine.confirmedAt.slice(11, 16),
    method: mine.method === 'typed' ? 'typed in chat' : 'card',
    showRollCall: mayChair(v.meeting, actor),
    confirmedCount: rc.confirmed.length,
    presentCount: rc.present.length,
    unconfirmedList:
      rc.unconfirmed.map((a) => `${a.displayName} (${v.agencyName(a.agencyId)})`).join(', ') || 'nobody',
  });
}

async function controlsFor(
  deps: BotDeps,
  meetingId: string,
  actor: Awaited<ReturnType<typeof resolveActor>>,
  notice?: string,
) {
  const v = await meetingView(deps.store.repos, meetingId);
  const ids = [...(await teamsIds(deps.store.repos, [actor.aadObjectId])).values()];
  if (!mayChair(v.meeting, actor)) return renderChairControlsViewer({ meetingId, userIds: ids });
  const d = chairControlsData(v, ids, deps.clock.now());
  return renderChairControls({ ...d, where: notice ? `${notice} ${d.where}` : d.where });
}
