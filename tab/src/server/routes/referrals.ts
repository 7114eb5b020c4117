import express from 'express';
import { referralSchema } from '../../shared/schemas.js';
import { actorOf } from '../auth.js';
import { createReferral } from '../coordinator.js';
import type { TabDeps } from '../deps.js';

export function referralRoutes(deps: TabDeps) {
  const router = express.Router();
  /** Save a referral: returns the case with its reference, repeat history and any two-week conflict. */
  router.post('/api/referrals', async (req, res) => {
    res.status(201).json(await createReferral(deps, actorOf(res), referralSchema.parse(req.body)));
  });
  return router;
}
