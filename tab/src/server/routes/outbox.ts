import express from 'express';
import { z } from 'zod';
import { actorOf } from '../auth.js';
import { listUndeliverableActions, listUndelivered, resendUndelivered } from '../coordinator.js';
import type { TabDeps } from '../deps.js';

const idSchema = z.coerce.number().int().positive();

/** Undelivered chat messages for the coordinator, and sending one again. */
export function outboxRoutes(deps: TabDeps) {
  const router = express.Router();
  router.get('/api/undelivered', async (_req, res) => {
    res.json(await listUndelivered(deps, actorOf(res)));
  });
  router.get('/api/undelivered/actions', async (_req, res) => {
    res.json(await listUndeliverableActions(deps, actorOf(res)));
  });
  router.post('/api/undelivered/:id/resend', async (req, res) => {
    res.json(await resendUndelivered(deps, actorOf(res), idSchema.parse(req.params.id)));
  });
  return router;
}
