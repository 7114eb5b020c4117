import { DomainError } from '../../domain/errors.js';
import { isCoordinator, type Person } from '../../domain/person.js';
import { type ResearchSummary, type ReturnState, returnState } from '../../domain/research.js';
import { meetingForViewer, refuseViewer, type ViewerDeps } from '../minutes/access.js';
import { isOpenCase } from './access.js';

export interface CaseReturns {
  meetingId: string;
  caseId: string;
  reference: string;
  returns: {
    agencyId: string;
    agencyName: string;
    state: ReturnState;
    summary?: ResearchSummary;
    late: boolean;
    recordedAt: string;
    /** "Recorded by Harriet Housing", or "Recorded by Cara Coordinator for Housing". */
    recorded: string;
  }[];
}

/** Who recorded a return, as the coordinator and the minutes name it. */
export const recordedLabel = (by: string, agency: string, onBehalf?: boolean) =>
  onBehalf ? `Recorded by ${by} for ${agency}` : `Recorded by ${by}`;

/**
 * Every agency's research on one case, summaries included, for the coordinators preparing the
 * meeting. The summaries are personal data: each read is audited (who, which case, how many
 * returns; never what they say).
 */
export async function researchSummaries(
  deps: ViewerDeps,
  actor: Person,
  meetingId: string,
  caseId: string,
): Promise<CaseReturns> {
  const m = await meetingForViewer(deps, actor, meetingId, 'research.summaries');
  const subject = `case:${caseId}`;
  if (!isCoordinator(actor))
    await refuseViewer(
      deps,
      actor,
      'research.summaries',
      subject,
      "Only the MARAC coordinators read every agency's research summaries.",
    );
  const r = deps.store.repos;
  const onAgenda = (await r.agenda.list(m.id)).some((i) => i.caseId === caseId);
  const c = onAgenda ? await r.cases.get(caseId) : undefined;
  if (!c || !isOpenCase(c)) throw new DomainError('not-found', "That case is not on this meeting's agenda.");
  const names = new Map((await r.agencies.list(m.areaId)).map((a) => [a.id, a.name]));
  const people = new Map((await r.people.list()).map((p) => [p.id, p.displayName]));
  const returns = await r.research.list({ meetingId: m.id, caseId });
  await deps.store.tx((tx) =>
    tx.audit.append({
      at: new Date(deps.clock.now()).toISOString(),
      actor: actor.id,
      action: 'research.summaries.read',
      subject,
      outcome: 'done',
      details: { meetingId: m.id, returns: returns.length },
    }),
  );
  return {
    meetingId: m.id,
    caseId,
    reference: c.reference,
    returns: returns.map((x) => {
      const agencyName = names.get(x.agencyId) ?? x.agencyId;
      return {
        agencyId: x.agencyId,
        agencyName,
        state: returnState(x),
        summary: x.summary,
        late: x.late,
        recordedAt: x.recordedAt,
        recorded: recordedLabel(
          people.get(x.recordedBy) ?? 'someone no longer listed',
          agencyName,
          x.onBehalf,
        ),
      };
    }),
  };
}
