import express from 'express';
import { referralCheckSchema, referralEditSchema, referralSchema } from '../../shared/schemas.js';
import { actorOf } from '../auth.js';
import { z } from 'zod';
import {
  checkReferralDraft,
  createReferral,
  editReferral,
  getCase,
  listReferrals,
  meetingChoices,
} from '../coordinator.js';
import type { TabDeps } from '../deps.js';

const STATUSES = ['referred', 'scheduled', 'heard', 'deferred', 'referred-to-plus', 'not-reached', 'closed'];
const inboxQuery = z.object({
  areaId: z.string().min(1, 'Choose a MARAC area.').max(100),
  status: z
    .string()
    .max(200)
    .refine((s) => s.split(',').every((x) => STATUSES.includes(x)), 'Unknown status.')
    .optional(),
  agency: z.string().max(100).optional(),
  q: z.string().trim().max(120).optional(),
});

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
  /** The referrals inbox: filters, and search by reference or (coordinators) by name through keyed hashes. */
  router.get('/api/referrals', async (req, res) => {
    const q = inboxQuery.parse(req.query);
    res.json(
      await listReferrals(deps, actorOf(res), {
        areaId: q.areaId,
        status: q.status ? (q.status.split(',') as never) : undefined,
        referringAgencyId: q.agency || undefined,
        q: q.q,
      }),
    );
  });
  router.get('/api/cases/:caseId', async (req, res) => {
    res.json(await getCase(deps, actorOf(res), req.params.caseId));
  });
  /** Edit the referral (coordinators): refused with 409 if it changed since the form was opened. */
  router.patch('/api/cases/:caseId/referral', async (req, res) => {
    res.json(await editReferral(deps, actorOf(res), req.params.caseId, referralEditSchema.parse(req.body)));
  });
  /** Meetings this case can go on, with their capacity ("8 of 8 — full"). */
  router.get('/api/cases/:caseId/meetings', async (req, res) => {
    res.json(await meetingChoices(deps, actorOf(res), req.params.caseId));
  });
  return router;
}
