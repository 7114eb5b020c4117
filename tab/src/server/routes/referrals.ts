import express from 'express';
import { referralCheckSchema, referralSchema } from '../../shared/schemas.js';
import { actorOf } from '../auth.js';
import { checkReferralDraft, createReferral } from '../coordinator.js';
import type { TabDeps } from '../deps.js';

export function referralRoutes(deps: TabDeps) {
  const router = express.Router();
  /** Save a referral: returns the case with its reference, repeat history and any two-week conflict. */
  router.post('/api/referrals', async (req, res) => {
    res.status(201).json(await createReferral(deps, actorOf(res), referralSchema.parse(req.body)));
  });
  /** The checks saving would run (threshold, repeat, two-week, possible matches), as the coordinator types. */
  router.post('/api/referrals/check', async (req, res) => {
    res.json(await checkReferralDraft(deps, actorOf(res), referralCheckSchema.parse(req.body)));
  });
  return router;
}
