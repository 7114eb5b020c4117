import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PersonalDataCipher, newDataKey } from '../crypto/personal-data.js';
import type { Person } from '../domain/person.js';
import { ManualClock } from '../ports/clock.js';
import type { Store } from '../ports/repositories.js';
import * as f from '../store/contract-fixtures.js';
import { openStore } from '../store/index.js';
import { addPerson, changePerson, listPeopleForAdmin } from './admin/index.js';
import {
  getAgenda,
  getCase,
  listActions,
  listAreas,
  listMeetings,
  listPeople,
  listReferrals,
  planning,
  relistQueue,
  reorderAgenda,
  type CoordinatorDeps,
} from './coordinator/index.js';
import { getFigures } from './figures/figures.js';

/**
 * One install, two MARAC areas: each area's coordinators, chairs and representatives work only
 * with their own area's meetings, cases, actions, people and figures; the other area's records
 * are answered as not found (never "forbidden", which would confirm they exist) and audited.
 */
let dir: string;
let store: Store;
let deps: CoordinatorDeps;
const fenCoordinator: Person = { ...f.person('fen-coord'), roles: ['coordinator'], areaIds: ['fen'] };
const fenRep: Person = { ...f.person('fen-rep'), agencyId: 'fen-police', areaIds: ['fen'] };
const wesRep: Person = { ...f.person('wes-rep'), agencyId: 'wes-police', areaIds: ['wes'] };
const admin: Person = { ...f.person('admin'), roles: ['admin'], agencyId: undefined };

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'marac-areas-'));
  const cipher = new PersonalDataCipher(newDataKey());
  store = await openStore({ sqlitePath: join(dir, 'marac.sqlite'), cipher });
  deps = { store, cipher, clock: new ManualClock(Date.parse('2026-03-02T09:00:00Z')) };
  await store.tx(async (r) => {
    for (const [id, name] of [
      ['fen', 'Fenshire'],
      ['wes', 'Wessex'],
    ]) {
      await r.areas.put({ ...f.area(id), name, battingOrder: [`${id}-police`] });
      await r.agencies.put({ ...f.agency(`${id}-police`, id), name: `${name} Police` });
      await r.meetings.put(f.meeting(`${id}-m`, { areaId: id }));
      await r.cases.put(
        f.maracCase(`${id}-c`, { areaId: id, referringAgencyId: `${id}-police`, meetingId: `${id}-m` }),
      );
      await r.agenda.set(`${id}-m`, [`${id}-c`]);
      await r.actions.put(
        f.action(`${id}-a`, { meetingId: `${id}-m`, caseId: `${id}-c`, ownerAgencyId: `${id}-police` }),
      );
    }
    for (const p of [fenCoordinator, fenRep, wesRep, admin]) await r.people.put(p);
  });
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const refusalsOf = async (actor: Person) =>
  (await store.repos.audit.list()).filter((e) => e.outcome === 'refused' && e.actor === actor.id);
const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'done',
    (e: { code?: string }) => e.code,
  );

describe('areas in one install', () => {
  it("shows a coordinator only their own area's areas, meetings, cases, actions and people", async () => {
    expect((await listAreas(deps, fenCoordinator)).map((a) => a.name)).toEqual(['Fenshire']);
    expect((await listAreas(deps, admin)).map((a) => a.name).sort()).toEqual(['Fenshire', 'Wessex']);
    expect((await listMeetings(deps, fenCoordinator)).map((m) => m.id)).toEqual(['fen-m']);
    expect((await listActions(deps, fenCoordinator, {})).map((a) => a.id)).toEqual(['fen-a']);
    expect((await listPeople(deps, fenCoordinator)).map((p) => p.id).sort()).toEqual([
      'admin',
      'fen-coord',
      'fen-rep',
    ]);
    expect((await listPeopleForAdmin(deps, fenCoordinator)).map((p) => p.id)).not.toContain('wes-rep');
    expect((await listReferrals(deps, fenCoordinator, { areaId: 'fen' })).rows.length).toBe(1);
  });

  it("answers the other area's meeting, case, agenda, queue, figures and planning as not found, each audited", async () => {
    const attempts = [
      getAgenda(deps, fenCoordinator, 'wes-m'),
      getCase(deps, fenCoordinator, 'wes-c'),
      reorderAgenda(deps, fenCoordinator, 'wes-m', ['wes-c']),
      listReferrals(deps, fenCoordinator, { areaId: 'wes' }),
      relistQueue(deps, fenCoordinator, 'wes'),
      planning(deps, fenCoordinator, 'wes'),
      getFigures(deps, fenCoordinator, { areaId: 'wes', from: '2026-01-01', to: '2026-03-31' }),
      listPeopleForAdmin(deps, fenCoordinator, 'wes'),
    ];
    for (const p of attempts) expect(await codeOf(p)).toBe('not-found');
    expect((await refusalsOf(fenCoordinator)).length).toBe(attempts.length);
    // The same ids are there for Wessex's own people.
    expect((await getAgenda(deps, { ...wesRep, roles: ['chair'] }, 'wes-m')).rows).toHaveLength(1);
  });

  it("keeps a representative to their area's meetings and actions", async () => {
    expect((await listMeetings(deps, fenRep)).map((m) => m.id)).toEqual(['fen-m']);
    expect(await codeOf(getAgenda(deps, fenRep, 'wes-m'))).toBe('not-found');
    expect((await listActions(deps, wesRep, {})).map((a) => a.id)).toEqual(['wes-a']);
  });

  it('lets a coordinator add people to their own areas only, and not change people of another area', async () => {
    const added = await addPerson(deps, fenCoordinator, {
      displayName: 'Nia New',
      email: 'nia@example.org',
      aadObjectId: '2c2c2c2c-0000-4000-8000-000000000001',
      agencyId: 'fen-police',
      roles: ['agency-rep'],
    });
    expect(added.areaIds).toEqual(['fen']);
    const fields = await addPerson(deps, fenCoordinator, {
      displayName: 'Wyn Elsewhere',
      email: 'wyn@example.org',
      aadObjectId: '2c2c2c2c-0000-4000-8000-000000000002',
      roles: ['agency-rep'],
      areaIds: ['wes'],
    }).then(
      () => [],
      (e: { details?: { fields?: { field: string }[] } }) => e.details?.fields?.map((x) => x.field),
    );
    expect(fields).toEqual(['areaIds']);
    expect(await codeOf(changePerson(deps, fenCoordinator, 'wes-rep', { roles: ['observer'] }))).toBe(
      'not-found',
    );
    // An administrator of every area puts someone in a second area.
    const both = await changePerson(deps, admin, added.id, { areaIds: ['fen', 'wes'] });
    expect(both.areaIds).toEqual(['fen', 'wes']);
    expect((await listPeopleForAdmin(deps, admin, 'wes')).map((p) => p.id)).toContain(added.id);
  });
});
