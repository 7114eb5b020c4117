import { randomUUID } from 'node:crypto';
import { DomainError } from '../../domain/errors.js';
import { isActive, isAdmin, type Person } from '../../domain/person.js';
import type { Store } from '../../ports/repositories.js';
import { nowIso, type CoordinatorDeps } from '../coordinator/context.js';

export interface TeamsIdentity {
  aadObjectId: string;
  displayName: string;
  email?: string;
}

/**
 * Who an Entra identity is. A registered person is returned (and marked seen in Teams the first
 * time); an object id listed in BOOTSTRAP_ADMIN_OBJECT_IDS becomes an administrator on first
 * sign-in, so a new install needs no database access; anyone else is unknown (undefined).
 */
export async function signInWithEntra(
  deps: Pick<CoordinatorDeps, 'store' | 'clock'>,
  who: TeamsIdentity,
  bootstrapAdminIds: readonly string[] = [],
): Promise<Person | undefined> {
  const oid = who.aadObjectId.toLowerCase();
  const known = await deps.store.repos.people.byAadObjectId(oid);
  if (known && !isActive(known))
    throw new DomainError('forbidden', 'Your MARAC account is deactivated. Ask your MARAC administrator.');
  if (known?.seenInTeamsAt) return known;
  if (!known && !bootstrapAdminIds.map((x) => x.toLowerCase()).includes(oid)) return undefined;
  const at = nowIso(deps.clock);
  return deps.store.tx(async (r) => {
    const current = await r.people.byAadObjectId(oid);
    if (current) {
      const seen = { ...current, seenInTeamsAt: current.seenInTeamsAt ?? at };
      await r.people.put(seen);
      return seen;
    }
    const admin: Person = {
      id: randomUUID(),
      aadObjectId: oid,
      displayName: who.displayName || 'MARAC administrator',
      email: who.email ?? '',
      roles: ['admin'],
      active: true,
      seenInTeamsAt: at,
    };
    await r.people.put(admin);
    await r.audit.append({
      at,
      actor: admin.id,
      action: 'admin.bootstrapped',
      subject: `person:${admin.id}`,
      reason: 'object id listed in BOOTSTRAP_ADMIN_OBJECT_IDS',
      outcome: 'done',
    });
    return admin;
  });
}

/** Mark a registered person as seen in Teams (the bot saw them), once. */
export async function noteSeenInTeams(deps: Pick<CoordinatorDeps, 'store' | 'clock'>, person: Person) {
  if (person.seenInTeamsAt) return;
  await deps.store.tx(async (r) => {
    const p = await r.people.get(person.id);
    if (p && !p.seenInTeamsAt) await r.people.put({ ...p, seenInTeamsAt: nowIso(deps.clock) });
  });
}

/** What a fresh install still lacks, for the start-up message and the dev sign-in. */
export async function setupStatus(store: Store): Promise<{ people: number; admins: number; areas: number }> {
  const people = await store.repos.people.list();
  return {
    people: people.length,
    admins: people.filter((p) => isAdmin(p) && isActive(p)).length,
    areas: (await store.repos.areas.list()).length,
  };
}

/**
 * Development only, on an empty store: a first administrator to start from (the dev sign-in
 * offers it when SEED_DEMO=0). Refused once anyone exists.
 */
export async function createFirstRunAdmin(
  deps: Pick<CoordinatorDeps, 'store' | 'clock'>,
  displayName = 'First-run administrator',
): Promise<Person> {
  return deps.store.tx(async (r) => {
    if ((await r.people.list()).length)
      throw new DomainError('conflict', 'This install already has people; sign in as one of them.');
    const admin: Person = {
      id: randomUUID(),
      aadObjectId: randomUUID(),
      displayName,
      email: '',
      roles: ['admin'],
      active: true,
    };
    await r.people.put(admin);
    await r.audit.append({
      at: nowIso(deps.clock),
      actor: admin.id,
      action: 'admin.first-run',
      subject: `person:${admin.id}`,
      reason: 'development sign-in on an empty store',
      outcome: 'done',
    });
    return admin;
  });
}
