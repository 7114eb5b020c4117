import { DomainError } from '../../domain/errors.js';
import { isOverdue, type ActionStatus, type MaracAction } from '../../domain/actions.js';
import { inArea } from '../../domain/person.js';
import { canSeeAllActions, notFound, refuse, requireManager } from './access.js';
import { nowIso, record, todayIso, type Actor, type CoordinatorDeps } from './context.js';

export interface ActionFilter {
  meetingId?: string;
  agencyId?: string;
  status?: ActionStatus[];
  overdue?: boolean;
}

export interface ActionRow extends Omit<MaracAction, 'updates'> {
  ownerAgencyName: string;
  overdue: boolean;
  lastUpdate?: MaracAction['updates'][number];
}

/**
 * The actions tracker. Coordinators and chairs see every agency's actions; an agency's
 * representatives (and its IDVAs) see only their own agency's, whatever they ask for.
 */
export async function listActions(
  deps: CoordinatorDeps,
  actor: Actor,
  filter: ActionFilter,
): Promise<ActionRow[]> {
  let agencyId = filter.agencyId;
  if (!canSeeAllActions(actor)) {
    if (!actor.agencyId)
      return refuse(
        deps,
        actor,
        'actions.view',
        'actions',
        'Only agency representatives, chairs and coordinators can see actions.',
      );
    if (agencyId && agencyId !== actor.agencyId)
      await refuse(
        deps,
        actor,
        'actions.view',
        `agency:${agencyId}`,
        "You can see only your own agency's actions.",
      );
    agencyId = actor.agencyId;
  }
  const today = todayIso(deps.clock);
  const all = await deps.store.repos.actions.list({
    meetingId: filter.meetingId,
    ownerAgencyId: agencyId,
    status: filter.status?.length ? filter.status : undefined,
  });
  const names = await agencyNames(deps);
  const mine = await inActorsAreas(deps, actor, all);
  return mine
    .map(({ updates, ...a }) => ({
      ...a,
      ownerAgencyName: names.get(a.ownerAgencyId) ?? a.ownerAgencyId,
      overdue: isOverdue(a, today),
      lastUpdate: updates[updates.length - 1],
    }))
    .filter((a) => !filter.overdue || a.overdue)
    .sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.caseReference.localeCompare(b.caseReference));
}

/** Only the actions of meetings in the person's areas (people of every area see them all). */
async function inActorsAreas<A extends { meetingId: string }>(deps: CoordinatorDeps, actor: Actor, all: A[]) {
  if (!actor.areaIds) return all;
  const areaOf = new Map<string, string | undefined>();
  for (const id of new Set(all.map((a) => a.meetingId)))
    areaOf.set(id, (await deps.store.repos.meetings.get(id))?.areaId);
  return all.filter((a) => {
    const areaId = areaOf.get(a.meetingId);
    return !!areaId && inArea(actor, areaId);
  });
}

async function agencyNames(deps: CoordinatorDeps): Promise<Map<string, string>> {
  const areas = await deps.store.repos.areas.list();
  const lists = await Promise.all(areas.map((a) => deps.store.repos.agencies.list(a.id)));
  return new Map(lists.flat().map((a) => [a.id, a.name]));
}

/** Mark an outstanding action with the area's "No update from lead agency". */
export async function markNoUpdate(
  deps: CoordinatorDeps,
  actor: Actor,
  actionId: string,
  expectedVersion?: number,
) {
  await requireManager(deps, actor, 'action.no-update', `action:${actionId}`);
  return deps.store.tx(async (r) => {
    const a = await r.actions.get(actionId);
    if (!a) throw notFound('The action');
    if (a.status !== 'open')
      throw new DomainError('conflict', 'Only an open action can be marked as having no update.');
    const m = await r.meetings.get(a.meetingId);
    const area = m && (await r.areas.get(m.areaId));
    if (area?.selfRecordingAgencies.includes(a.ownerAgencyId))
      throw new DomainError(
        'conflict',
        'This agency updates its actions in its own system: it is never marked as having no update here.',
      );
    const label = area?.overdueLabel || 'No update from lead agency';
    const saved = await r.actions.put(
      {
        ...a,
        status: 'no-update',
        updates: [
          ...a.updates,
          { at: nowIso(deps.clock), byPersonId: actor.id, kind: 'no-update', note: label },
        ],
      },
      expectedVersion ?? a.version,
    );
    await record(
      r,
      deps.clock,
      actor,
      {
        action: 'action.no-update',
        subject: `action:${a.id}`,
        details: { caseReference: a.caseReference, ownerAgencyId: a.ownerAgencyId },
      },
      [
        {
          type: 'ActionChanged',
          meetingId: a.meetingId,
          caseId: a.caseId,
          actionId: a.id,
          status: saved.status,
          ownerAgencyId: a.ownerAgencyId,
        },
      ],
    );
    const { updates, ...rest } = saved;
    return {
      ...rest,
      ownerAgencyName: (await agencyNames(deps)).get(a.ownerAgencyId) ?? a.ownerAgencyId,
      overdue: isOverdue(saved, todayIso(deps.clock)),
      lastUpdate: updates[updates.length - 1],
    } satisfies ActionRow;
  });
}
