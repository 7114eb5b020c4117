import { activeAgencies, type Agency, type AreaConfig } from '../../domain/area.js';
import { inArea, sharesAnArea, type Role } from '../../domain/person.js';
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
  /** Agencies in use, in batting order; retired ones follow (old actions still name them). */
  agencies: Agency[];
  version: number;
  timeZone: string;
  escalation: AreaConfig['escalation'];
  repeatWindowStart: AreaConfig['repeatWindowStart'];
  agendaCirculationDays: number;
  minutesDeadlineHours: number;
  timerWarningMinutes: number[];
  overdueGraceDays: number;
  retentionYears: number;
  declarationVersion: string;
  coreAgencies: string[];
  selfRecordingAgencies: string[];
}

/** The person's areas and their agencies in batting order: what every form needs. */
export async function listAreas(deps: CoordinatorDeps, actor: Actor): Promise<AreaSummary[]> {
  const r = deps.store.repos;
  return Promise.all(
    (await r.areas.list())
      .filter((area) => inArea(actor, area.id))
      .map(async (area) => {
        const agencies = await r.agencies.list(area.id);
        return {
          id: area.id,
          name: area.name,
          dashThreshold: area.dashThreshold,
          maxCasesPerMeeting: area.maxCasesPerMeeting,
          agendaOrdering: area.agendaOrdering,
          overdueLabel: area.overdueLabel,
          minutesPerCase: area.minutesPerCase,
          agencies: [...activeAgencies(area, agencies), ...agencies.filter((a) => a.retiredAt)],
          version: area.version,
          timeZone: area.timeZone,
          escalation: area.escalation,
          repeatWindowStart: area.repeatWindowStart,
          agendaCirculationDays: area.agendaCirculationDays,
          minutesDeadlineHours: area.minutesDeadlineHours,
          timerWarningMinutes: area.timerWarningMinutes,
          overdueGraceDays: area.overdueGraceDays,
          retentionYears: area.retentionYears,
          declarationVersion: area.declaration.version,
          coreAgencies: area.coreAgencies,
          selfRecordingAgencies: area.selfRecordingAgencies,
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
    .filter((p) => sharesAnArea(actor, p) && (!role || p.roles.includes(role)))
    .map((p) => ({ id: p.id, displayName: p.displayName, roles: p.roles, agencyId: p.agencyId }))
    .sort((a, b) => a.displayName.localeCompare(b.displayName));
}
