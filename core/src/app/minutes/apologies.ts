import type { Person } from '../../domain/person.js';
import { DomainError } from '../../domain/errors.js';
import { type ViewerDeps, mayKeepMinutes, meetingForViewer, refuseViewer } from './access.js';
import { emptyDraft, type MinutesApology } from './model.js';

export interface NewApology {
  name: string;
  agencyId?: string;
  /** Who attends for them, if anyone. */
  deputy?: string;
}

/**
 * Record apologies (and the deputy attending instead) before or during the meeting, from the side
 * panel: they go straight into the minutes' apologies, where the coordinator can still edit them.
 */
export async function recordApology(
  deps: ViewerDeps,
  actor: Person,
  meetingId: string,
  input: NewApology,
): Promise<MinutesApology[]> {
  const m = await meetingForViewer(deps, actor, meetingId, 'apology.record');
  if (!mayKeepMinutes(actor, m))
    await refuseViewer(
      deps,
      actor,
      'apology.record',
      `meeting:${m.id}`,
      'Only the coordinator or the chair can record apologies.',
    );
  const name = input.name.trim().slice(0, 120);
  if (name.length < 2) throw new DomainError('invalid', 'Give the name of who sent apologies.');
  const area = await deps.store.repos.areas.get(m.areaId);
  if (input.agencyId && !area?.battingOrder.includes(input.agencyId))
    throw new DomainError('invalid', "Choose one of the area's agencies.");
  const deputy = input.deputy?.trim().slice(0, 120);
  const apology: MinutesApology = {
    name,
    agencyId: input.agencyId,
    note: deputy ? `Deputy: ${deputy}` : undefined,
  };
  return deps.store.tx(async (r) => {
    const draft = (await r.minutes.get(m.id)) ?? emptyDraft(m.id);
    const at = new Date(deps.clock.now()).toISOString();
    const saved = await r.minutes.put(
      { ...draft, apologies: [...draft.apologies, apology], updatedAt: at, updatedBy: actor.id },
      draft.version,
    );
    await r.audit.append({
      at,
      actor: actor.id,
      action: 'apology.recorded',
      subject: `meeting:${m.id}`,
      outcome: 'done',
      details: { agencyId: input.agencyId, deputy: !!deputy },
    });
    await r.events.append({ type: 'MeetingChanged', meetingId: m.id }, at);
    return saved.apologies;
  });
}
