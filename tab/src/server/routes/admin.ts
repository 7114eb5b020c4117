import express from 'express';
import type { PeopleDirectory } from '@marac/core';
import {
  addAgency,
  addPerson,
  areaHistory,
  changeAgency,
  changeAreaSettings,
  changePerson,
  createArea,
  findInDirectory,
  importPeople,
  listAgencies,
  listPeopleForAdmin,
  loadArea,
  previewPeopleImport,
  reorderAgencies,
  requireAdmin,
  retireAgency,
} from '@marac/core/admin';
import {
  agencyChangesSchema,
  areaChangeSchema,
  areaSettingsSchema,
  newAgencySchema,
  newAreaSchema,
  personChangesSchema,
  personSchema,
  peopleImportSchema,
  battingOrderSchema,
} from '../../shared/admin-schemas.js';
import { actorOf } from '../auth.js';
import type { TabDeps } from '../deps.js';

/** Setting up a MARAC: each route validates the body, calls one core use case, answers its result. */
/** Graph's directory as core's port: object id, name and email. */
const peopleDirectoryOf = (graph: NonNullable<TabDeps['graph']>): PeopleDirectory => ({
  search: async (q) =>
    (await graph.directory.search(q)).map((p) => ({
      aadObjectId: p.id,
      displayName: p.displayName ?? p.mail ?? p.id,
      email: p.mail ?? p.userPrincipalName,
      department: p.department,
    })),
});

export function adminRoutes(deps: TabDeps) {
  const router = express.Router();
  const a = '/api/admin/areas/:areaId';
  router.post('/api/admin/areas', async (req, res) => {
    res.status(201).json(await createArea(deps, actorOf(res), newAreaSchema.parse(req.body)));
  });
  router.get(a, async (req, res) => {
    await requireAdmin(deps, actorOf(res), 'area.view', `area:${req.params.areaId}`);
    const area = await loadArea(deps.store.repos, req.params.areaId);
    res.json({ area, history: await areaHistory(deps, actorOf(res), area.id) });
  });
  router.patch(a, async (req, res) => {
    const { changes, reason, version } = areaChangeSchema.parse(req.body);
    const settings = areaSettingsSchema.partial().parse(changes);
    res.json(await changeAreaSettings(deps, actorOf(res), req.params.areaId, settings, reason, version));
  });
  router.get(`${a}/agencies`, async (req, res) => {
    await requireAdmin(deps, actorOf(res), 'agency.list', `area:${req.params.areaId}`);
    const { version } = await loadArea(deps.store.repos, req.params.areaId);
    res.json({ version, agencies: await listAgencies(deps, req.params.areaId) });
  });
  router.post(`${a}/agencies`, async (req, res) => {
    res
      .status(201)
      .json(await addAgency(deps, actorOf(res), req.params.areaId, newAgencySchema.parse(req.body)));
  });
  router.patch(`${a}/agencies/:agencyId`, async (req, res) => {
    const c = agencyChangesSchema.parse(req.body);
    res.json(await changeAgency(deps, actorOf(res), req.params.areaId, req.params.agencyId, c));
  });
  router.post(`${a}/agencies/:agencyId/retire`, async (req, res) => {
    await retireAgency(deps, actorOf(res), req.params.areaId, req.params.agencyId);
    res.json({ retired: req.params.agencyId });
  });
  router.put(`${a}/batting-order`, async (req, res) => {
    const { order, version } = battingOrderSchema.parse(req.body);
    res.json(await reorderAgencies(deps, actorOf(res), req.params.areaId, order, version));
  });
  router.post(`${a}/people-import`, async (req, res) => {
    const { csv, preview, goodRowsOnly } = peopleImportSchema.parse(req.body);
    const actor = actorOf(res);
    res.json(
      preview
        ? { rows: await previewPeopleImport(deps, actor, req.params.areaId, csv) }
        : await importPeople(deps, actor, req.params.areaId, csv, goodRowsOnly),
    );
  });
  router.get('/api/admin/directory', async (req, res) => {
    const q = typeof req.query.q === 'string' ? req.query.q.slice(0, 100) : '';
    res.json(await findInDirectory(deps, actorOf(res), deps.graph && peopleDirectoryOf(deps.graph), q));
  });
  router.get('/api/admin/people', async (req, res) => {
    const areaId = typeof req.query.areaId === 'string' ? req.query.areaId : undefined;
    res.json(await listPeopleForAdmin(deps, actorOf(res), areaId));
  });
  router.post('/api/admin/people', async (req, res) => {
    res.status(201).json(await addPerson(deps, actorOf(res), personSchema.parse(req.body)));
  });
  router.patch('/api/admin/people/:personId', async (req, res) => {
    const { reason, ...c } = personChangesSchema.parse(req.body);
    res.json(await changePerson(deps, actorOf(res), req.params.personId, c, reason));
  });
  return router;
}
