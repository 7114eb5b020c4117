import express from 'express';
import { z } from 'zod';
import {
  currentRollCall,
  mayChair,
  outstandingForOpening,
  recordVerbalUpdate,
  mayRecordAttendance,
  personActor,
  recordAttendee,
  recordConfirmation,
} from '@marac/core';
import { meetingForViewer, recordApology, refuseViewer } from '@marac/core/minutes';
import { actorOf } from '../auth.js';
import type { TabDeps } from '../deps.js';

const id = z.string().min(1).max(100);
const name = z.string().trim().min(2, 'Enter the name.').max(120);
const optionalId = z
  .union([id, z.literal('')])
  .optional()
  .transform((v) => v || undefined);

export const recordAttendeeSchema = z.object({
  name,
  agencyId: optionalId,
  role: z.enum(['representative', 'observer', 'assessor']),
  attendingBy: z.enum(['dial-in', 'in-person']),
  confirmed: z.boolean(),
  chairPermission: z.boolean().optional(),
});
export const recordConfirmationSchema = z.object({ aadObjectId: id });
export const verbalUpdateSchema = z.object({
  actionId: id,
  note: z.string().trim().min(1, 'Write the update.').max(2000),
});
export const apologySchema = z.object({
  name,
  agencyId: optionalId,
  deputy: z.string().trim().max(120).optional(),
});

/** Attendance the bot cannot see, recorded from the side panel by the coordinator or the chair. */
export function attendanceRoutes(deps: TabDeps) {
  const router = express.Router();
  const meetingFor = async (res: express.Response, meetingId: string, action: string) => {
    const actor = actorOf(res);
    const m = await meetingForViewer(deps, actor, meetingId, action);
    return { actor, m };
  };
  /** Who is present and not yet confirmed, with the ids a recorded confirmation needs. */
  router.get('/api/meetings/:meetingId/roll-call', async (req, res) => {
    const { actor, m } = await meetingFor(res, req.params.meetingId, 'attendance.view');
    if (!mayRecordAttendance(m, personActor(actor)))
      await refuseViewer(
        deps,
        actor,
        'attendance.view',
        `meeting:${m.id}`,
        'Only the coordinator or the chair can record attendance.',
      );
    const rc = await currentRollCall(deps.store.repos, m.id, m);
    res.json({
      unconfirmed: rc.unconfirmed.map((a) => ({
        aadObjectId: a.aadObjectId,
        name: a.displayName,
        agencyId: a.agencyId,
      })),
      apologies: (await deps.store.repos.minutes.get(m.id))?.apologies ?? [],
    });
  });
  router.post('/api/meetings/:meetingId/attendees', async (req, res) => {
    const { actor, m } = await meetingFor(res, req.params.meetingId, 'attendance.record');
    const a = await recordAttendee(
      deps,
      m.id,
      personActor(actor),
      recordAttendeeSchema.parse(req.body ?? {}),
    );
    res.status(201).json({ aadObjectId: a.aadObjectId, name: a.displayName });
  });
  router.post('/api/meetings/:meetingId/confirmations', async (req, res) => {
    const { actor, m } = await meetingFor(res, req.params.meetingId, 'declaration.record');
    const { aadObjectId } = recordConfirmationSchema.parse(req.body ?? {});
    const c = await recordConfirmation(deps, m.id, personActor(actor), aadObjectId);
    res.json({ name: c.displayName, method: c.method, confirmedAt: c.confirmedAt });
  });
  router.post('/api/meetings/:meetingId/apologies', async (req, res) => {
    const actor = actorOf(res);
    res.json({
      apologies: await recordApology(deps, actor, req.params.meetingId, apologySchema.parse(req.body ?? {})),
    });
  });
  /** The opening review from the side panel: outstanding actions, and the chair's record of a verbal update. */
  router.get('/api/meetings/:meetingId/outstanding', async (req, res) => {
    const { actor, m } = await meetingFor(res, req.params.meetingId, 'opening.view');
    if (!mayChair(m, personActor(actor)))
      await refuseViewer(
        deps,
        actor,
        'opening.view',
        `meeting:${m.id}`,
        'Only the chair runs the opening review.',
      );
    const agencies = await deps.store.repos.agencies.list(m.areaId);
    res.json(
      (await outstandingForOpening(deps.store.repos, m.id)).map((a) => ({
        actionId: a.id,
        reference: a.caseReference,
        agency: agencies.find((x) => x.id === a.ownerAgencyId)?.name ?? a.ownerAgencyId,
        description: a.description,
        dueDate: a.dueDate,
      })),
    );
  });
  router.post('/api/meetings/:meetingId/verbal-update', async (req, res) => {
    const { actor, m } = await meetingFor(res, req.params.meetingId, 'action.verbal-update');
    const { actionId, note } = verbalUpdateSchema.parse(req.body ?? {});
    const saved = await recordVerbalUpdate(deps, m.id, personActor(actor), actionId, note);
    res.json({ actionId: saved.id, status: saved.status });
  });
  return router;
}
