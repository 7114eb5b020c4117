import express from 'express';
import { z } from 'zod';
import { type MaracFigures, figuresForExport, getFigures } from '@marac/core/figures';
import { actorOf } from '../auth.js';
import type { TabDeps } from '../deps.js';
import { csv } from '../csv.js';
import { ukDate } from '../../shared/uk-date.js';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter a date (YYYY-MM-DD).');
export const figuresQuerySchema = z.object({
  areaId: z.string().min(1).max(100).optional(),
  from: date,
  to: date,
});

export const FIGURES_MARKING = 'OFFICIAL-SENSITIVE';

/** One row per measure, as SafeLives' quarterly return asks for them; the marking first and last. */
export function figuresCsv(f: MaracFigures): string {
  const rows: (string | number | null)[][] = [
    [FIGURES_MARKING],
    [`MARAC figures, ${f.area.name}, ${ukDate(f.from)} to ${ukDate(f.to)}`],
    ['Measure', 'Count', 'Percentage of cases heard'],
    ['Cases heard', f.casesHeard, ''],
    ['Repeat cases', f.repeatCases, f.repeatRate],
    ['Children in households', f.childrenInHouseholds, ''],
    ...f.victims.map((v) => [v.label, v.count, v.percent]),
    ['Meetings', f.meetings, ''],
    ['Deferred (not heard)', f.deferred, ''],
    [],
    ['Referring agency', 'Cases heard', ''],
    ...f.referralsByAgency.map((a) => [a.agency, a.count, '']),
    [FIGURES_MARKING],
  ];
  return csv(rows);
}

export function figuresRoutes(deps: TabDeps) {
  const router = express.Router();
  router.get('/api/figures', async (req, res) => {
    res.json(await getFigures(deps, actorOf(res), figuresQuerySchema.parse(req.query)));
  });
  router.get('/api/figures.csv', async (req, res) => {
    const f = await figuresForExport(deps, actorOf(res), figuresQuerySchema.parse(req.query), 'csv');
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="marac-figures-${f.area.id}-${f.from}-to-${f.to}.csv"`,
    );
    res.send(figuresCsv(f));
  });
  return router;
}
