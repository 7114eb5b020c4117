import { type FollowUpResult, type MaracAction, type Repos, ukDate } from '@marac/core';
import type { BotDeps } from './marac-bot.js';
import { cardMessage, renderAction } from './cards/render.js';
import { actionCardData, agencyTargets, personalTarget } from './handlers/post-meeting.js';
import { text } from './post.js';
import { sendActivityFeedReminders } from './activity-feed-reminders.js';

/**
 * Deliver the daily follow-up (already claimed once per action and day by the core): the action
 * card again where the agency works, and each coordinator a note of the actions just marked stale.
 */
export async function deliverFollowUp(deps: BotDeps, res: FollowUpResult) {
  const r = deps.store.repos;
  for (const { action, kind } of res.reminders) {
    const notice =
      kind === 'overdue'
        ? `Reminder: overdue since ${ukDate(action.dueDate)}. Please add an update, mark it complete, or say why it cannot be done.`
        : `Reminder: due ${ukDate(action.dueDate)}.`;
    const card = cardMessage(
      renderAction(await actionCardData(r, action, notice)),
      `Reminder: MARAC action ${action.caseReference}`,
    );
    for (const { to } of await agencyTargets(deps, action)) await deps.post(to, card);
  }
  await sendActivityFeedReminders(deps, res); // optional Teams activity feed, per area setting: activity-feed-reminders.ts
  if (!res.markedNoUpdate.length) return;
  const note = text(await staleNote(r, res.markedNoUpdate));
  for (const p of (await r.people.list()).filter((x) => x.roles.includes('coordinator'))) {
    const to = await personalTarget(deps, p.aadObjectId);
    if (to) await deps.post(to, note);
    else
      deps.log.warn({ person: p.id }, 'a coordinator could not be told of stale actions: no 1:1 chat known');
  }
}

/** Case references, agencies and dates only: the coordinator opens the tab for anything more. */
async function staleNote(r: Repos, marked: MaracAction[]) {
  const names = new Map<string, string>();
  for (const a of marked) {
    if (names.has(a.ownerAgencyId)) continue;
    const m = await r.meetings.get(a.meetingId);
    for (const ag of m ? await r.agencies.list(m.areaId) : []) names.set(ag.id, ag.name);
  }
  const label = marked[0].updates.at(-1)?.note ?? 'No update from lead agency';
  const lines = marked
    .map(
      (a) =>
        `- ${a.caseReference}: ${names.get(a.ownerAgencyId) ?? a.ownerAgencyId}, due ${ukDate(a.dueDate)}`,
    )
    .join('\n');
  return `${marked.length} action${marked.length === 1 ? ' was' : 's were'} marked "${label}" after the grace period. The actions tracker in the MARAC tab has the details:\n\n${lines}`;
}
