import {
  type Actor,
  type Repos,
  outstandingForOpening,
  changeAction,
  loadMeeting,
  ukDate,
} from '@marac/core';
import type { BotDeps } from '../marac-bot.js';
import type { InvokeAnswer } from '../turn.js';
import { cardMessage, renderOpening } from '../cards/render.js';
import type { OpeningData } from '../cards/card-data.js';

const OUTCOME: Record<string, string> = {
  updated: 'updated',
  'change-in-circumstance': 'change in circumstance',
  'not-acted': 'agency has not acted',
};

/**
 * The opening review: outstanding actions from meetings at least seven days ago, by agency in
 * batting order, each recorded by the chair as updated, a change in circumstance, or not acted on
 * (SafeLives' minutes checklist keeps these apart).
 */
export async function openingData(r: Repos, meetingId: string): Promise<OpeningData | undefined> {
  const { area } = await loadMeeting(r, meetingId);
  const agencies = await r.agencies.list(area.id);
  const outstanding = await outstandingForOpening(r, meetingId);
  const reviewed = await reviewedAt(r, meetingId);
  const all = [...outstanding, ...reviewed.filter((a) => !outstanding.some((o) => o.id === a.id))];
  if (!all.length) return undefined;
  const rank = (id: string) => area.battingOrder.indexOf(id);
  return {
    meetingId,
    actions: all
      .sort((a, b) => rank(a.ownerAgencyId) - rank(b.ownerAgencyId) || a.dueDate.localeCompare(b.dueDate))
      .map((a) => {
        const review = [...a.updates]
          .reverse()
          .find((u) => u.kind === 'reviewed' && reviewedHere(u, meetingId))?.review;
        return {
          actionId: a.id,
          agency: agencies.find((x) => x.id === a.ownerAgencyId)?.name ?? a.ownerAgencyId,
          reference: a.caseReference,
          due: ukDate(a.dueDate),
          description: a.description,
          outcome: review ? OUTCOME[review] : '',
        };
      }),
  };
}

/** Reviewed at this meeting (older records carry the meeting as an `opening:` note). */
const reviewedHere = (u: { atMeeting?: string; note?: string }, meetingId: string) =>
  u.atMeeting === meetingId || u.note === `opening:${meetingId}`;

/** Actions reviewed at this meeting that are no longer outstanding (e.g. marked not acted). */
async function reviewedAt(r: Repos, meetingId: string) {
  const { meeting } = await loadMeeting(r, meetingId);
  const closed = meeting.kind === 'closed';
  const meetingIds = (await r.meetings.list({ areaId: meeting.areaId }))
    .filter((m) => (m.kind === 'closed') === closed)
    .map((m) => m.id);
  return (await r.actions.list({ meetingIds })).filter((a) =>
    a.updates.some((u) => u.kind === 'reviewed' && reviewedHere(u, meetingId)),
  );
}

export async function reviewOutstanding(
  deps: BotDeps,
  meetingId: string,
  actor: Actor,
  data: Record<string, unknown>,
): Promise<InvokeAnswer> {
  const review = String(data.review);
  if (!(review in OUTCOME))
    return {
      kind: 'error',
      status: 400,
      code: 'invalid',
      message: 'Choose updated, change in circumstance, or agency has not acted.',
    };
  const action = await deps.store.repos.actions.get(String(data.actionId ?? '').slice(0, 100));
  if (!action)
    return { kind: 'error', status: 404, code: 'not-found', message: 'That action does not exist.' };
  await changeAction(deps, action.id, actor, {
    kind: 'review',
    review: review as 'updated',
    atMeeting: meetingId,
  });
  const card = renderOpening((await openingData(deps.store.repos, meetingId))!);
  const meeting = await deps.store.repos.meetings.get(meetingId);
  if (meeting?.teams?.serviceUrl)
    await deps.post(
      {
        conversationId: meeting.teams.conversationId,
        serviceUrl: meeting.teams.serviceUrl,
        reference: meeting.teams.reference,
      },
      cardMessage(card, 'Outstanding actions'),
      { cardKey: `opening:${meetingId}`, mode: 'upsert' },
    );
  return { kind: 'card', card };
}
