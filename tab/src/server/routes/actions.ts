import express from 'express';
import { changeAction, personActor } from '@marac/core';
import { actionChangeSchema, actionsQuerySchema, noUpdateSchema } from '../../shared/schemas.js';
import { actorOf } from '../auth.js';
import { actionHistory, listActions, markNoUpdate } from '../coordinator.js';
import type { TabDeps } from '../deps.js';
import { ACTION_STATUS_NAMES, actionsCsv } from '../export-actions.js';
import { trackerRows } from '../../shared/actions-view.js';

export function actionRoutes(deps: TabDeps) {
  const router = express.Router();
  const filterOf = (query: unknown) => {
    const q = actionsQuerySchema.parse(query);
    return {
      meetingId: q.meetingId,
      agencyId: q.agencyId,
      status: q.status ? [q.status] : undefined,
      overdue: q.overdue === 'true',
    };
  };
  /** Filtered by meeting, agency, status, overdue; agency representatives get only their agency's. */
  router.get('/api/actions', async (req, res) => {
    res.json(await listActions(deps, actorOf(res), filterOf(req.query)));
  });
  router.get('/api/actions.csv', async (req, res) => {
    const q = actionsQuerySchema.parse(req.query);
    const rows = trackerRows(await listActions(deps, actorOf(res), filterOf(req.query)), q.search ?? '', {
      key: q.sort ?? 'dueDate',
      dir: q.dir ?? 'ascending',
    });
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', 'attachment; filename="marac-actions.csv"');
    res.send(actionsCsv(rows, ACTION_STATUS_NAMES));
  });
  router.get('/api/actions/:actionId', async (req, res) => {
    res.json(await actionHistory(deps, actorOf(res), req.params.actionId));
  });
  /** Complete, update or can't complete: the same use case as the agency's action card in Teams. */
  router.post('/api/actions/:actionId/change', async (req, res) => {
    const { version, ...change } = actionChangeSchema.parse(req.body ?? {});
    const saved = await changeAction(
      deps,
      req.params.actionId,
      personActor(actorOf(res)),
      change.kind === 'cannot-complete' ? change : { kind: change.kind, note: change.note },
      version,
    );
    res.json(await actionHistory(deps, actorOf(res), saved.id));
  });
  router.post('/api/actions/:actionId/no-update', async (req, res) => {
    res.json(
      await markNoUpdate(
        deps,
        actorOf(res),
        req.params.actionId,
        noUpdateSchema.parse(req.body ?? {}).version,
      ),
    );
  });
  return router;
}
