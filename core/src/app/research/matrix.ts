import type { Person } from '../../domain/person.js';
import type { Repos } from '../../ports/repositories.js';
import { DomainError } from '../../domain/errors.js';
import {
  type ResearchTimetable,
  type ReturnState,
  researchTimetable,
  returnState,
} from '../../domain/research.js';
import { orderedCases } from '../coordinator/agenda.js';
import { mayKeepMinutes, meetingForViewer, refuseViewer } from '../minutes/access.js';
import { requireManager } from '../coordinator/access.js';
import { type ResearchDeps, isOpenCase } from './access.js';
import { invitedAgencies } from '../../domain/research.js';

export interface ReturnsMatrix {
  meetingId: string;
  published: boolean;
  researchDeadline?: number;
  /** When the agenda is due out (and went out, late or not) and research is due. */
  timetable: ResearchTimetable;
  agencies: { id: string; name: string }[];
  rows: {
    caseId: string;
    reference: string;
    cells: Record<string, { state: ReturnState; late: boolean }>;
  }[];
}

/** Cases x invited agencies: returned, none held, not yet; late marked. For the coordinator and the chair. */
export async function researchMatrix(
  deps: ResearchDeps,
  actor: Person,
  meetingId: string,
): Promise<ReturnsMatrix> {
  const m = await meetingForViewer(deps, actor, meetingId, 'research.matrix');
  if (!mayKeepMinutes(actor, m))
    await refuseViewer(
      deps,
      actor,
      'research.matrix',
      `meeting:${m.id}`,
      'Only the coordinator and the chair see every agency’s returns.',
    );
  const r = deps.store.repos;
  const area = (await r.areas.get(m.areaId))!;
  const names = new Map((await r.agencies.list(area.id)).map((a) => [a.id, a.name]));
  const agencies = invitedAgencies(m, area);
  const returns = await r.research.list({ meetingId: m.id });
  const cases = (await orderedCases(r, m.id)).filter(isOpenCase);
  return {
    meetingId: m.id,
    published: !!m.publication,
    researchDeadline: m.publication?.researchDeadline,
    timetable: researchTimetable(m, area),
    agencies: agencies.map((id) => ({ id, name: names.get(id) ?? id })),
    rows: cases.map((c) => ({
      caseId: c.id,
      reference: c.reference,
      cells: Object.fromEntries(
        agencies.map((a) => {
          const ret = returns.find((x) => x.caseId === c.id && x.agencyId === a);
          return [a, { state: returnState(ret), late: !!ret?.late }];
        }),
      ),
    })),
  };
}

/** One action: remind an agency of the cases it has not returned yet (1:1 cards to its representatives). */
export async function chaseAgency(deps: ResearchDeps, actor: Person, meetingId: string, agencyId: string) {
  await requireManager(deps, actor, 'research.chase', `meeting:${meetingId}`);
  const matrix = await researchMatrix(deps, actor, meetingId);
  if (!matrix.published) throw new DomainError('invalid', 'Publish the agenda before chasing research.');
  if (!matrix.agencies.some((a) => a.id === agencyId))
    throw new DomainError('invalid', 'That agency is not invited to this meeting.');
  const missing = matrix.rows
    .filter((row) => row.cells[agencyId].state === 'not-yet')
    .map((row) => row.caseId);
  if (!missing.length) throw new DomainError('conflict', 'That agency has returned research on every case.');
  const at = new Date(deps.clock.now()).toISOString();
  await deps.store.tx(async (r) => {
    await r.audit.append({
      at,
      actor: actor.id,
      action: 'research.chased',
      subject: `meeting:${meetingId}`,
      outcome: 'done',
      details: { agencyId, cases: missing.length },
    });
    await r.events.append({ type: 'ResearchChased', meetingId, agencyId, caseIds: missing }, at);
  });
  return { agencyId, cases: missing.length };
}

/** Which agencies returned research on a case (held or none held), for the chair's case card and side panel. */
export async function researchReturned(r: Repos, meetingId: string, caseId: string): Promise<string[]> {
  return (await r.research.list({ meetingId, caseId })).map((x) => x.agencyId);
}
