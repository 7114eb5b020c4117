import { activeAgencies, type Agency, type AreaConfig } from '../../domain/area.js';
import { DomainError } from '../../domain/errors.js';
import type { Repos } from '../../ports/repositories.js';
import { notFound } from '../coordinator/access.js';
import { nowIso, type Actor, type CoordinatorDeps } from '../coordinator/context.js';
import { refuseWith, requireAdmin, slugId } from './access.js';
import { loadArea, saveArea } from './areas.js';

export interface AgencyView extends Agency {
  core: boolean;
  /** Updates its actions in its own system: never reminded, never stamped "no update". */
  ownSystem: boolean;
  directoryMatches: string[];
  openActions: number;
}

export interface AgencyChanges {
  name?: string;
  short?: string;
  core?: boolean;
  ownSystem?: boolean;
  /** Company names, departments or email domains that mean this agency in the directory. */
  directoryMatches?: string[];
}

const field = (name: string, message: string) =>
  new DomainError('invalid', 'Some fields need attention.', { fields: [{ field: name, message }] });

/** An area's agencies in batting order (retired ones last), with their flags. */
export async function listAgencies(deps: CoordinatorDeps, areaId: string): Promise<AgencyView[]> {
  const r = deps.store.repos;
  const area = await loadArea(r, areaId);
  const all = await r.agencies.list(areaId);
  const open = await r.actions.list({ status: ['open', 'no-update'] });
  const ordered = [...activeAgencies(area, all), ...all.filter((a) => a.retiredAt)];
  return ordered.map((a) => view(area, a, open.filter((x) => x.ownerAgencyId === a.id).length));
}

const view = (area: AreaConfig, a: Agency, openActions: number): AgencyView => ({
  ...a,
  core: area.coreAgencies.includes(a.id),
  ownSystem: area.selfRecordingAgencies.includes(a.id),
  directoryMatches: area.agencyDirectoryMap.filter((m) => m.agencyId === a.id).map((m) => m.match),
  openActions,
});

async function checkNames(deps: CoordinatorDeps, areaId: string, c: AgencyChanges, self?: string) {
  if (c.name !== undefined && (!c.name.trim() || c.name.length > 80))
    throw field('name', 'Give the agency a name.');
  if (c.short !== undefined && (!c.short.trim() || c.short.length > 20))
    throw field('short', 'Give a short label for the chat (up to 20 characters).');
  const clash = (await deps.store.repos.agencies.list(areaId)).find(
    (a) => a.id !== self && !!c.name && a.name.toLowerCase() === c.name.trim().toLowerCase(),
  );
  if (clash) throw field('name', `This area already has an agency called "${clash.name}".`);
}

function withFlags(area: AreaConfig, id: string, c: AgencyChanges): AreaConfig {
  const toggle = (list: string[], on: boolean | undefined) =>
    on === undefined ? list : on ? [...new Set([...list, id])] : list.filter((x) => x !== id);
  return {
    ...area,
    coreAgencies: toggle(area.coreAgencies, c.core),
    selfRecordingAgencies: toggle(area.selfRecordingAgencies, c.ownSystem),
    agencyDirectoryMap: c.directoryMatches
      ? [
          ...area.agencyDirectoryMap.filter((m) => m.agencyId !== id),
          ...c.directoryMatches
            .map((m) => m.trim())
            .filter(Boolean)
            .map((match) => ({ match, agencyId: id })),
        ]
      : area.agencyDirectoryMap,
  };
}

/** A new agency, last in the batting order. */
export async function addAgency(
  deps: CoordinatorDeps,
  actor: Actor,
  areaId: string,
  input: AgencyChanges & { name: string },
): Promise<AgencyView> {
  await requireAdmin(deps, actor, 'agency.add', `area:${areaId}`);
  await checkNames(deps, areaId, { short: input.name.slice(0, 20), ...input });
  return deps.store.tx(async (r) => {
    const area = await loadArea(r, areaId);
    const taken = new Set(await allAgencyIds(r));
    const agency: Agency = {
      id: slugId(input.name, (id) => taken.has(id)),
      areaId,
      name: input.name.trim(),
      short: (input.short ?? input.name).trim().slice(0, 20),
    };
    await r.agencies.put(agency);
    const next = withFlags({ ...area, battingOrder: [...area.battingOrder, agency.id] }, agency.id, input);
    const saved = await saveArea(r, deps, actor, area, next, `agency ${agency.id} added`);
    await r.audit.append({
      at: nowIso(deps.clock),
      actor: actor.id,
      action: 'agency.added',
      subject: `agency:${agency.id}`,
      outcome: 'done',
      details: { areaId },
    });
    return view(saved, agency, 0);
  });
}

