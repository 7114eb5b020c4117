import { AREA_DEFAULTS, type AreaConfig } from '../../domain/area.js';
import { checkAreaSettings, nextDeclaration, type AreaSettings } from '../../domain/area-settings.js';
import { DomainError } from '../../domain/errors.js';
import type { AuditEntry } from '../../domain/audit.js';
import type { Repos } from '../../ports/repositories.js';
import { notFound } from '../coordinator/access.js';
import { nowIso, type Actor, type CoordinatorDeps } from '../coordinator/context.js';
import { requireAdmin, slugId } from './access.js';

const invalid = (fields: { field: string; message: string }[]) =>
  new DomainError('invalid', 'Some fields need attention.', { fields });

export type NewArea = Pick<AreaSettings, 'name' | 'dashThreshold' | 'declarationText'> &
  Partial<AreaSettings>;

/** A new area with SafeLives defaults for whatever the administrator did not set. */
export async function createArea(deps: CoordinatorDeps, actor: Actor, input: NewArea): Promise<AreaConfig> {
  await requireAdmin(deps, actor, 'area.create', 'area:new');
  const problems = checkAreaSettings(input);
  if (problems.length) throw invalid(problems);
  const at = nowIso(deps.clock);
  return deps.store.tx(async (r) => {
    const taken = new Set((await r.areas.list()).map((a) => a.id));
    const { declarationText, ...settings } = input;
    const area: AreaConfig = {
      ...AREA_DEFAULTS,
      minutesPerCase: { marac: 20, 'marac-plus': 60, closed: 20 },
      maxCasesPerMeeting: 10,
      overdueLabel: 'No update from lead agency',
      timerWarningMinutes: [5, 1],
      actionDefaultDays: 7,
      overdueGraceDays: 7,
      ...settings,
      id: slugId(input.name, (id) => taken.has(id)),
      name: input.name.trim(),
      version: 1,
      battingOrder: [],
      declaration: { version: 'v1', text: declarationText, since: at },
      previousDeclarations: [],
    };
    await r.areas.put(area);
    await r.audit.append({
      at,
      actor: actor.id,
      action: 'area.created',
      subject: `area:${area.id}`,
      outcome: 'done',
      details: { version: 1, settings: { ...settings, declarationVersion: 'v1' } },
    });
    return area;
  });
}

/** Change an area's settings: a new version, audited with who, when and why. */
export async function changeAreaSettings(
  deps: CoordinatorDeps,
  actor: Actor,
  areaId: string,
  changes: Partial<AreaSettings>,
  reason: string,
  expectedVersion: number,
): Promise<AreaConfig> {
  await requireAdmin(deps, actor, 'area.change', `area:${areaId}`);
  const problems = checkAreaSettings(changes);
  if (!reason.trim()) problems.push({ field: 'reason', message: 'Say why the settings change.' });
  if (problems.length) throw invalid(problems);
  return deps.store.tx(async (r) => {
    const area = await loadArea(r, areaId, expectedVersion);
    const { declarationText, ...rest } = changes;
    const next: AreaConfig = { ...area, ...rest };
    if (declarationText !== undefined)
      Object.assign(next, nextDeclaration(area, declarationText, nowIso(deps.clock)) ?? {});
    return saveArea(r, deps, actor, area, next, reason);
  });
}

/** The stored area, refusing a change made on an out-of-date page. */
export async function loadArea(r: Repos, areaId: string, expectedVersion?: number): Promise<AreaConfig> {
  const area = await r.areas.get(areaId);
  if (!area) throw notFound('That MARAC area');
  if (expectedVersion !== undefined && area.version !== expectedVersion)
    throw new DomainError(
      'stale',
      'Someone changed these settings since you opened them; reload and try again.',
      {
        entity: 'area',
        id: areaId,
        expectedVersion,
      },
    );
  return area;
}

/**
 * Store the next version of an area and audit what changed from what. Earlier values are never
 * rewritten: hearings and confirmations recorded what was in force (e.g. the declaration version).
 */
export async function saveArea(
  r: Repos,
  deps: Pick<CoordinatorDeps, 'clock'>,
  actor: Actor,
  before: AreaConfig,
  after: AreaConfig,
  reason: string,
): Promise<AreaConfig> {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of Object.keys(after) as (keyof AreaConfig)[]) {
    if (key === 'version' || key === 'previousDeclarations') continue;
    const [from, to] =
      key === 'declaration'
        ? [before.declaration.version, after.declaration.version]
        : [before[key], after[key]];
    if (JSON.stringify(from) !== JSON.stringify(to))
      changes[key === 'declaration' ? 'declarationVersion' : key] = { from, to };
  }
  if (!Object.keys(changes).length) return before;
  const next = { ...after, version: before.version + 1 };
  await r.areas.put(next);
  await r.audit.append({
    at: nowIso(deps.clock),
    actor: actor.id,
    action: 'area.changed',
    subject: `area:${before.id}`,
    reason,
    outcome: 'done',
    details: { version: next.version, changes },
  });
  return next;
}

/** Each version of an area's settings: who changed what, when and why (from the audit trail). */
export async function areaHistory(
  deps: CoordinatorDeps,
  actor: Actor,
  areaId: string,
): Promise<AuditEntry[]> {
  await requireAdmin(deps, actor, 'area.history', `area:${areaId}`);
  const out: AuditEntry[] = [];
  for (let from = 0; ;) {
    const page = await deps.store.repos.audit.list(from, 500);
    out.push(...page.filter((e) => e.subject === `area:${areaId}` && e.outcome === 'done'));
    if (page.length < 500) return out;
    from = page[page.length - 1].seq + 1;
  }
}
