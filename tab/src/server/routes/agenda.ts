import express from 'express';
import { listingSchema, removalSchema, reorderSchema, suggestSchema } from '../../shared/schemas.js';
import { actorOf } from '../auth.js';
import {
  agendaForExport,
  applySuggestedOrder,
  getAgenda,
  listCase,
  moveCase,
  removeFromAgenda,
  reorderAgenda,
} from '../coordinator.js';
import type { TabDeps } from '../deps.js';
import { agendaCsv, agendaDocx, exportFileName } from '../export-agenda.js';

export function agendaRoutes(deps: TabDeps) {
  const router = express.Router();
  router.get('/api/meetings/:meetingId/agenda', async (req, res) => {
    res.json(await getAgenda(deps, actorOf(res), req.params.meetingId));
  });
  router.put('/api/meetings/:meetingId/agenda', async (req, res) => {
    const body = reorderSchema.parse(req.body);
    await reorderAgenda(deps, actorOf(res), req.params.meetingId, body.caseIds, body.expectedOrder);
    res.json(await getAgenda(deps, actorOf(res), req.params.meetingId));
  });
  /** List a case on a meeting, or move it there when it is listed elsewhere. */
  router.post('/api/cases/:caseId/listing', async (req, res) => {
    const { meetingId, ...opts } = listingSchema.parse(req.body);
    const c = await deps.store.repos.cases.get(req.params.caseId);
    const verb = c?.status === 'scheduled' ? moveCase : listCase;
    const saved = await verb(deps, actorOf(res), req.params.caseId, meetingId, opts);
    res.json({ caseId: saved.id, status: saved.status, meetingId: saved.meetingId });
  });
  router.delete('/api/meetings/:meetingId/agenda/:caseId', async (req, res) => {
    const { reason } = removalSchema.parse(req.body ?? {});
    await removeFromAgenda(deps, actorOf(res), req.params.meetingId, req.params.caseId, reason);
    res.json(await getAgenda(deps, actorOf(res), req.params.meetingId));
  });
  router.post('/api/meetings/:meetingId/agenda/suggest', async (req, res) => {
    await applySuggestedOrder(
      deps,
      actorOf(res),
      req.params.meetingId,
      suggestSchema.parse(req.body ?? {}).ordering,
    );
    res.json(await getAgenda(deps, actorOf(res), req.params.meetingId));
  });
  router.get('/api/meetings/:meetingId/agenda.docx', async (req, res) => {
    const data = await agendaForExport(deps, actorOf(res), req.params.meetingId, 'docx');
    res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    res.setHeader('Content-Disposition', `attachment; filename="${exportFileName(data, 'docx')}"`);
    res.send(await agendaDocx(data));
  });
  router.get('/api/meetings/:meetingId/agenda.csv', async (req, res) => {
    const data = await agendaForExport(deps, actorOf(res), req.params.meetingId, 'csv');
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${exportFileName(data, 'csv')}"`);
    res.send(agendaCsv(data));
  });
  return router;
}
