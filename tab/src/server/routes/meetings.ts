import express from 'express';
import { z } from 'zod';
import { DomainError } from '@marac/core';
import { cancelSchema, meetingMoveSchema, newMeetingSchema, teamsLinkSchema } from '../../shared/schemas.js';
import { actorOf } from '../auth.js';
import {
  cancelMeeting,
  createMeeting,
  linkTeamsChat,
  listMeetings,
  rescheduleMeeting,
  toMeetingView,
  visibleMeeting,
} from '../coordinator.js';
import type { TabDeps } from '../deps.js';

const listQuery = z.object({
  areaId: z.string().max(100).optional(),
  from: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  to: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
});

export function meetingRoutes(deps: TabDeps) {
  const router = express.Router();
  router.get('/api/meetings', async (req, res) => {
    res.json(await listMeetings(deps, actorOf(res), listQuery.parse(req.query)));
  });
  router.post('/api/meetings', async (req, res) => {
    res.status(201).json(await createMeeting(deps, actorOf(res), newMeetingSchema.parse(req.body)));
  });
  router.get('/api/meetings/:meetingId', async (req, res) => {
    const m = await visibleMeeting(deps, actorOf(res), req.params.meetingId, 'meeting.view');
    res.json(await toMeetingView(deps.store.repos, actorOf(res), m));
  });
  /** Move a planned meeting; the answer carries the scheduling warnings. */
  router.patch('/api/meetings/:meetingId', async (req, res) => {
    const actor = actorOf(res);
    const when = meetingMoveSchema.parse(req.body ?? {});
    const m = await visibleMeeting(deps, actor, req.params.meetingId, 'meeting.reschedule');
    // An invitation the app sent must move with it: that is the Teams meeting panel's job.
    if (m.teams?.eventId)
      throw new DomainError(
        'conflict',
        'This meeting has a Teams invitation: move it from the Teams meeting panel.',
      );
    const { meeting, warnings } = await rescheduleMeeting(deps, actor, m.id, when);
    res.json({ ...(await toMeetingView(deps.store.repos, actor, meeting)), warnings });
  });
  /** Cancel a planned meeting: its cases go back to the "to be re-listed" queue. */
  router.post('/api/meetings/:meetingId/cancel', async (req, res) => {
    const { reason } = cancelSchema.parse(req.body ?? {});
    res.json(await cancelMeeting(deps, actorOf(res), req.params.meetingId, reason));
  });
  /** The meeting tab's configuration page records which Teams meeting this is. */
  router.post('/api/meetings/:meetingId/teams-link', async (req, res) => {
    res.json(await linkTeamsChat(deps, actorOf(res), req.params.meetingId, teamsLinkSchema.parse(req.body)));
  });
  return router;
}
