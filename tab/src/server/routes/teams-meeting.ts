/**
 * The Teams side of a MARAC meeting, managed from the tab through Microsoft Graph:
 *
 *   GET    /api/meetings/:id/teams-meeting   what is linked (anyone who may see the meeting)
 *   POST   /api/meetings/:id/teams-meeting   create the Teams meeting (calendar event on the
 *          coordinator's calendar, agency representatives invited, the app installed in its chat);
 *          again to finish a partly done one (same Graph transactionId: no second event)
 *   PATCH  /api/meetings/:id/teams-meeting   reschedule: the MARAC meeting's date/time, then the event
 *   DELETE /api/meetings/:id/teams-meeting   cancel the Teams meeting (the MARAC meeting stays)
 *   GET    /api/meetings/:id/attendance      Teams attendance reconciled with the declaration record
 *
 * Coordinators only (but the GET of the link). The MARAC meeting is the record: a Graph failure never
 * loses or rolls back what was stored. A failure is answered as JSON naming the Graph operation and,
 * for a missing permission, the `permission` to grant, and it is audited.
 */
import { randomUUID } from 'node:crypto';
import express from 'express';
import { z } from 'zod';
import {
  type AttendanceReports,
  type Meeting,
  type Person,
  type Repos,
  type TeamsLink,
  DomainError,
  hasRole,
  isClosedSession,
  reconcileMeetingAttendance,
} from '@marac/core';
import { isGraphApiError, isGraphPermissionError, type Graph, type MeetingInvitee } from '@marac/graph';
import { actorOf } from '../auth.js';
import {
  type Actor,
  canManage,
  record,
  requireManager,
  rescheduleMeeting,
  toMeetingView,
  visibleMeeting,
} from '../coordinator.js';
import type { TabDeps } from '../deps.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter a date (YYYY-MM-DD).');
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Enter a time (HH:MM).');
const minutes = z.number().int().min(15).max(600);
const createSchema = z.object({ durationMinutes: minutes.optional() }).strict();
const rescheduleSchema = z
  .object({ date: isoDate, startTime: hhmm, durationMinutes: minutes.optional() })
  .strict();

/** A Graph failure as the coordinator sees it. */
export interface GraphProblem {
  /** graph-permission, graph-throttled, graph-unavailable, graph-not-found, graph-auth, ... */
  code: string;
  message: string;
  /** The Graph operation that failed, e.g. chats.installApp. */
  operation?: string;
  /** For graph-permission: the (least privileged) permission to grant. */
  permission?: string;
  /** Any of these would also do. */
  anyOf?: string[];
  /** What else Graph needs (e.g. a Teams application access policy). */
  note?: string;
}

export function graphProblem(e: unknown): GraphProblem {
  if (isGraphPermissionError(e))
    return {
      code: 'graph-permission',
      message: e.message,
      operation: e.operation,
      permission: e.permission,
      anyOf: e.anyOf,
      ...(e.note ? { note: e.note } : {}),
    };
  if (isGraphApiError(e))
    return {
      code: `graph-${e.kind}`,
      message: e.message,
      ...(e.operation ? { operation: e.operation } : {}),
    };
  return { code: 'graph-unexpected', message: 'Microsoft Graph could not be used just now.' };
}

const NOT_CONFIGURED: GraphProblem = {
  code: 'graph-not-configured',
  message:
    'Microsoft Graph is not configured on this server, so the app cannot manage Teams meetings. Link the Teams meeting by typing `link CODE` in its chat.',
};

/** Core's AttendanceReports on Graph: every record of every report (session) of the meeting. */
export const attendanceReportsOf = (graph: Pick<Graph, 'attendance'>): AttendanceReports => ({
  async attendanceRecords(ref) {
    return (await graph.attendance.attendanceReports(ref)).flatMap((r) => r.records);
  },
});

/** Who is invited: the agency representatives, IDVAs and chairs of the area (or the closed session's invitees), and the chair. */
export async function inviteesFor(r: Repos, m: Meeting, organiserAad: string): Promise<MeetingInvitee[]> {
  const areaAgencies = new Set((await r.agencies.list(m.areaId)).map((a) => a.id));
  const named = new Set([m.chairId, ...m.delegateIds].filter((x): x is string => !!x));
  const rep = (p: Pick<Person, 'roles'>) => hasRole(p, 'agency-rep', 'idva', 'chair');
  const chosen = (await r.people.list()).filter((p) => {
    if (named.has(p.id)) return true;
    if (isClosedSession(m))
      return (
        m.invitedPersonIds.includes(p.id) ||
        (!!p.agencyId && m.invitedAgencyIds.includes(p.agencyId) && rep(p))
      );
    return !!p.agencyId && areaAgencies.has(p.agencyId) && rep(p);
  });
  const seen = new Set<string>();
  const out: MeetingInvitee[] = [];
  for (const p of chosen.sort((a, b) => a.displayName.localeCompare(b.displayName))) {
    const email = p.email?.trim();
    if (!email || p.aadObjectId === organiserAad || seen.has(email.toLowerCase())) continue;
    seen.add(email.toLowerCase());
    out.push({ email, name: p.displayName });
  }
  return out;
}

