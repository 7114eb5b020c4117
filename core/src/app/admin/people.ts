import { randomUUID } from 'node:crypto';
import { DomainError } from '../../domain/errors.js';
import {
  ROLES,
  isActive,
  isAdmin,
  isCoordinator,
  sharesAnArea,
  type Person,
  type Role,
} from '../../domain/person.js';
import type { Repos } from '../../ports/repositories.js';
import type { FieldProblem } from '../../domain/area-settings.js';
import { notFound, refuse, requireSubjectInArea } from '../coordinator/access.js';
import { refuseWith } from './access.js';
import { record, type Actor, type CoordinatorDeps } from '../coordinator/context.js';

/** What a coordinator (not only an administrator) may give someone they add. */
const REP_ROLES: Role[] = ['agency-rep', 'idva', 'observer'];

export interface PersonInput {
  displayName: string;
  email: string;
  aadObjectId: string;
  agencyId?: string;
  roles: Role[];
  areaIds?: string[];
}

export type PersonChanges = Partial<PersonInput> & { active?: boolean };

export type { FieldProblem };

const OBJECT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Every problem with a person's details, each naming its field; `agencies` are the known agency ids. */
export async function checkPerson(r: Repos, p: PersonChanges, self?: string): Promise<FieldProblem[]> {
  const out: FieldProblem[] = [];
  if (p.displayName !== undefined && !p.displayName.trim())
    out.push({ field: 'displayName', message: 'Give their name.' });
  if (p.email !== undefined && !EMAIL.test(p.email.trim()))
    out.push({ field: 'email', message: 'Give their work email address.' });
  if (p.aadObjectId !== undefined && !OBJECT_ID.test(p.aadObjectId.trim()))
    out.push({
      field: 'aadObjectId',
      message: 'The Entra object id is a GUID (from the directory or Entra admin centre).',
    });
  if (p.roles !== undefined && (!p.roles.length || p.roles.some((x) => !ROLES.includes(x))))
    out.push({ field: 'roles', message: `Choose at least one role: ${ROLES.join(', ')}.` });
  if (p.agencyId) {
    const agencies = (await Promise.all((await r.areas.list()).map((a) => r.agencies.list(a.id)))).flat();
    const a = agencies.find((x) => x.id === p.agencyId);
    if (!a || a.retiredAt) out.push({ field: 'agencyId', message: 'Choose an agency in use.' });
  }
  if (p.areaIds) {
    const areas = new Set((await r.areas.list()).map((a) => a.id));
    if (!p.areaIds.length || p.areaIds.some((id) => !areas.has(id)))
      out.push({ field: 'areaIds', message: 'Choose the MARAC areas they work in.' });
  }
  const dup = await duplicateOf(r, p, self);
  if (dup) out.push(dup);
  return out;
}

/** A person with the same Entra object id or email is the same person: name who it is. */
async function duplicateOf(r: Repos, p: PersonChanges, self?: string): Promise<FieldProblem | undefined> {
  const people = (await r.people.list()).filter((x) => x.id !== self);
  const byOid =
    p.aadObjectId && people.find((x) => x.aadObjectId.toLowerCase() === p.aadObjectId!.trim().toLowerCase());
  if (byOid)
    return { field: 'aadObjectId', message: `${byOid.displayName} already has this Entra object id.` };
  const byEmail = p.email && people.find((x) => x.email.toLowerCase() === p.email!.trim().toLowerCase());
  if (byEmail) return { field: 'email', message: `${byEmail.displayName} already has this email address.` };
}

/** Nobody gives someone an area they do not work in themselves. */
const outsideActorsAreas = (actor: Actor, areaIds: string[] | undefined): FieldProblem[] =>
  actor.areaIds && areaIds?.some((id) => !actor.areaIds!.includes(id))
    ? [{ field: 'areaIds', message: 'You can add people only to the MARAC areas you work in.' }]
    : [];

export const invalid = (fields: FieldProblem[]) =>
  new DomainError('invalid', 'Some fields need attention.', { fields });

export const newPerson = (p: PersonInput): Person => ({
  id: randomUUID(),
  displayName: p.displayName.trim(),
  email: p.email.trim(),
  aadObjectId: p.aadObjectId.trim().toLowerCase(),
  agencyId: p.agencyId || undefined,
  roles: [...new Set(p.roles)],
  areaIds: p.areaIds,
  active: true,
});

