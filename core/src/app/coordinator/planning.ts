import { capacityForecast, type ForecastWeek } from '../../domain/agenda.js';
import type { AreaConfig, MeetingKind } from '../../domain/area.js';
import { addDays } from '../../domain/meeting.js';
import { flagsExpiringSoon } from '../../domain/referral.js';
import { canSeePersonal, notFound, refuse, requireSubjectInArea } from './access.js';
import { todayIso, type Actor, type CoordinatorDeps } from './context.js';

export interface ExpiringFlag {
  caseId: string;
  reference?: string;
  heardOn: string;
  expires: string;
}

export interface PlanningView {
  forecast: ForecastWeek[];
  expiringFlags: ExpiringFlag[];
  weeks: number;
  flagDays: number;
}

/** Meeting length assumed for capacity: a full MARAC fills its maximum; MARAC Plus runs a morning. */
const meetingMinutes = (area: AreaConfig, kind: MeetingKind) =>
  kind === 'marac' ? area.maxCasesPerMeeting * area.minutesPerCase.marac : kind === 'marac-plus' ? 180 : 60;

const mondayOf = (isoDate: string) => {
  const day = new Date(`${isoDate}T00:00:00Z`).getUTCDay();
  return addDays(isoDate, -((day + 6) % 7));
};

/** The coming weeks' capacity against the cases waiting, and the repeat flags about to run out. */
export async function planning(
  deps: CoordinatorDeps,
  actor: Actor,
  areaId: string,
  weeks = 6,
  flagDays = 30,
): Promise<PlanningView> {
  if (!canSeePersonal(actor))
    await refuse(
      deps,
      actor,
      'planning.view',
      `area:${areaId}`,
      'Planning figures are for coordinators and chairs.',
    );
  await requireSubjectInArea(deps, actor, 'planning.view', `area:${areaId}`);
  const r = deps.store.repos;
  const area = await r.areas.get(areaId);
  if (!area) throw notFound('The area');
  const today = todayIso(deps.clock);
  const first = mondayOf(today);
  const meetings = (await r.meetings.list({ areaId, from: first, to: addDays(first, weeks * 7 - 1) })).filter(
    (m) => m.kind !== 'closed',
  );
  const perWeek = Array.from({ length: weeks }, (_, i) => {
    const weekStarting = addDays(first, i * 7);
    const end = addDays(weekStarting, 6);
    return {
      weekStarting,
      meetings: meetings
        .filter((m) => m.date >= weekStarting && m.date <= end)
        .map((m) => ({ kind: m.kind, minutes: meetingMinutes(area, m.kind) })),
    };
  });
  const waiting = (
    await r.cases.list({
      areaId,
      status: ['referred', 'scheduled', 'deferred', 'referred-to-plus', 'not-reached'],
    })
  ).filter((c) => !c.closedSession).length;

  const history = await r.hearings.list({ from: addDays(today, -400) });
  const areaOfCase = new Map<string, { areaId: string; reference: string } | undefined>();
  for (const h of history)
    if (!areaOfCase.has(h.caseId)) areaOfCase.set(h.caseId, await r.cases.get(h.caseId));
  const expiring = flagsExpiringSoon(
    history.filter((h) => areaOfCase.get(h.caseId)?.areaId === areaId),
    today,
    flagDays,
  );
  return {
    forecast: capacityForecast(area, perWeek, waiting),
    expiringFlags: expiring.map((x) => ({
      caseId: x.hearing.caseId,
      reference: areaOfCase.get(x.hearing.caseId)?.reference,
      heardOn: x.hearing.heardOn,
      expires: x.expires,
    })),
    weeks,
    flagDays,
  };
}