/** Long enough for the agenda (at least an hour, at most ten). */
async function durationOf(r: Repos, m: Meeting, asked?: number): Promise<number> {
  if (asked) return asked;
  const area = await r.areas.get(m.areaId);
  const per = area?.minutesPerCase[m.kind] ?? 20;
  const cases =
    (await r.agenda.list(m.id)).length || (isClosedSession(m) ? 1 : (area?.maxCasesPerMeeting ?? 3));
  return Math.min(600, Math.max(60, cases * per));
}

/** What the tab shows about the Teams side of a meeting (no ids a person has no use for). */
function teamsStatus(deps: TabDeps, actor: Actor, m: Meeting) {
  const t = m.teams;
  return {
    graphConfigured: !!deps.graph,
    canManage: canManage(actor) && m.status === 'planned',
    linked: !!t?.conversationId,
    createdByApp: !!t?.eventId,
    /** The bot has heard from the meeting chat (knows where to post). */
    botConnected: !!t?.serviceUrl,
    joinUrl: t?.joinUrl,
  };
}

export function teamsMeetingRoutes(deps: TabDeps) {
  const router = express.Router();
  const path = '/api/meetings/:meetingId/teams-meeting';

  /** Graph failures are kept in the audit trail, naming the permission to grant. */
  const auditProblems = (actor: Actor, meetingId: string, action: string, problems: GraphProblem[]) =>
    problems.length
      ? deps.store.tx(async (r) => {
          for (const p of problems)
            await r.audit.append({
              at: new Date(deps.clock.now()).toISOString(),
              actor: actor.id,
              action: `graph.${action}`,
              subject: `meeting:${meetingId}`,
              outcome: 'refused',
              reason: p.message,
              details: { code: p.code, operation: p.operation, permission: p.permission },
            });
        })
      : Promise.resolve();

  const managed = async (actor: Actor, meetingId: string, action: string) => {
    const m = await visibleMeeting(deps, actor, meetingId, action);
    await requireManager(deps, actor, action, `meeting:${m.id}`);
    return m;
  };
  const planned = (m: Meeting) => {
    if (m.status !== 'planned')
      throw new DomainError(
        'conflict',
        'This meeting has started or ended: its Teams meeting can no longer be changed here.',
      );
  };

  router.get(path, async (req, res) => {
    const actor = actorOf(res);
    res.json(
      teamsStatus(deps, actor, await visibleMeeting(deps, actor, req.params.meetingId, 'teams-meeting.view')),
    );
  });

  router.post(path, async (req, res) => {
    const actor = actorOf(res);
    const body = createSchema.parse(req.body ?? {});
    const m = await managed(actor, req.params.meetingId, 'teams-meeting.create');
    planned(m);
    if (m.teams?.conversationId && !m.teams.eventId)
      throw new DomainError(
        'conflict',
        'This MARAC meeting is already linked to a Teams meeting (by its code or the meeting tab), which the app did not create.',
      );
    if (!deps.graph) {
      await auditProblems(actor, m.id, 'teams-meeting.create', [NOT_CONFIGURED]);
      return void res.status(503).json({ error: NOT_CONFIGURED });
    }
    const r = deps.store.repos;
    const organiser = m.teams?.organiser ?? actor.aadObjectId;
    // Stable across retries (and after a failed store write): Graph makes no second event.
    const transactionId = m.teams?.transactionId ?? m.id;
    const attendees = await inviteesFor(r, m, organiser);
    let scheduled;
    try {
      scheduled = await deps.graph.scheduler.scheduleTeamsMeeting({
        meetingId: transactionId,
        kind: m.kind,
        date: m.date,
        startTime: m.startTime,
        durationMinutes: await durationOf(r, m, body.durationMinutes),
        organiser,
        attendees,
      });
    } catch (e) {
      if (!isGraphApiError(e)) throw e;
      const problem = graphProblem(e);
      await auditProblems(actor, m.id, 'teams-meeting.create', [problem]);
      deps.log.warn(
        { meetingId: m.id, code: problem.code, operation: problem.operation, permission: problem.permission },
        'tab: Teams meeting not created',
      );
      return void res.status(502).json({ error: problem });
    }
    const problems = scheduled.problems.map(graphProblem);
    const created = !m.teams?.eventId;
    const saved = await deps.store.tx(async (tx) => {
      const fresh = (await tx.meetings.get(m.id)) ?? m;
      if (scheduled.chatId) {
        const other = await tx.meetings.byConversationId(scheduled.chatId);
        if (other && other.id !== fresh.id)
          throw new DomainError(
            'conflict',
            'That Teams meeting chat is already linked to another MARAC meeting.',
          );
      }
      const prev = fresh.teams;
      const teams: TeamsLink = {
        ...prev,
        // The chat id is the conversation id the bot sees there: the bot links itself on first contact.
        conversationId: scheduled.chatId ?? prev?.conversationId ?? '',
        serviceUrl: prev?.serviceUrl ?? '',
        reference: prev?.reference ?? {},
        tenantId: prev?.tenantId ?? deps.config.MicrosoftAppTenantId,
        eventId: scheduled.eventId,
        organiser: scheduled.organiser,
        transactionId,
        ...(scheduled.chatId ? { chatId: scheduled.chatId } : {}),
        ...(scheduled.joinUrl ? { joinUrl: scheduled.joinUrl } : {}),
        ...(scheduled.onlineMeetingId ? { onlineMeetingId: scheduled.onlineMeetingId } : {}),
      };
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
            problems: problems.map((p) => p.permission ?? p.code),
          },
        },
        [{ type: 'MeetingChanged', meetingId: m.id }],
      );
      return next;
    });
    await auditProblems(actor, m.id, 'teams-meeting.create', problems);
    res.status(created ? 201 : 200).json({
      meeting: await toMeetingView(r, actor, saved),
      teams: teamsStatus(deps, actor, saved),
      appInstalled: scheduled.appInstalled,
      invited: attendees.length,
      problems,
    });
  });

  router.patch(path, async (req, res) => {
    const actor = actorOf(res);
    const body = rescheduleSchema.parse(req.body ?? {});
    const m = await managed(actor, req.params.meetingId, 'teams-meeting.reschedule');
    planned(m);
    // The MARAC meeting first: it is the record, whatever Graph says next.
    const { meeting: saved, warnings } = await rescheduleMeeting(deps, actor, m.id, {
      date: body.date,
      startTime: body.startTime,
    });
    const problems: GraphProblem[] = [];
    let teamsUpdated = false;
    const t = saved.teams;
    if (t?.eventId && t.organiser) {
      if (!deps.graph) problems.push(NOT_CONFIGURED);
      else
        try {
          const durationMinutes = await durationOf(deps.store.repos, saved, body.durationMinutes);
          await deps.graph.scheduler.reschedule(
            { organiser: t.organiser, eventId: t.eventId },
            { date: body.date, startTime: body.startTime, durationMinutes },
          );
          teamsUpdated = true;
          await deps.store.tx((tx) =>
            record(tx, deps.clock, actor, {
              action: 'teams-meeting.rescheduled',
              subject: `meeting:${m.id}`,
              details: { to: `${body.date} ${body.startTime}`, durationMinutes },
            }),
          );
        } catch (e) {
          if (!isGraphApiError(e)) throw e;
          problems.push(graphProblem(e));
        }
    }
    await auditProblems(actor, m.id, 'teams-meeting.reschedule', problems);
    res.json({
      meeting: { ...(await toMeetingView(deps.store.repos, actor, saved)), warnings },
      teams: teamsStatus(deps, actor, saved),
      teamsUpdated,
      problems,
    });
  });

  router.delete(path, async (req, res) => {
    const actor = actorOf(res);
    const m = await managed(actor, req.params.meetingId, 'teams-meeting.cancel');
    planned(m);
    const t = m.teams;
    if (!t?.eventId || !t.organiser)
      throw new DomainError('not-found', 'This MARAC meeting has no Teams meeting created by the app.');
    if (!deps.graph) {
      await auditProblems(actor, m.id, 'teams-meeting.cancel', [NOT_CONFIGURED]);
      return void res.status(503).json({ error: NOT_CONFIGURED });
    }
    try {
      await deps.graph.scheduler.cancel({ organiser: t.organiser, eventId: t.eventId });
    } catch (e) {
      if (!isGraphApiError(e)) throw e;
      // Already gone or already cancelled (e.g. a retry after the store write failed): carry on.
      if (e.kind !== 'not-found' && e.code !== 'ErrorItemNotFound') {
        const problem = graphProblem(e);
        await auditProblems(actor, m.id, 'teams-meeting.cancel', [problem]);
        return void res.status(502).json({ error: problem });
      }
    }
    const saved = await deps.store.tx(async (tx) => {
      const fresh = (await tx.meetings.get(m.id)) ?? m;
      // Unlinked from the cancelled chat; a new transaction id so a new Teams meeting can be created.
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
    res.json({
      meeting: await toMeetingView(deps.store.repos, actor, saved),
      teams: teamsStatus(deps, actor, saved),
      cancelled: true,
    });
  });

  router.get('/api/meetings/:meetingId/attendance', async (req, res) => {
    const actor = actorOf(res);
    const m = await managed(actor, req.params.meetingId, 'meeting.attendance');
    const result = await reconcileMeetingAttendance(deps, m.id, {
      reports: deps.graph ? attendanceReportsOf(deps.graph) : undefined,
    });
    if (result.report.status === 'failed')
      await auditProblems(actor, m.id, 'attendance', [
        {
          code: result.report.permission ? 'graph-permission' : 'graph-failed',
          message: result.report.message ?? '',
          permission: result.report.permission,
          operation: 'attendanceReports.list',
        },
      ]);
    res.json(result);
  });

  return router;
}
