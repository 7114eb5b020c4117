import { DomainError } from '../../domain/errors.js';
import type { AgencyId } from '../../domain/area.js';
import type { Meeting } from '../../domain/meeting.js';
import { hasRole, inArea, type Person } from '../../domain/person.js';
import { findRepeat, type Hearing, type MaracCase } from '../../domain/referral.js';
import type { Repos } from '../../ports/repositories.js';
import { type ViewerDeps, refuseViewer } from '../minutes/access.js';
import { requireSubjectInArea } from '../coordinator/access.js';

/**
 * The quarterly MARAC figures SafeLives collects, for a chosen period: counted from the hearings
 * record (a case discussed at a meeting in the period is one case heard; deferrals are not heard).
 */
export interface FiguresQuery {
  areaId?: string;
  /** YYYY-MM-DD, inclusive. */
  from: string;
  to: string;
}

export type VictimMeasure = 'bme' | 'lgbt' | 'disabled' | 'male' | 'aged-16-17';

export interface MaracFigures {
  area: { id: string; name: string };
  from: string;
  to: string;
  /** Meetings that heard at least one case in the period. */
  meetings: number;
  casesHeard: number;
  repeatCases: number;
  /** Repeat cases as a percentage of cases heard (one decimal), or null when none were heard. */
  repeatRate: number | null;
  /** Cases heard by referring agency, in batting order, every agency listed (zero included). */
  referralsByAgency: { agencyId: AgencyId; agency: string; count: number }[];
  childrenInHouseholds: number;
  victims: { measure: VictimMeasure; label: string; count: number; percent: number | null }[];
  /** Deferred at a meeting in the period (not counted as heard). */
  deferred: number;
  definitions: string[];
}

const VICTIM_LABELS: Record<VictimMeasure, string> = {
  bme: 'Victims who are BME',
  lgbt: 'Victims who are LGBT+',
  disabled: 'Victims with a disability',
  male: 'Victims who are male',
  'aged-16-17': 'Victims aged 16–17',
};

const DEFINITIONS = [
  'Cases heard: each discussion of a case at a MARAC in the period (referred to MARAC Plus counts; deferred does not).',
  'Repeat case: the same victim with any of the same perpetrators, referred within 12 months of their last MARAC hearing, or referred as a repeat.',
  'Repeat rate: repeat cases as a percentage of cases heard.',
  'Referrals by agency: cases heard, by the agency that referred them.',
  'Children in households: the number of children recorded in the households of the cases heard.',
  'Victim measures: as recorded on the referral; percentages are of cases heard.',
];

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const pct = (n: number, of: number) => (of ? Math.round((1000 * n) / of) / 10 : null);

/** A financial-year quarter as SafeLives reports them: Q1 April–June … Q4 January–March. */
export function financialQuarter(
  yearStarting: number,
  quarter: 1 | 2 | 3 | 4,
): { from: string; to: string; label: string } {
  const startMonth = [4, 7, 10, 1][quarter - 1];
  const year = quarter === 4 ? yearStarting + 1 : yearStarting;
  const last = new Date(Date.UTC(year, startMonth + 2, 0)).toISOString().slice(0, 10);
  const names = ['April–June', 'July–September', 'October–December', 'January–March'];
  return {
    from: `${year}-${String(startMonth).padStart(2, '0')}-01`,
    to: last,
    label: `Q${quarter} ${yearStarting}/${String((yearStarting + 1) % 100).padStart(2, '0')} (${names[quarter - 1]} ${year})`,
  };
}

export const mayViewFigures = (actor: Person) => hasRole(actor, 'coordinator', 'admin', 'chair');

