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
import express from 'express';
import { z } from 'zod';
import { type GraphProblem, type Meeting, reconcileMeetingAttendance } from '@marac/core';
import { attendanceReportsOf, teamsMeetingsOf } from '../graph-ports.js';
import { actorOf } from '../auth.js';
import {
  type Actor,
  auditGraphProblems,
  canManage,
  cancelTeamsMeeting,
  createTeamsMeeting,
  managedPlanned,
  requireManager,
  rescheduleMeeting,
  rescheduleTeamsEvent,
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

/** The Teams-meeting use cases (core/src/app/coordinator/teams-meeting.ts) over HTTP. */
export function teamsMeetingRoutes(deps: TabDeps) {
  const router = express.Router();
  const path = '/api/meetings/:meetingId/teams-meeting';
  const uses = {
    ...deps,
    teams: deps.graph ? teamsMeetingsOf(deps.graph) : undefined,
    tenantId: deps.config.MicrosoftAppTenantId,
  };
  /** A refusal of the whole step: 503 when Graph is not configured, 502 when it said no. */
  const refused = (res: express.Response, r: { refused: GraphProblem; configured: boolean }) =>
    void res.status(r.configured ? 502 : 503).json({ error: r.refused });

  router.get(path, async (req, res) => {
    const actor = actorOf(res);
    res.json(
      teamsStatus(deps, actor, await visibleMeeting(deps, actor, req.params.meetingId, 'teams-meeting.view')),
    );
  });

  router.post(path, async (req, res) => {
    const actor = actorOf(res);
    const body = createSchema.parse(req.body ?? {});
    const r = await createTeamsMeeting(uses, actor, req.params.meetingId, body);
    if ('refused' in r) {
      deps.log.warn(
        {
          meetingId: req.params.meetingId,
          code: r.refused.code,
          operation: r.refused.operation,
          permission: r.refused.permission,
        },
        'tab: Teams meeting not created',
      );
      return refused(res, r);
    }
    res.status(r.created ? 201 : 200).json({
      meeting: await toMeetingView(deps.store.repos, actor, r.meeting),
      teams: teamsStatus(deps, actor, r.meeting),
      appInstalled: r.appInstalled,
      invited: r.invited,
      problems: r.problems,
    });
  });

  router.patch(path, async (req, res) => {
    const actor = actorOf(res);
    const body = rescheduleSchema.parse(req.body ?? {});
    const m = await managedPlanned(deps, actor, req.params.meetingId, 'teams-meeting.reschedule');
    // The MARAC meeting first: it is the record, whatever Graph says next.
    const { meeting: saved, warnings } = await rescheduleMeeting(deps, actor, m.id, {
      date: body.date,
      startTime: body.startTime,
    });
    const { teamsUpdated, problems } = await rescheduleTeamsEvent(uses, actor, saved, body.durationMinutes);
    res.json({
      meeting: { ...(await toMeetingView(deps.store.repos, actor, saved)), warnings },
      teams: teamsStatus(deps, actor, saved),
      teamsUpdated,
      problems,
    });
  });

  router.delete(path, async (req, res) => {
    const actor = actorOf(res);
    const r = await cancelTeamsMeeting(uses, actor, req.params.meetingId);
    if ('refused' in r) return refused(res, r);
    res.json({
      meeting: await toMeetingView(deps.store.repos, actor, r.meeting),
      teams: teamsStatus(deps, actor, r.meeting),
      cancelled: true,
    });
  });

  router.get('/api/meetings/:meetingId/attendance', async (req, res) => {
    const actor = actorOf(res);
    const m = await visibleMeeting(deps, actor, req.params.meetingId, 'meeting.attendance');
    await requireManager(deps, actor, 'meeting.attendance', `meeting:${m.id}`);
    const result = await reconcileMeetingAttendance(deps, m.id, {
      reports: deps.graph ? attendanceReportsOf(deps.graph) : undefined,
    });
    if (result.report.status === 'failed')
      await auditGraphProblems(deps, actor, m.id, 'attendance', [
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
