import { ROLES, type Person, type Role } from '../../domain/person.js';
import { activeAgencies } from '../../domain/area.js';
import { DomainError } from '../../domain/errors.js';
import { record, type Actor, type CoordinatorDeps } from '../coordinator/context.js';
import { requireAdmin } from './access.js';
import { loadArea } from './areas.js';
import { parseCsv } from './csv.js';
import { checkPerson, newPerson, type FieldProblem, type PersonInput } from './people.js';

export const PEOPLE_CSV_COLUMNS = ['name', 'email', 'object id', 'agency', 'roles'] as const;

export interface ImportRow {
  /** Line in the file (the header is line 1). */
  line: number;
  person?: PersonInput;
  problems: FieldProblem[];
}

const ROLE_WORDS: Record<string, Role> = Object.fromEntries([
  ...ROLES.map((r) => [r, r]),
  ['rep', 'agency-rep'],
  ['agency representative', 'agency-rep'],
  ['deputy chair', 'deputy-chair'],
  ['administrator', 'admin'],
]);

/** Read and check every row; nothing is written. Duplicates within the file count too. */
export async function previewPeopleImport(
  deps: CoordinatorDeps,
  actor: Actor,
  areaId: string,
  csv: string,
): Promise<ImportRow[]> {
  await requireAdmin(deps, actor, 'person.import', `area:${areaId}`);
  const r = deps.store.repos;
  const area = await loadArea(r, areaId);
  const agencies = activeAgencies(area, await r.agencies.list(areaId));
  const [header, ...lines] = parseCsv(csv);
  const cols = (header ?? []).map((h) => h.trim().toLowerCase().replace(/[_-]+/g, ' '));
  const at = (name: string) => cols.indexOf(name);
  const missing = PEOPLE_CSV_COLUMNS.filter((c) => at(c) < 0);
  if (missing.length)
    throw new DomainError('invalid', `The CSV needs a header row with: ${PEOPLE_CSV_COLUMNS.join(', ')}.`, {
      fields: [
        { field: 'csv', message: `Missing column${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}.` },
      ],
    });
  const seen = new Map<string, number>();
  const rows: ImportRow[] = [];
  for (const [i, cells] of lines.entries()) {
    const get = (c: string) => (cells[at(c)] ?? '').trim();
    const problems: FieldProblem[] = [];
    const agencyText = get('agency').toLowerCase();
    const agency = agencyText
      ? agencies.find((a) => [a.id, a.name.toLowerCase(), a.short.toLowerCase()].includes(agencyText))
      : undefined;
    if (agencyText && !agency)
      problems.push({ field: 'agency', message: `No agency "${get('agency')}" in ${area.name}.` });
    const words = get('roles')
      .split(/[;|/]/)
      .map((w) => w.trim().toLowerCase())
      .filter(Boolean);
    const roles = words.map((w) => ROLE_WORDS[w]).filter(Boolean);
    if (roles.length !== words.length || !roles.length)
      problems.push({ field: 'roles', message: `Roles are separated by ";" from: ${ROLES.join(', ')}.` });
    const person: PersonInput = {
      displayName: get('name'),
      email: get('email'),
      aadObjectId: get('object id'),
      agencyId: agency?.id,
      roles: roles.length ? roles : ['observer'],
      areaIds: [areaId],
    };
    for (const p of await checkPerson(r, { ...person, agencyId: undefined, areaIds: undefined }))
      if (p.field !== 'roles') problems.push(p);
    for (const key of [person.email.toLowerCase(), person.aadObjectId.toLowerCase()].filter(Boolean)) {
      const earlier = seen.get(key);
      if (earlier)
        problems.push({
          field: key.includes('@') ? 'email' : 'object id',
          message: `Same as line ${earlier} of this file.`,
        });
      else seen.set(key, i + 2);
    }
    rows.push({ line: i + 2, person: problems.length ? undefined : person, problems });
  }
  return rows;
}

/**
 * Import the people of a CSV in one transaction. With any bad row nothing is written unless
 * `goodRowsOnly` is set (the administrator confirmed importing the rows without problems).
 */
export async function importPeople(
  deps: CoordinatorDeps,
  actor: Actor,
  areaId: string,
  csv: string,
  goodRowsOnly = false,
): Promise<{ imported: Person[]; skipped: ImportRow[] }> {
  const rows = await previewPeopleImport(deps, actor, areaId, csv);
  const bad = rows.filter((x) => x.problems.length);
  if (!rows.length)
    throw new DomainError('invalid', 'The CSV has no people in it.', {
      fields: [{ field: 'csv', message: 'Add one row per person below the header.' }],
    });
  if (bad.length && !goodRowsOnly)
    throw new DomainError(
      'invalid',
      `${bad.length} of ${rows.length} rows need attention; nothing was imported.`,
      {
        rows: bad,
        fields: [
          {
            field: 'csv',
            message: `Fix line${bad.length > 1 ? 's' : ''} ${bad.map((b) => b.line).join(', ')}, or import only the good rows.`,
          },
        ],
      },
    );
  return deps.store.tx(async (r) => {
    const imported: Person[] = [];
    for (const row of rows.filter((x) => x.person)) {
      // Checked again inside the transaction: someone may have added the same person meanwhile.
      const late = await checkPerson(r, { email: row.person!.email, aadObjectId: row.person!.aadObjectId });
      if (late.length)
        throw new DomainError('conflict', `Line ${row.line}: ${late[0].message} Nothing was imported.`);
      const p = newPerson(row.person!);
      await r.people.put(p);
      imported.push(p);
    }
    await record(r, deps.clock, actor, {
      action: 'person.imported',
      subject: `area:${areaId}`,
      details: { imported: imported.map((p) => p.id), skippedLines: bad.map((b) => b.line) },
    });
    return { imported, skipped: bad };
  });
}