// Agency ids are keys across the install (actions, people), so they are unique across areas.
async function allAgencyIds(r: Repos) {
  return (await Promise.all((await r.areas.list()).map((a) => r.agencies.list(a.id))))
    .flat()
    .map((a) => a.id);
}

/** Rename, relabel, flag (core, own system) or map an agency in the directory. */
export async function changeAgency(
  deps: CoordinatorDeps,
  actor: Actor,
  areaId: string,
  agencyId: string,
  c: AgencyChanges,
): Promise<AgencyView> {
  await requireAdmin(deps, actor, 'agency.change', `agency:${agencyId}`);
  await checkNames(deps, areaId, c, agencyId);
  return deps.store.tx(async (r) => {
    const area = await loadArea(r, areaId);
    const agency = (await r.agencies.list(areaId)).find((a) => a.id === agencyId);
    if (!agency) throw notFound('That agency');
    const renamed = {
      ...agency,
      name: c.name?.trim() ?? agency.name,
      short: c.short?.trim() ?? agency.short,
    };
    if (renamed.name !== agency.name || renamed.short !== agency.short) {
      await r.agencies.put(renamed);
      await r.audit.append({
        at: nowIso(deps.clock),
        actor: actor.id,
        action: 'agency.renamed',
        subject: `agency:${agencyId}`,
        outcome: 'done',
        details: { from: agency.name, to: renamed.name },
      });
    }
    const saved = await saveArea(
      r,
      deps,
      actor,
      area,
      withFlags(area, agencyId, c),
      `agency ${agencyId} changed`,
    );
    return view(saved, renamed, 0);
  });
}

/** Retire (never delete) an agency; refused while it still owns open actions. */
export async function retireAgency(deps: CoordinatorDeps, actor: Actor, areaId: string, agencyId: string) {
  await requireAdmin(deps, actor, 'agency.retire', `agency:${agencyId}`);
  const r0 = deps.store.repos;
  const agency = (await r0.agencies.list(areaId)).find((a) => a.id === agencyId);
  if (!agency) throw notFound('That agency');
  const open = (await r0.actions.list({ ownerAgencyId: agencyId, status: ['open', 'no-update'] })).length;
  if (open) {
    const reason = `${agency.name} still has ${open} open action${open === 1 ? '' : 's'}; complete or reassign them first.`;
    await refuseWith(deps, actor, 'agency.retire', `agency:${agencyId}`, 'conflict', reason, {
      openActions: open,
    });
  }
  await deps.store.tx(async (r) => {
    const area = await loadArea(r, areaId);
    await r.agencies.put({ ...agency, retiredAt: nowIso(deps.clock) });
    const next = { ...area, battingOrder: area.battingOrder.filter((id) => id !== agencyId) };
    await saveArea(r, deps, actor, area, next, `agency ${agencyId} retired`);
    await r.audit.append({
      at: nowIso(deps.clock),
      actor: actor.id,
      action: 'agency.retired',
      subject: `agency:${agencyId}`,
      outcome: 'done',
    });
  });
}

/** The batting order: every agency still in use, each once, in the order they speak. */
export async function reorderAgencies(
  deps: CoordinatorDeps,
  actor: Actor,
  areaId: string,
  order: string[],
  expectedVersion: number,
): Promise<AreaConfig> {
  await requireAdmin(deps, actor, 'agency.reorder', `area:${areaId}`);
  return deps.store.tx(async (r) => {
    const area = await loadArea(r, areaId, expectedVersion);
    const active = activeAgencies(area, await r.agencies.list(areaId)).map((a) => a.id);
    const same =
      order.length === active.length &&
      new Set(order).size === order.length &&
      order.every((id) => active.includes(id));
    if (!same) throw field('battingOrder', 'The batting order must list every agency in use, each once.');
    return saveArea(r, deps, actor, area, { ...area, battingOrder: order }, 'batting order changed');
  });
}
