import express from 'express';
import { z } from 'zod';
import { ROLES, areaTimeZone, localDate } from '@marac/core';
import { actorOf } from '../auth.js';
import { listAreas, listPeople, planning } from '../coordinator.js';
import type { TabDeps } from '../deps.js';

export function directoryRoutes(deps: TabDeps) {
  const router = express.Router();
  router.get('/api/me', async (_req, res) => {
    const me = actorOf(res);
    const areas = await listAreas(deps, me);
    const agency = areas.flatMap((a) => a.agencies).find((a) => a.id === me.agencyId);
    // The person's area (by their agency), else the first: its clock is the tab's clock.
    const timeZone = areaTimeZone(
      areas.find((a) => a.agencies.some((g) => g.id === me.agencyId)) ?? areas[0],
    );
    res.json({
      id: me.id,
      displayName: me.displayName,
      roles: me.roles,
      agencyId: me.agencyId,
      agencyName: agency?.name,
      // Every "today" is that area's local date, every time shown is on its clock.
      today: localDate(deps.clock.now(), timeZone),
      timeZone,
    });
  });
  router.get('/api/areas', async (_req, res) => {
    res.json(await listAreas(deps, actorOf(res)));
  });
  router.get('/api/people', async (req, res) => {
    const { role } = z
      .object({
        role: z.enum(ROLES).optional(),
      })
      .parse(req.query);
    res.json(await listPeople(deps, actorOf(res), role));
  });
  router.get('/api/areas/:areaId/planning', async (req, res) => {
    res.json(await planning(deps, actorOf(res), req.params.areaId));
  });
  return router;
}
