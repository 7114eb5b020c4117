import type { Person } from '../../domain/person.js';
import { DomainError } from '../../domain/errors.js';
import {
  type AgendaPublication,
  publishedLate,
  researchDeadline,
  researchDetails,
} from '../../domain/research.js';
import { requireManager } from '../coordinator/access.js';
import { orderedCases } from '../coordinator/agenda.js';
import { type ResearchDeps, isOpenCase, researchMeeting } from './access.js';

export interface PublishResult {
  publication: AgendaPublication;
  /** Cases new or changed since the last publication (every case the first time). */
  changed: string[];
  removed: string[];
  /** Nothing changed since the last publication: nothing was sent again. */
  unchanged: boolean;
}

/**
 * Publish the agenda to every invited agency, with the research deadline. Publishing again sends
 * only what changed: cases added or whose research details changed, cases withdrawn, and the whole
 * agenda to an agency newly invited. Nothing changed: nothing is sent.
 */
export async function publishAgenda(
  deps: ResearchDeps,
  actor: Person,
  meetingId: string,
): Promise<PublishResult> {
  await requireManager(deps, actor, 'agenda.publish', `meeting:${meetingId}`);
  const { meeting: m, area, agencies } = await researchMeeting(deps, actor, meetingId, 'agenda.publish');
  if (m.status === 'ended')
    throw new DomainError('invalid', 'This meeting has ended; its agenda can no longer be published.');
  const cases = (await orderedCases(deps.store.repos, m.id)).filter(isOpenCase);
  if (!cases.length) throw new DomainError('invalid', 'There are no cases on this agenda to publish.');
  const prev = m.publication;
  const digests = cases.map((c) => ({
    caseId: c.id,
    reference: c.reference,
    digest: deps.cipher.digest([c.reference, researchDetails(c.personal)]),
  }));
  const before = new Map(prev?.cases.map((c) => [c.caseId, c.digest]));
  const changed = digests.filter((d) => before.get(d.caseId) !== d.digest).map((d) => d.caseId);
  const removed = (prev?.cases ?? []).filter((p) => !digests.some((d) => d.caseId === p.caseId));
  const newAgencyIds = agencies.filter((a) => !prev?.agencyIds.includes(a));
  if (prev && !changed.length && !removed.length && !newAgencyIds.length)
    return { publication: prev, changed: [], removed: [], unchanged: true };
  const at = new Date(deps.clock.now()).toISOString();
  const publication: AgendaPublication = {
    number: (prev?.number ?? 0) + 1,
    at,
    by: actor.id,
    researchDeadline: researchDeadline(m.date, area),
    cases: digests,
    agencyIds: agencies,
  };
  await deps.store.tx(async (r) => {
    await r.meetings.put({ ...m, publication }, m.version);
    await r.audit.append({
      at,
      actor: actor.id,
      action: 'agenda.published',
      subject: `meeting:${m.id}`,
      outcome: 'done',
      details: {
        number: publication.number,
        changed: changed.length,
        removed: removed.length,
        agencies: agencies.length,
        late: publishedLate(m.date, at, area),
      },
    });
    await r.events.append(
      {
        type: 'AgendaPublished',
        meetingId: m.id,
        number: publication.number,
        caseIds: changed,
        removedReferences: removed.map((x) => x.reference),
        agencyIds: agencies,
        newAgencyIds: prev ? newAgencyIds : agencies,
      },
      at,
    );
  });
  return { publication, changed, removed: removed.map((x) => x.reference), unchanged: false };
}
