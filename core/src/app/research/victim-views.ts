import { canSeePersonal } from '../coordinator/access.js';
import { idvaAgencyOf } from '../../domain/cues.js';
import { DomainError } from '../../domain/errors.js';
import { hasRole, isCoordinator, type Person } from '../../domain/person.js';
import { invitedAgencies, type VictimViews } from '../../domain/research.js';
import { mayKeepMinutes, meetingForViewer, refuseViewer, type ViewerDeps } from '../minutes/access.js';
import { isResearcher } from './access.js';

/** Long enough for a page of what the victim said; the IDVA's own notes stay in their records. */
export const VICTIM_VIEWS_MAX = 4000;

async function caseOnAgenda(
  deps: ViewerDeps,
  actor: Person,
  meetingId: string,
  caseId: string,
  action: string,
) {
  const m = await meetingForViewer(deps, actor, meetingId, action);
  const area = await deps.store.repos.areas.get(m.areaId);
  if (!area) throw new DomainError('not-found', "The meeting's MARAC area is not configured.");
  const item = (await deps.store.repos.agenda.list(m.id)).find((i) => i.caseId === caseId);
  if (!item)
    await refuseViewer(deps, actor, action, `case:${caseId}`, "That case is not on this meeting's agenda.");
  return { meeting: m, area };
}

/**
 * The IDVA records the victim's views on a case before or during the meeting (the SafeLives
 * toolkit: the IDVA brings the victim's voice to the MARAC). Only the area's IDVA service or a
 * coordinator records them; recording again replaces them. Sealed at rest; the audit and the
 * event say only that views were recorded, and the case card in the chat says no more.
 */
export async function recordVictimViews(
  deps: ViewerDeps,
  actor: Person,
  meetingId: string,
  caseId: string,
  input: { text: string; version?: number },
): Promise<VictimViews> {
  const action = 'victim-views.record';
  const { meeting: m, area } = await caseOnAgenda(deps, actor, meetingId, caseId, action);
  const idva = idvaAgencyOf(await deps.store.repos.agencies.list(area.id));
  const isAreaIdva = !!idva && actor.agencyId === idva && hasRole(actor, 'idva');
  if (!isAreaIdva && !isCoordinator(actor))
    await refuseViewer(
      deps,
      actor,
      action,
      `case:${caseId}`,
      "Only the area's IDVA, or a coordinator, records the victim's views.",
    );
  const text = input.text.trim();
  if (!text) throw new DomainError('invalid', "Write the victim's views, or leave them unrecorded.");
  if (text.length > VICTIM_VIEWS_MAX)
    throw new DomainError('invalid', `Keep the victim's views under ${VICTIM_VIEWS_MAX} characters.`);
  const at = new Date(deps.clock.now()).toISOString();
  return deps.store.tx(async (tx) => {
    const prior = await tx.victimViews.get(m.id, caseId);
    // A stale form (someone else saved since it was opened) is refused, not silently overwritten.
    if (input.version !== undefined && input.version !== (prior?.version ?? 0))
      throw new DomainError('stale', "Someone else changed the victim's views since you opened them.");
    const saved = await tx.victimViews.put(
      { meetingId: m.id, caseId, text, recordedAt: at, recordedBy: actor.id, version: prior?.version ?? 0 },
      prior?.version ?? 0,
    );
    await tx.audit.append({
      at,
      actor: actor.id,
      action: 'victim-views.recorded',
      subject: `case:${caseId}`,
      outcome: 'done',
      details: { meetingId: m.id, replaced: !!prior },
    });
    await tx.events.append({ type: 'VictimViewsRecorded', meetingId: m.id, caseId }, at);
    return saved;
  });
}

/**
 * The victim's views, for someone who may see the case in the meeting: the chair and
 * coordinators, and the representatives and IDVAs of the invited agencies (not observers). A
 * closed session is "not found" to anyone not invited. Every read is audited (never the text).
 */
export async function readVictimViews(
  deps: ViewerDeps,
  actor: Person,
  meetingId: string,
  caseId: string,
): Promise<VictimViews | undefined> {
  const action = 'victim-views.view';
  const { meeting: m, area } = await caseOnAgenda(deps, actor, meetingId, caseId, action);
  const invited = !!actor.agencyId && invitedAgencies(m, area).includes(actor.agencyId);
  if (!canSeePersonal(actor) && !mayKeepMinutes(actor, m) && !(isResearcher(actor) && invited))
    await refuseViewer(
      deps,
      actor,
      action,
      `case:${caseId}`,
      "The victim's views are for the meeting's chair and the invited agencies' representatives.",
    );
  const views = await deps.store.repos.victimViews.get(m.id, caseId);
  await deps.store.tx((r) =>
    r.audit.append({
      at: new Date(deps.clock.now()).toISOString(),
      actor: actor.id,
      action: 'victim-views.viewed',
      subject: `case:${caseId}`,
      outcome: 'done',
      details: { meetingId: m.id, recorded: !!views },
    }),
  );
  return views;
}
