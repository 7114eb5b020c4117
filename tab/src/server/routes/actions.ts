import express from 'express';
import { actionsQuerySchema, noUpdateSchema } from '../../shared/schemas.js';
import { actorOf } from '../auth.js';
import { listActions, markNoUpdate } from '../coordinator.js';
import type { TabDeps } from '../deps.js';

export function actionRoutes(deps: TabDeps) {
  const router = express.Router();
  /** Filtered by meeting, agency, status, overdue; agency representatives get only their agency's. */
  router.get('/api/actions', async (req, res) => {
    const q = actionsQuerySchema.parse(req.query);
    res.json(
      await listActions(deps, actorOf(res), {
        meetingId: q.meetingId,
        agencyId: q.agencyId,
        status: q.status ? [q.status] : undefined,
        overdue: q.overdue === 'true',
      }),
    );
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
