import type { Agency } from '../../domain/area.js';
import type { Role } from '../../domain/person.js';
import { canManage } from './access.js';
import type { Actor, CoordinatorDeps } from './context.js';

export interface AreaSummary {
  id: string;
  name: string;
  dashThreshold: number;
  maxCasesPerMeeting: number;
  agendaOrdering: string;
  overdueLabel: string;
  minutesPerCase: Record<string, number>;
  agencies: Agency[];
}

/** Areas and their agencies in batting order: what every form needs. */
export async function listAreas(deps: CoordinatorDeps): Promise<AreaSummary[]> {
  const r = deps.store.repos;
  return Promise.all(
    (await r.areas.list()).map(async (area) => {
      const agencies = await r.agencies.list(area.id);
      const rank = (id: string) => area.battingOrder.indexOf(id) + 1 || area.battingOrder.length + 1;
      return {
        id: area.id,
        name: area.name,
        dashThreshold: area.dashThreshold,
        maxCasesPerMeeting: area.maxCasesPerMeeting,
        agendaOrdering: area.agendaOrdering,
        overdueLabel: area.overdueLabel,
        minutesPerCase: area.minutesPerCase,
        agencies: agencies.sort((a, b) => rank(a.id) - rank(b.id)),
      };
    }),
  );
}

export interface PersonSummary {
  id: string;
  displayName: string;
  roles: Role[];
  agencyId?: string;
}

/** People by role, for choosing a chair: coordinators see everyone, others only themselves. */
export async function listPeople(deps: CoordinatorDeps, actor: Actor, role?: Role): Promise<PersonSummary[]> {
  const people = canManage(actor) ? await deps.store.repos.people.list() : [actor];
  return people
    .filter((p) => !role || p.roles.includes(role))
    .map((p) => ({ id: p.id, displayName: p.displayName, roles: p.roles, agencyId: p.agencyId }))
    .sort((a, b) => a.displayName.localeCompare(b.displayName));
}
