import express from 'express';
import { z } from 'zod';
import {
  chaseAgency,
  publishAgenda,
  readVictimViews,
  recordResearch,
  recordVictimViews,
  VICTIM_VIEWS_MAX,
  researchForAgency,
  researchMatrix,
  researchSummaries,
} from '@marac/core/research';
import { actorOf } from '../auth.js';
import type { TabDeps } from '../deps.js';

const heading = z.string().trim().max(2000, 'Keep it under 2000 characters.').optional();
export const researchReturnSchema = z.object({
  held: z.boolean(),
  summary: z
    .object({ involvement: heading, health: heading, risk: heading, appointments: heading })
    .optional(),
  /** A coordinator recording a return on an agency's behalf names the agency. */
  agencyId: z.string().min(1).max(100).optional(),
});
const viewsSchema = z.object({
  text: z.string().max(VICTIM_VIEWS_MAX, `Keep it under ${VICTIM_VIEWS_MAX} characters.`),
  version: z.number().int().min(0).optional(),
});
const chaseSchema = z.object({ agencyId: z.string().min(1).max(100) });

/** Publishing the agenda, each agency's research, and the coordinator's returns matrix. */
export function researchRoutes(deps: TabDeps) {
  const router = express.Router();
  router.post('/api/meetings/:meetingId/publish', async (req, res) => {
    res.json(await publishAgenda(deps, actorOf(res), req.params.meetingId));
  });
  router.get('/api/meetings/:meetingId/research', async (req, res) => {
    res.json(await researchForAgency(deps, actorOf(res), req.params.meetingId));
  });
  router.post('/api/meetings/:meetingId/research/:caseId', async (req, res) => {
    const body = researchReturnSchema.parse(req.body ?? {});
    const saved = await recordResearch(deps, actorOf(res), req.params.meetingId, req.params.caseId, body);
    res.json({
      caseId: saved.caseId,
      agencyId: saved.agencyId,
      held: saved.held,
      late: saved.late,
      recordedAt: saved.recordedAt,
      onBehalf: !!saved.onBehalf,
    });
  });
  // The victim's views: the IDVA records them, the meeting's people read them (each read audited).
  router.get('/api/meetings/:meetingId/cases/:caseId/victim-views', async (req, res) => {
    const v = await readVictimViews(deps, actorOf(res), req.params.meetingId, req.params.caseId);
    res.json(v ? { text: v.text, recordedAt: v.recordedAt, version: v.version } : { version: 0 });
  });
  router.put('/api/meetings/:meetingId/cases/:caseId/victim-views', async (req, res) => {
    const body = viewsSchema.parse(req.body ?? {});
    const v = await recordVictimViews(deps, actorOf(res), req.params.meetingId, req.params.caseId, body);
    res.json({ text: v.text, recordedAt: v.recordedAt, version: v.version });
  });
  /** Every agency's return on one case, summaries included: coordinators, each read audited. */
  router.get('/api/meetings/:meetingId/research/:caseId/returns', async (req, res) => {
    res.json(await researchSummaries(deps, actorOf(res), req.params.meetingId, req.params.caseId));
  });
  router.get('/api/meetings/:meetingId/research-returns', async (req, res) => {
    res.json(await researchMatrix(deps, actorOf(res), req.params.meetingId));
  });
  router.post('/api/meetings/:meetingId/research-chase', async (req, res) => {
    res.json(
      await chaseAgency(deps, actorOf(res), req.params.meetingId, chaseSchema.parse(req.body ?? {}).agencyId),
    );
  });
  return router;
}
