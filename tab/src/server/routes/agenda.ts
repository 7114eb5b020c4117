import express from 'express';
import { reorderSchema, suggestSchema } from '../../shared/schemas.js';
import { actorOf } from '../auth.js';
import { agendaForExport, applySuggestedOrder, getAgenda, reorderAgenda } from '../coordinator.js';
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