/** The figures from the record; pure reading, no audit (see `figuresForExport`). */
export async function computeFigures(r: Repos, query: Required<FiguresQuery>): Promise<MaracFigures> {
  const area = await r.areas.get(query.areaId);
  if (!area) throw new DomainError('not-found', 'That MARAC area was not found.');
  const agencies = await r.agencies.list(area.id);
  const name = (id: string) => agencies.find((a) => a.id === id)?.name ?? id;

  const meetings = new Map<string, Meeting | undefined>();
  const meetingOf = async (id: string) => {
    if (!meetings.has(id)) meetings.set(id, await r.meetings.get(id));
    return meetings.get(id);
  };
  const inArea: Hearing[] = [];
  for (const h of await r.hearings.list({ from: query.from, to: query.to }))
    if ((await meetingOf(h.meetingId))?.areaId === area.id) inArea.push(h);
  const heard = inArea.filter((h) => h.outcome !== 'deferred');

  const byAgency = new Map<string, number>();
  const victims: Record<VictimMeasure, number> = { bme: 0, lgbt: 0, disabled: 0, male: 0, 'aged-16-17': 0 };
  let repeats = 0;
  let children = 0;
  for (const h of heard) {
    const c = await r.cases.get(h.caseId);
    if (await isRepeat(r, h, c)) repeats++;
    // A case deleted under the retention rules still counts as heard; its details are gone.
    if (!c) continue;
    byAgency.set(c.referringAgencyId, (byAgency.get(c.referringAgencyId) ?? 0) + 1);
    children += c.childrenInHousehold;
    const d = c.diversity;
    if (d.ethnicity === 'bme') victims.bme++;
    if (d.lgbt) victims.lgbt++;
    if (d.disability) victims.disabled++;
    if (d.gender === 'male') victims.male++;
    if (d.age === 16 || d.age === 17) victims['aged-16-17']++;
  }
  const order = [
    ...area.battingOrder,
    ...[...byAgency.keys()].filter((id) => !area.battingOrder.includes(id)).sort(),
  ];
  return {
    area: { id: area.id, name: area.name },
    from: query.from,
    to: query.to,
    meetings: new Set(heard.map((h) => h.meetingId)).size,
    casesHeard: heard.length,
    repeatCases: repeats,
    repeatRate: pct(repeats, heard.length),
    referralsByAgency: order.map((id) => ({ agencyId: id, agency: name(id), count: byAgency.get(id) ?? 0 })),
    childrenInHouseholds: children,
    victims: (Object.keys(VICTIM_LABELS) as VictimMeasure[]).map((m) => ({
      measure: m,
      label: VICTIM_LABELS[m],
      count: victims[m],
      percent: pct(victims[m], heard.length),
    })),
    deferred: inArea.length - heard.length,
    definitions: DEFINITIONS,
  };
}

/** Referred as a repeat, or the same victim and a same perpetrator heard within the 12 months before this referral. */
async function isRepeat(r: Repos, h: Hearing, c: MaracCase | undefined): Promise<boolean> {
  if (c?.criteria.includes('repeat')) return true;
  const history = (await r.hearings.forVictim(h.victimKey)).filter((x) => x.caseId !== h.caseId);
  const referredOn = c ? c.receivedAt.slice(0, 10) : h.heardOn;
  return findRepeat(history, h.victimKey, h.perpetratorKeys, referredOn < h.heardOn ? referredOn : h.heardOn)
    .repeat;
}

async function resolveQuery(
  deps: ViewerDeps,
  actor: Person,
  query: FiguresQuery,
  action: string,
): Promise<Required<FiguresQuery>> {
  const fields: { field: string; message: string }[] = [];
  if (!DATE.test(query.from))
    fields.push({ field: 'from', message: 'Enter the first day of the period (YYYY-MM-DD).' });
  if (!DATE.test(query.to))
    fields.push({ field: 'to', message: 'Enter the last day of the period (YYYY-MM-DD).' });
  if (!fields.length && query.to < query.from)
    fields.push({ field: 'to', message: 'The period ends before it starts.' });
  if (fields.length) throw new DomainError('invalid', 'Some fields need attention.', { fields });
  const areaId = query.areaId ?? (await deps.store.repos.areas.list()).find((a) => inArea(actor, a.id))?.id;
  if (!areaId) throw new DomainError('not-found', 'No MARAC area is configured.');
  await requireSubjectInArea(deps, actor, action, `area:${areaId}`);
  return { areaId, from: query.from, to: query.to };
}

const NOT_ALLOWED = 'The performance figures are for the MARAC coordinators and chairs.';

export async function getFigures(
  deps: ViewerDeps,
  actor: Person,
  query: FiguresQuery,
): Promise<MaracFigures> {
  if (!mayViewFigures(actor))
    await refuseViewer(deps, actor, 'figures.view', `area:${query.areaId ?? '*'}`, NOT_ALLOWED);
  return computeFigures(deps.store.repos, await resolveQuery(deps, actor, query, 'figures.view'));
}

/** The figures for a CSV export: audited with the period. */
export async function figuresForExport(
  deps: ViewerDeps,
  actor: Person,
  query: FiguresQuery,
  format: string,
): Promise<MaracFigures> {
  if (!mayViewFigures(actor))
    await refuseViewer(deps, actor, 'figures.export', `area:${query.areaId ?? '*'}`, NOT_ALLOWED);
  const q = await resolveQuery(deps, actor, query, 'figures.export');
  const figures = await computeFigures(deps.store.repos, q);
  await deps.store.tx((r) =>
    r.audit.append({
      at: new Date(deps.clock.now()).toISOString(),
      actor: actor.id,
      action: 'figures.exported',
      subject: `area:${q.areaId}`,
      outcome: 'done',
      details: { format, from: q.from, to: q.to },
    }),
  );
  return figures;
}
