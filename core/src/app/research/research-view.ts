import type { Person } from '../../domain/person.js';
import { isCoordinator } from '../../domain/person.js';
import {
  type ResearchDetails,
  type ResearchReturn,
  type ResearchTimetable,
  researchDetails,
  researchTimetable,
} from '../../domain/research.js';
import { orderedCases } from '../coordinator/agenda.js';
import type { ViewerDeps } from '../minutes/access.js';
import { isOpenCase, researchMeeting } from './access.js';
import { recordedLabel } from './summaries.js';
import { ukDate } from '../../domain/civil-time.js';

export interface ResearchCase {
  caseId: string;
  position: number;
  reference: string;
  referringAgency: string;
  details: ResearchDetails;
  /** This agency's return, if any (the coordinator sees none here: the matrix is theirs). */
  mine?: Omit<ResearchReturn, 'version'> & { version: number };
  /** Who recorded this agency's return: "Recorded by …", or "… by <coordinator> for <agency>". */
  recorded?: string;
}

export interface ResearchView {
  meetingId: string;
  title: string;
  agencyId?: string;
  agencyName?: string;
  researchDeadline: number;
  publishedAt: string;
  /** When the agenda was due out and went out, and research is due (the area's settings). */
  timetable: ResearchTimetable;
  cases: ResearchCase[];
}

/**
 * What an invited agency researches for a published agenda: the names, dates of birth and
 * addresses of the victim, perpetrators and children of each open case, and its own returns so
 * far. Every view is audited (who, which meeting, how many cases; never the details).
 */
export async function researchForAgency(
  deps: ViewerDeps,
  actor: Person,
  meetingId: string,
): Promise<ResearchView> {
  const { meeting: m, area } = await researchMeeting(deps, actor, meetingId, 'research.view');
  const r = deps.store.repos;
  const agencies = new Map((await r.agencies.list(area.id)).map((a) => [a.id, a.name]));
  const cases = (await orderedCases(r, m.id)).filter(isOpenCase);
  const mine = isCoordinator(actor) && !actor.agencyId ? [] : await r.research.list({ meetingId: m.id });
  const people = new Map((await r.people.list()).map((p) => [p.id, p.displayName]));
  const own = (x: ResearchReturn | undefined) =>
    x
      ? {
          mine: x,
          recorded: recordedLabel(
            people.get(x.recordedBy) ?? 'someone no longer listed',
            agencies.get(x.agencyId) ?? x.agencyId,
            x.onBehalf,
          ),
        }
      : {};
  await r.audit.append({
    at: new Date(deps.clock.now()).toISOString(),
    actor: actor.id,
    action: 'research.viewed',
    subject: `meeting:${m.id}`,
    outcome: 'done',
    details: { cases: cases.length, agencyId: actor.agencyId },
  });
  return {
    meetingId: m.id,
    title: `Research for the ${m.kind === 'closed' ? 'closed session' : 'MARAC'} of ${ukDate(m.date)} ${m.startTime}`,
    agencyId: actor.agencyId,
    agencyName: actor.agencyId ? agencies.get(actor.agencyId) : undefined,
    researchDeadline: m.publication?.researchDeadline ?? 0,
    publishedAt: m.publication?.at ?? '',
    timetable: researchTimetable(m, area),
    cases: cases.map((c, i) => ({
      caseId: c.id,
      position: i + 1,
      reference: c.reference,
      referringAgency: agencies.get(c.referringAgencyId) ?? c.referringAgencyId,
      details: researchDetails(c.personal),
      ...own(mine.find((x) => x.caseId === c.id && x.agencyId === actor.agencyId)),
    })),
  };
}