async function mayGrant(deps: CoordinatorDeps, actor: Actor, roles: Role[], action: string, subject: string) {
  if (isAdmin(actor)) return;
  if (isCoordinator(actor) && roles.every((x) => REP_ROLES.includes(x))) return;
  await refuse(
    deps,
    actor,
    action,
    subject,
    isCoordinator(actor)
      ? 'Coordinators add agency representatives, IDVAs and observers; other roles need a MARAC administrator.'
      : 'Only a MARAC administrator or coordinator can do this.',
  );
}

/** Add someone by name, email and Entra object id (from the directory search or typed in). */
export async function addPerson(deps: CoordinatorDeps, actor: Actor, given: PersonInput): Promise<Person> {
  await mayGrant(deps, actor, given.roles, 'person.add', 'person:new');
  // Someone added by a coordinator of some areas works in those areas unless told otherwise.
  const input = { ...given, areaIds: given.areaIds ?? actor.areaIds };
  return deps.store.tx(async (r) => {
    const problems = [...(await checkPerson(r, input)), ...outsideActorsAreas(actor, input.areaIds)];
    if (problems.length) throw invalid(problems);
    const p = newPerson(input);
    await r.people.put(p);
    await record(r, deps.clock, actor, {
      action: 'person.added',
      subject: `person:${p.id}`,
      details: { roles: p.roles },
    });
    return p;
  });
}

/** Change someone's roles, agency, areas or details, or (de)activate them. Never deletes. */
export async function changePerson(
  deps: CoordinatorDeps,
  actor: Actor,
  personId: string,
  c: PersonChanges,
  reason?: string,
): Promise<Person> {
  const before = await deps.store.repos.people.get(personId);
  // Someone outside the actor's areas is answered as unknown.
  if (!before || !sharesAnArea(actor, before)) throw notFound('That person');
  await mayGrant(deps, actor, [...before.roles, ...(c.roles ?? [])], 'person.change', `person:${personId}`);
  const staysAdmin = (c.roles ?? before.roles).includes('admin') && (c.active ?? isActive(before));
  if (isAdmin(before) && isActive(before) && !staysAdmin) {
    const others = (await deps.store.repos.people.list()).filter(
      (p) => p.id !== personId && isAdmin(p) && isActive(p),
    );
    if (!others.length)
      await refuseWith(
        deps,
        actor,
        'person.change',
        `person:${personId}`,
        'conflict',
        `${before.displayName} is the last active administrator; make someone else an administrator first.`,
        {
          fields: [
            {
              field: c.active === false ? 'active' : 'roles',
              message: 'The last administrator cannot be removed.',
            },
          ],
        },
      );
  }
  return deps.store.tx(async (r) => {
    const problems = [
      ...(await checkPerson(r, c, personId)),
      ...outsideActorsAreas(
        actor,
        c.areaIds?.filter((id) => !before.areaIds?.includes(id)),
      ),
    ];
    if (problems.length) throw invalid(problems);
    const after: Person = {
      ...before,
      ...c,
      displayName: c.displayName?.trim() ?? before.displayName,
      email: c.email?.trim() ?? before.email,
      aadObjectId: c.aadObjectId?.trim().toLowerCase() ?? before.aadObjectId,
      roles: c.roles ? [...new Set(c.roles)] : before.roles,
      agencyId: c.agencyId === undefined ? before.agencyId : c.agencyId || undefined,
    };
    await r.people.put(after);
    const changed = Object.keys(c).filter(
      (k) => JSON.stringify(before[k as keyof Person]) !== JSON.stringify(after[k as keyof Person]),
    );
    await record(r, deps.clock, actor, {
      action: 'person.changed',
      subject: `person:${personId}`,
      reason,
      details: { changed, roles: after.roles, active: isActive(after) },
    });
    return after;
  });
}

export interface PersonAdminView extends Person {
  active: boolean;
  seenInTeams: boolean;
}

/** Everyone (or an area's people) for the people page: coordinators and administrators only. */
export async function listPeopleForAdmin(
  deps: CoordinatorDeps,
  actor: Actor,
  areaId?: string,
): Promise<PersonAdminView[]> {
  if (!isCoordinator(actor))
    await refuse(
      deps,
      actor,
      'person.list',
      'people',
      'Only a MARAC coordinator or administrator can see everyone.',
    );
  if (areaId) await requireSubjectInArea(deps, actor, 'person.list', `area:${areaId}`);
  return (await deps.store.repos.people.list())
    .filter((p) => sharesAnArea(actor, p) && (!areaId || !p.areaIds || p.areaIds.includes(areaId)))
    .map((p) => ({ ...p, active: isActive(p), seenInTeams: !!p.seenInTeamsAt }))
    .sort((a, b) => a.displayName.localeCompare(b.displayName));
}
