import type { FollowUpResult } from '@marac/core';
import type { BotDeps } from './marac-bot.js';
import { cardMessage, renderAction } from './cards/render.js';
import { actionCardData, personalTarget } from './handlers/post-meeting.js';
import { text } from './post.js';

/** Deliver the daily follow-up: the action card again to each rep, and the coordinator a note of stale actions. */
export async function deliverFollowUp(deps: BotDeps, res: FollowUpResult) {
  const r = deps.store.repos;
  const people = await r.people.list();
  for (const { action, kind } of res.reminders) {
    const notice = kind === 'overdue' ? `Overdue since ${action.dueDate}: please update or complete it.` : `Due ${action.dueDate}.`;
    const card = cardMessage(renderAction(await actionCardData(r, action, notice)), `Reminder: MARAC action ${action.caseReference}`);
    for (const p of people.filter((x) => x.agencyId === action.ownerAgencyId)) {
      const to = await personalTarget(deps, p.aadObjectId);
      if (to) await deps.post(to, card);
    }
  }
  if (res.markedNoUpdate.length) {
    const lines = res.markedNoUpdate.map((a) => `- ${a.caseReference}: ${a.ownerAgencyId}, due ${a.dueDate}`).join('\n');
    for (const p of people.filter((x) => x.roles.includes('coordinator'))) {
      const to = await personalTarget(deps, p.aadObjectId);
      if (to) await deps.post(to, text(`${res.markedNoUpdate.length} action(s) were marked "No update from lead agency":\n\n${lines}`));
    }
  }
}
