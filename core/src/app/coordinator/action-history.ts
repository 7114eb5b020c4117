import type { ActionUpdate, MaracAction } from '../../domain/actions.js';
import { mayViewAction } from '../meeting-room/actions.js';
import { personActor } from '../meeting-room/context.js';
import { notFound, refuse } from './access.js';
import type { Actor, CoordinatorDeps } from './context.js';

export interface ActionHistory {
  action: Omit<MaracAction, 'updates'>;
  /** Oldest first, each with the name of who recorded it ("MARAC (automatic)" for the follow-up). */
  updates: (ActionUpdate & { byName: string })[];
}

/**
 * An action with every update recorded on it: for the coordinators and chairs (who chase and
 * review actions) and for the owning agency's own people. Anyone else is refused and audited.
 */
export async function actionHistory(
  deps: CoordinatorDeps,
  actor: Actor,
  actionId: string,
): Promise<ActionHistory> {
  const a = await deps.store.repos.actions.get(actionId);
  if (!a) throw notFound('The action');
  if (!mayViewAction(personActor(actor), a))
    await refuse(
      deps,
      actor,
      'action.history',
      `action:${a.id}`,
      "You can see only your own agency's actions.",
    );
  const people = new Map((await deps.store.repos.people.list()).map((p) => [p.id, p.displayName]));
  const { updates, ...action } = a;
  return {
    action,
    updates: updates.map((u) => ({
      ...u,
      byName:
        u.byPersonId === 'system'
          ? 'MARAC (automatic)'
          : (people.get(u.byPersonId) ?? 'Someone not registered'),
    })),
  };
}
