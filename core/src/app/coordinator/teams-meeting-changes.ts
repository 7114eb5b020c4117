import { randomUUID } from 'node:crypto';
import { DomainError } from '../../domain/errors.js';
import type { Meeting, TeamsLink } from '../../domain/meeting.js';
import { type GraphProblem, TeamsMeetingsRefusal } from '../../ports/teams-meetings.js';
import { type Actor, record } from './context.js';
import { teamsMeetingMinutes } from './teams-invitees.js';
import {
  type TeamsMeetingDeps,
  type TeamsRefused,
  NOT_CONFIGURED,
  auditGraphProblems,
  managedPlanned,
  refusedBy,
} from './teams-meeting.js';

/**
 * Move the Teams event to where the (already saved) MARAC meeting now is. Nothing to do for a
 * meeting the app did not create; a refusal is reported and audited, the MARAC meeting stays moved.
 */
export async function rescheduleTeamsEvent(
  deps: TeamsMeetingDeps,
  actor: Actor,
  saved: Meeting,
  durationMinutes?: number,
): Promise<{ teamsUpdated: boolean; problems: GraphProblem[] }> {
  const t = saved.teams;
  if (!t?.eventId || !t.organiser) return { teamsUpdated: false, problems: [] };
  const action = 'teams-meeting.reschedule';
  if (!deps.teams) {
    await auditGraphProblems(deps, actor, saved.id, action, [NOT_CONFIGURED]);
    return { teamsUpdated: false, problems: [NOT_CONFIGURED] };
  }
  const minutes = await teamsMeetingMinutes(deps.store.repos, saved, durationMinutes);
  try {
    await deps.teams.reschedule(
      { organiser: t.organiser, eventId: t.eventId },
      { date: saved.date, startTime: saved.startTime, durationMinutes: minutes, kind: saved.kind },
    );
  } catch (e) {
    if (!(e instanceof TeamsMeetingsRefusal)) throw e;
    await auditGraphProblems(deps, actor, saved.id, action, [e.problem]);
    return { teamsUpdated: false, problems: [e.problem] };
  }
  await deps.store.tx((tx) =>
    record(tx, deps.clock, actor, {
      action: 'teams-meeting.rescheduled',
      subject: `meeting:${saved.id}`,
      details: { to: `${saved.date} ${saved.startTime}`, durationMinutes: minutes },
    }),
  );
  return { teamsUpdated: true, problems: [] };
}

/**
 * Cancel the Teams meeting the app created; the MARAC meeting stays, unlinked from the cancelled
 * chat, with a new transaction id so that a new Teams meeting can be created. An event already
 * gone (a retry after a failed store write) counts as cancelled.
 */
export async function cancelTeamsMeeting(
  deps: TeamsMeetingDeps,
  actor: Actor,
  meetingId: string,
): Promise<TeamsRefused | { meeting: Meeting }> {
  const action = 'teams-meeting.cancel';
  const m = await managedPlanned(deps, actor, meetingId, action);
  const t = m.teams;
  if (!t?.eventId || !t.organiser)
    throw new DomainError('not-found', 'This MARAC meeting has no Teams meeting created by the app.');
  if (!deps.teams) return refusedBy(deps, actor, m, action, NOT_CONFIGURED);
  try {
    await deps.teams.cancel({ organiser: t.organiser, eventId: t.eventId });
  } catch (e) {
    if (!(e instanceof TeamsMeetingsRefusal)) throw e;
    if (!e.gone) return refusedBy(deps, actor, m, action, e.problem);
  }
  const meeting = await deps.store.tx(async (tx) => {
    const fresh = (await tx.meetings.get(m.id)) ?? m;
    const teams: TeamsLink = {
      conversationId: '',
      serviceUrl: '',
      reference: {},
      transactionId: randomUUID(),
    };
    const next = await tx.meetings.put({ ...fresh, teams }, fresh.version);
    await record(tx, deps.clock, actor, { action: 'teams-meeting.cancelled', subject: `meeting:${m.id}` }, [
      { type: 'MeetingChanged', meetingId: m.id },
    ]);
    return next;
  });
  return { meeting };
}
