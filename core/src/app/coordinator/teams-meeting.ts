import { DomainError } from '../../domain/errors.js';
import type { Meeting } from '../../domain/meeting.js';
import {
  type GraphProblem,
  type ScheduledMeeting,
  type TeamsMeetings,
  TeamsMeetingsRefusal,
} from '../../ports/teams-meetings.js';
import { requireManager } from './access.js';
import { type Actor, type CoordinatorDeps, nowIso, record } from './context.js';
import { visibleMeeting } from './meetings.js';
import { mergeTeamsLink, teamsInvitees, teamsMeetingMinutes } from './teams-invitees.js';

export interface TeamsMeetingDeps extends CoordinatorDeps {
  /** Absent when Graph is not configured (local development): every call says so. */
  teams?: TeamsMeetings;
  tenantId?: string;
}

export const NOT_CONFIGURED: GraphProblem = {
  code: 'graph-not-configured',
  message:
    'Microsoft Graph is not configured on this server, so the app cannot manage Teams meetings. Link the Teams meeting by typing `link CODE` in its chat.',
};

/** Graph refused the whole step: nothing changed on the MARAC meeting. */
export type TeamsRefused = { refused: GraphProblem; configured: boolean };

/** Graph refusals are kept in the audit trail, naming the permission to grant. */
export async function auditGraphProblems(
  deps: CoordinatorDeps,
  actor: Actor,
  meetingId: string,
  action: string,
  problems: GraphProblem[],
) {
  if (!problems.length) return;
  await deps.store.tx(async (r) => {
    for (const p of problems)
      await r.audit.append({
        at: nowIso(deps.clock),
        actor: actor.id,
        action: `graph.${action}`,
        subject: `meeting:${meetingId}`,
        outcome: 'refused',
        reason: p.message,
        details: { code: p.code, operation: p.operation, permission: p.permission },
      });
  });
}

/** A planned meeting the coordinator manages; started or ended ones are no longer changed here. */
export async function managedPlanned(deps: CoordinatorDeps, actor: Actor, meetingId: string, action: string) {
  const m = await visibleMeeting(deps, actor, meetingId, action);
  await requireManager(deps, actor, action, `meeting:${m.id}`);
  if (m.status !== 'planned')
    throw new DomainError(
      'conflict',
      'This meeting has started or ended: its Teams meeting can no longer be changed here.',
    );
  return m;
}

export const refusedBy = async (
  deps: TeamsMeetingDeps,
  actor: Actor,
  m: Meeting,
  action: string,
  problem: GraphProblem,
): Promise<TeamsRefused> => {
  await auditGraphProblems(deps, actor, m.id, action, [problem]);
  return { refused: problem, configured: !!deps.teams };
};

/**
 * Create the Teams meeting for a MARAC meeting (a calendar event on the coordinator's calendar,
 * the invitees invited, the app installed in its chat), or finish a partly done one: the same
 * transaction id, so Graph makes no second event. The MARAC meeting is the record: a refusal
 * changes nothing, a step that failed after the event was made is reported and audited.
 */
export async function createTeamsMeeting(
  deps: TeamsMeetingDeps,
  actor: Actor,
  meetingId: string,
  opts: { durationMinutes?: number } = {},
): Promise<
  | TeamsRefused
  | { meeting: Meeting; created: boolean; appInstalled: boolean; invited: number; problems: GraphProblem[] }
> {
  const action = 'teams-meeting.create';
  const m = await managedPlanned(deps, actor, meetingId, action);
  if (m.teams?.conversationId && !m.teams.eventId)
    throw new DomainError(
      'conflict',
      'This MARAC meeting is already linked to a Teams meeting (by its code or the meeting tab), which the app did not create.',
    );
  if (!deps.teams) return refusedBy(deps, actor, m, action, NOT_CONFIGURED);
  const r = deps.store.repos;
  const organiser = m.teams?.organiser ?? actor.aadObjectId;
  const transactionId = m.teams?.transactionId ?? m.id;
  const attendees = await teamsInvitees(r, m, organiser);
  let scheduled: ScheduledMeeting;
  try {
    scheduled = await deps.teams.schedule({
      transactionId,
      kind: m.kind,
      date: m.date,
      startTime: m.startTime,
      durationMinutes: await teamsMeetingMinutes(r, m, opts.durationMinutes),
      organiser,
      attendees,
    });
  } catch (e) {
    if (e instanceof TeamsMeetingsRefusal) return refusedBy(deps, actor, m, action, e.problem);
    throw e;
  }
  const created = !m.teams?.eventId;
  const meeting = await deps.store.tx(async (tx) => {
    const fresh = (await tx.meetings.get(m.id)) ?? m;
    if (scheduled.chatId) {
      const other = await tx.meetings.byConversationId(scheduled.chatId);
      if (other && other.id !== fresh.id)
        throw new DomainError(
          'conflict',
          'That Teams meeting chat is already linked to another MARAC meeting.',
        );
    }
    const teams = mergeTeamsLink(fresh.teams, scheduled, transactionId, deps.tenantId);
    const next = await tx.meetings.put({ ...fresh, teams }, fresh.version);
    await record(
      tx,
      deps.clock,
      actor,
      {
        action: created ? 'teams-meeting.created' : 'teams-meeting.completed',
        subject: `meeting:${m.id}`,
        details: {
          invited: attendees.length,
          chat: !!scheduled.chatId,
          appInstalled: scheduled.appInstalled,
          problems: scheduled.problems.map((p) => p.permission ?? p.code),
        },
      },
      [{ type: 'MeetingChanged', meetingId: m.id }],
    );
    return next;
  });
  await auditGraphProblems(deps, actor, m.id, action, scheduled.problems);
  const { appInstalled, problems } = scheduled;
  return { meeting, created, appInstalled, invited: attendees.length, problems };
}
