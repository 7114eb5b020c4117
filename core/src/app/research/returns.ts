import { isCoordinator, type Person } from '../../domain/person.js';
import { DomainError } from '../../domain/errors.js';
import { type ResearchReturn, type ResearchSummary, SUMMARY_HEADINGS } from '../../domain/research.js';
import { refuseViewer } from '../minutes/access.js';
import type { ViewerDeps } from '../minutes/access.js';
import { isOpenCase, isResearcher, researchMeeting } from './access.js';

export interface NewReturn {
  held: boolean;
  summary?: ResearchSummary;
  /** A coordinator recording an agency's return on its behalf names the agency. */
  agencyId?: string;
}

/**
 * An agency's research on one case: "information held" with a short summary under the partner
 * report's headings, or "no information held". A return after the deadline is accepted and
 * marked late; recording again replaces the earlier return (its history is in the audit trail).
 * The summary is sealed at rest and goes nowhere near the chat: the event says only held or not.
 */
export async function recordResearch(
  deps: ViewerDeps,
  actor: Person,
  meetingId: string,
  caseId: string,
  input: NewReturn,
): Promise<ResearchReturn> {
  const { meeting: m, agencies } = await researchMeeting(deps, actor, meetingId, 'research.return');
  const subject = `case:${caseId}`;
  // A coordinator may record a return an agency phoned or emailed in, naming the agency.
  const onBehalf = isCoordinator(actor) && input.agencyId !== undefined;
  if (!onBehalf && !isResearcher(actor))
    await refuseViewer(
      deps,
      actor,
      'research.return',
      subject,
      isCoordinator(actor)
        ? 'Name the agency whose return you are recording.'
        : "Only an agency's own representatives record its research.",
    );
  if (!onBehalf && input.agencyId !== undefined && input.agencyId !== actor.agencyId)
    await refuseViewer(
      deps,
      actor,
      'research.return',
      subject,
      'Only the MARAC coordinators record a return for another agency.',
    );
  const agencyId = onBehalf ? input.agencyId! : actor.agencyId!;
  if (onBehalf && !agencies.includes(agencyId))
    await refuseViewer(
      deps,
      actor,
      'research.return',
      subject,
      'That agency is not invited to this meeting.',
    );
  const r = deps.store.repos;
  const onAgenda = (await r.agenda.list(m.id)).some((i) => i.caseId === caseId);
  const c = onAgenda ? await r.cases.get(caseId) : undefined;
  if (!c)
    await refuseViewer(deps, actor, 'research.return', subject, "That case is not on this meeting's agenda.");
  if (!isOpenCase(c!))
    await refuseViewer(
      deps,
      actor,
      'research.return',
      subject,
      'That case is closed; research is no longer taken for it.',
    );
  const summary = input.held ? cleanSummary(input.summary) : undefined;
  if (input.held && !summary)
    throw new DomainError('invalid', 'Summarise what your agency holds under at least one heading.');
  const now = deps.clock.now();
  const at = new Date(now).toISOString();
  return deps.store.tx(async (tx) => {
    const prior = (await tx.research.list({ meetingId: m.id, caseId })).find((x) => x.agencyId === agencyId);
    const saved = await tx.research.put(
      {
        meetingId: m.id,
        caseId,
        agencyId,
        held: input.held,
        summary,
        recordedAt: at,
        recordedBy: actor.id,
        ...(onBehalf ? { onBehalf: true } : {}),
        late: now > (m.publication?.researchDeadline ?? Infinity),
        version: prior?.version ?? 0,
      },
      prior?.version ?? 0,
    );
    await tx.audit.append({
      at,
      actor: actor.id,
      action: 'research.returned',
      subject,
      outcome: 'done',
      details: {
        meetingId: m.id,
        agencyId,
        held: input.held,
        late: saved.late,
        replaced: !!prior,
        ...(onBehalf ? { onBehalf: true } : {}),
      },
    });
    await tx.events.append(
      {
        type: 'ResearchReturned',
        meetingId: m.id,
        caseId,
        agencyId,
        held: input.held,
        late: saved.late,
      },
      at,
    );
    return saved;
  });
}

function cleanSummary(s: ResearchSummary | undefined): ResearchSummary | undefined {
  const out: ResearchSummary = {};
  for (const k of Object.keys(SUMMARY_HEADINGS) as (keyof typeof SUMMARY_HEADINGS)[]) {
    const v = s?.[k]?.trim().slice(0, 2000);
    if (v) out[k] = v;
  }
  return Object.keys(out).length ? out : undefined;
}
