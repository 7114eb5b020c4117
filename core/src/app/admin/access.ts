import { isAdmin } from '../../domain/person.js';
import { DomainError, type DomainErrorCode } from '../../domain/errors.js';
import { refuse } from '../coordinator/access.js';
import { nowIso, type Actor, type CoordinatorDeps } from '../coordinator/context.js';

/** Area settings, agencies and most people changes: administrators only. */
export async function requireAdmin(deps: CoordinatorDeps, actor: Actor, action: string, subject: string) {
  if (!isAdmin(actor)) await refuse(deps, actor, action, subject, 'Only a MARAC administrator can do this.');
}

/** Ids from names: short, readable, unique among `taken`. */
export function slugId(name: string, taken: (id: string) => boolean): string {
  const base =
    name
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40) || 'item';
  let id = base;
  for (let n = 2; taken(id); n++) id = `${base}-${n}`;
  return id;
}

/** Refuse with a code other than 'forbidden' (a conflict, a bad value), audited like every refusal. */
export async function refuseWith(
  deps: Pick<CoordinatorDeps, 'store' | 'clock'>,
  actor: Actor,
  action: string,
  subject: string,
  code: DomainErrorCode,
  reason: string,
  details: Record<string, unknown> = {},
): Promise<never> {
  await deps.store.tx((r) =>
    r.audit.append({ at: nowIso(deps.clock), actor: actor.id, action, subject, reason, outcome: 'refused' }),
  );
  throw new DomainError(code, reason, details);
}
