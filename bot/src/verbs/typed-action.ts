import { addAction, mayChair, parseDueDate, todayOf, ukDate } from '@marac/core';
import { meetingView } from '../views/meeting-view.js';
import { agencyReachability } from '@marac/core/coordinator';
import type { ChatArgs, ChatContext } from './chat-context.js';

/** `action <Agency>: <what> by <date>`: an action for the case being heard. */
export async function typedAction({ deps, meeting, actor, say }: ChatContext, cmd: ChatArgs<'action'>) {
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
  // The case card shows it: a chat message only when it cannot reach the agency.
  if (!(await agencyReachability(r, [agency], await r.people.list()))(agency.id))
    await say(
      `Action recorded for ${agency.name}, due ${ukDate(res.added.dueDate)}, but nobody from ${agency.name} can be reached in Teams: it is flagged "no one to deliver to" for the coordinator.`,
    );
}
