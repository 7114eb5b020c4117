import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PersonalDataCipher, newDataKey } from '../../crypto/personal-data.js';
import type { Person } from '../../domain/person.js';
import { ManualClock } from '../../ports/clock.js';
import type { Store } from '../../ports/repositories.js';
import * as f from '../../store/contract-fixtures.js';
import { openStore } from '../../store/index.js';
import type { CoordinatorDeps } from '../coordinator/context.js';
import { minutesRecord } from '../minutes/minutes.js';
import {
  addAgency,
  addPerson,
  areaHistory,
  changeAgency,
  changeAreaSettings,
  changePerson,
  createArea,
  importPeople,
  listAgencies,
  previewPeopleImport,
  reorderAgencies,
  retireAgency,
  signInWithEntra,
} from './index.js';

const ADMIN_OID = '0a0a0a0a-0000-4000-8000-000000000001';
const oid = (n: number) => `1b1b1b1b-0000-4000-8000-${String(n).padStart(12, '0')}`;
const DECLARATION = 'We keep everything said at this MARAC confidential, version one.';

let dir: string;
let store: Store;
let deps: CoordinatorDeps;
let admin: Person;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'marac-admin-'));
  const cipher = new PersonalDataCipher(newDataKey());
  store = await openStore({ sqlitePath: join(dir, 'marac.sqlite'), cipher });
  deps = { store, cipher, clock: new ManualClock(Date.parse('2026-05-01T09:00:00Z')) };
  admin = (await signInWithEntra(deps, { aadObjectId: ADMIN_OID, displayName: 'Ada Admin' }, [ADMIN_OID]))!;
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const refusals = async () => (await store.repos.audit.list()).filter((e) => e.outcome === 'refused');
const newArea = () =>
  createArea(deps, admin, { name: 'Norvale', dashThreshold: 14, declarationText: DECLARATION });
const fieldsOf = async (p: Promise<unknown>) =>
  p.then(
    () => [],
    (e: { details?: { fields?: { field: string }[] } }) => (e.details?.fields ?? []).map((x) => x.field),
  );

describe('first run', () => {
  it('makes a bootstrap object id an administrator on first sign-in, once, and no one else', async () => {
    expect(admin.roles).toEqual(['admin']);
    expect(admin.seenInTeamsAt).toBeTruthy();
    const again = await signInWithEntra(deps, { aadObjectId: ADMIN_OID.toUpperCase(), displayName: 'Ada' }, [
      ADMIN_OID,
    ]);
    expect(again?.id).toBe(admin.id);
    expect(await store.repos.people.list()).toHaveLength(1);
    expect(
      await signInWithEntra(deps, { aadObjectId: oid(9), displayName: 'Stranger' }, [ADMIN_OID]),
    ).toBeUndefined();
    const bootstrapped = (await store.repos.audit.list()).filter((e) => e.action === 'admin.bootstrapped');
    expect(bootstrapped).toHaveLength(1);
  });

  it('refuses a deactivated person at sign-in', async () => {
    const rep = await addPerson(deps, admin, {
      displayName: 'Rae Rep',
      email: 'rae@x.example',
      aadObjectId: oid(1),
      roles: ['agency-rep'],
    });
    await changePerson(deps, admin, rep.id, { active: false });
    await expect(signInWithEntra(deps, { aadObjectId: oid(1), displayName: 'Rae' })).rejects.toThrow(
      /deactivated/,
    );
  });
});

describe('area settings', () => {
  it('creates an area with its own rules and SafeLives defaults for the rest', async () => {
    const area = await createArea(deps, admin, {
      name: 'Norvale',
      dashThreshold: 14,
      agendaCirculationDays: 8,
      declarationText: DECLARATION,
    });
    expect(area).toMatchObject({
      id: 'norvale',
      version: 1,
      dashThreshold: 14,
      agendaCirculationDays: 8,
      timeZone: 'Europe/London',
      declaration: { version: 'v1', text: DECLARATION },
    });
    expect(await store.repos.areas.get('norvale')).toEqual(area);
  });

  it('names each bad field and writes nothing', async () => {
    const bad = createArea(deps, admin, {
      name: ' ',
      dashThreshold: 30,
      timeZone: 'Mars/Olympus',
      agendaCirculationDays: 0,
      escalation: { kind: 'incidents', incidents: 0 },
      declarationText: 'short',
    });
    expect(await fieldsOf(bad)).toEqual([
      'name',
      'timeZone',
      'dashThreshold',
      'escalation',
      'agendaCirculationDays',
      'declarationText',
    ]);
    expect(await store.repos.areas.list()).toEqual([]);
  });

  it('versions each change with who, when and why, and refuses one without a reason or on a stale page', async () => {
    await newArea();
    expect(await fieldsOf(changeAreaSettings(deps, admin, 'norvale', { dashThreshold: 17 }, ' ', 1))).toEqual(
      ['reason'],
    );
    const v2 = await changeAreaSettings(
      deps,
      admin,
      'norvale',
      { dashThreshold: 17, minutesDeadlineHours: 24 },
      'ToR 2026',
      1,
    );
    expect(v2.version).toBe(2);
    await expect(
      changeAreaSettings(deps, admin, 'norvale', { dashThreshold: 15 }, 'late', 1),
    ).rejects.toMatchObject({ code: 'stale' });
    const history = await areaHistory(deps, admin, 'norvale');
    expect(history.map((e) => [e.action, e.actor, e.reason, e.details?.version])).toEqual([
      ['area.created', admin.id, undefined, 1],
      ['area.changed', admin.id, 'ToR 2026', 2],
    ]);
    expect(history[1].details?.changes).toEqual({
      dashThreshold: { from: 14, to: 17 },
      minutesDeadlineHours: { from: 168, to: 24 },
    });
  });

  it('makes a new declaration version when the text changes; earlier confirmations keep theirs', async () => {
    await newArea();
    await store.tx((r) => r.confirmations.add(f.confirmation('m1', 'aad-1', { declarationVersion: 'v1' })));
    const v2 = await changeAreaSettings(
      deps,
      admin,
      'norvale',
      { declarationText: `${DECLARATION} Revised.` },
      'new ISA',
      1,
    );
    expect(v2.declaration).toMatchObject({ version: 'v2', text: `${DECLARATION} Revised.` });
    expect(v2.previousDeclarations).toEqual([expect.objectContaining({ version: 'v1', text: DECLARATION })]);
    expect((await store.repos.confirmations.list('m1')).map((c) => c.declarationVersion)).toEqual(['v1']);
    // The minutes of the meeting held under v1 still name v1.
    const m = await store.tx((r) => r.meetings.put(f.meeting('m1', { areaId: 'norvale' })));
    const minutes = await minutesRecord(store.repos, m);
    expect(minutes.declaration.version).toBe('v1');
    expect(minutes.declaration.confirmations.map((c) => c.declarationVersion)).toEqual(['v1']);
    // Saving the same text again is not a new version.
    const same = await changeAreaSettings(
      deps,
      admin,
      'norvale',
      { declarationText: `${DECLARATION} Revised.` },
      'no-op',
      2,
    );
    expect(same.declaration.version).toBe('v2');
  });

  it('refuses (and audits) a non-administrator', async () => {
    const coordinator = await addPerson(deps, admin, {
      displayName: 'Cora',
      email: 'cora@x.example',
      aadObjectId: oid(2),
      roles: ['coordinator'],
    });
    await expect(
      createArea(deps, coordinator, { name: 'X', dashThreshold: 14, declarationText: DECLARATION }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    expect((await refusals()).map((e) => e.action)).toEqual(['area.create']);
  });
});

describe('agencies', () => {
  it('adds in batting order, reorders, flags, maps and retires without deleting', async () => {
    await newArea();
    for (const name of ['Police', 'IDVA Service', 'Housing'])
      await addAgency(deps, admin, 'norvale', { name });
    const area = (await store.repos.areas.get('norvale'))!;
    expect(area.battingOrder).toEqual(['police', 'idva-service', 'housing']);
    await reorderAgencies(deps, admin, 'norvale', ['idva-service', 'police', 'housing'], area.version);
    await changeAgency(deps, admin, 'norvale', 'police', {
      core: true,
      ownSystem: true,
      directoryMatches: ['norvale.police.example'],
    });
    await retireAgency(deps, admin, 'norvale', 'housing');
    const list = await listAgencies(deps, 'norvale');
    expect(list.map((a) => [a.id, a.core, a.ownSystem, !!a.retiredAt])).toEqual([
      ['idva-service', false, false, false],
      ['police', true, true, false],
      ['housing', false, false, true],
    ]);
    expect(list[1].directoryMatches).toEqual(['norvale.police.example']);
    expect((await store.repos.areas.get('norvale'))!.battingOrder).toEqual(['idva-service', 'police']);
  });

  it('refuses a duplicate name, an incomplete batting order, and retiring an agency with open actions (naming the count)', async () => {
    await newArea();
    await addAgency(deps, admin, 'norvale', { name: 'Police' });
    await addAgency(deps, admin, 'norvale', { name: 'Housing' });
    expect(await fieldsOf(addAgency(deps, admin, 'norvale', { name: 'police' }))).toEqual(['name']);
    const v = (await store.repos.areas.get('norvale'))!.version;
    expect(await fieldsOf(reorderAgencies(deps, admin, 'norvale', ['police'], v))).toEqual(['battingOrder']);
    await store.tx(async (r) => {
      await r.actions.put(f.action('a1', { ownerAgencyId: 'police' }));
      await r.actions.put(f.action('a2', { ownerAgencyId: 'police', status: 'no-update' }));
      await r.actions.put(f.action('a3', { ownerAgencyId: 'police', status: 'complete' }));
    });
    await expect(retireAgency(deps, admin, 'norvale', 'police')).rejects.toThrow(
      'Police still has 2 open actions',
    );
    expect((await refusals()).map((e) => e.action)).toContain('agency.retire');
    expect(
      (await store.repos.agencies.list('norvale')).find((a) => a.id === 'police')?.retiredAt,
    ).toBeUndefined();
  });
});

describe('people', () => {
  const rep = (n: number, over = {}) => ({
    displayName: `Rep ${n}`,
    email: `rep${n}@x.example`,
    aadObjectId: oid(n),
    roles: ['agency-rep' as const],
    ...over,
  });

  it('refuses a duplicate by object id or email, naming the existing person', async () => {
    await addPerson(deps, admin, rep(1));
    await expect(addPerson(deps, admin, rep(2, { email: 'REP1@x.example' }))).rejects.toMatchObject({
      details: { fields: [{ field: 'email', message: 'Rep 1 already has this email address.' }] },
    });
    await expect(addPerson(deps, admin, rep(3, { aadObjectId: oid(1) }))).rejects.toMatchObject({
      details: { fields: [{ field: 'aadObjectId', message: 'Rep 1 already has this Entra object id.' }] },
    });
    expect(await store.repos.people.list()).toHaveLength(2);
  });

  it('lets a coordinator add representatives but not chairs or administrators', async () => {
    const cora = await addPerson(deps, admin, rep(2, { roles: ['coordinator'] }));
    await addPerson(deps, cora, rep(3));
    await expect(addPerson(deps, cora, rep(4, { roles: ['chair'] }))).rejects.toMatchObject({
      code: 'forbidden',
    });
    expect((await refusals()).map((e) => e.action)).toEqual(['person.add']);
  });

  it('refuses removing or deactivating the last administrator, and allows it once there is another', async () => {
    await expect(changePerson(deps, admin, admin.id, { roles: ['coordinator'] })).rejects.toThrow(
      /last active administrator/,
    );
    await expect(changePerson(deps, admin, admin.id, { active: false })).rejects.toThrow(
      /last active administrator/,
    );
    expect((await refusals()).map((e) => e.action)).toEqual(['person.change', 'person.change']);
    const second = await addPerson(deps, admin, rep(5, { roles: ['admin'] }));
    expect((await changePerson(deps, second, admin.id, { active: false })).active).toBe(false);
  });

  it('puts a person in more than one area', async () => {
    await newArea();
    await createArea(deps, admin, { name: 'Yorvale', dashThreshold: 14, declarationText: DECLARATION });
    const p = await addPerson(deps, admin, rep(6, { areaIds: ['norvale', 'yorvale'] }));
    expect((await store.repos.people.get(p.id))?.areaIds).toEqual(['norvale', 'yorvale']);
    expect(await fieldsOf(addPerson(deps, admin, rep(7, { areaIds: ['nowhere'] })))).toEqual(['areaIds']);
  });
});

describe('CSV import', () => {
  const HEADER = 'name,email,object id,agency,roles';
  const line = (n: number, agency = 'Police', roles = 'agency-rep') =>
    `Rep ${n},rep${n}@x.example,${oid(n)},${agency},${roles}`;

  beforeEach(async () => {
    await newArea();
    await addAgency(deps, admin, 'norvale', { name: 'Police' });
  });

  it('previews per-row problems and imports nothing while any row is bad', async () => {
    const csv = [
      HEADER,
      line(1),
      line(2, 'Nowhere'),
      `Rep 3,not-an-email,${oid(3)},Police,chair`,
      line(1, 'Police', 'wizard'),
    ].join('\n');
    const rows = await previewPeopleImport(deps, admin, 'norvale', csv);
    expect(rows.map((r) => [r.line, r.problems.map((p) => p.field)])).toEqual([
      [2, []],
      [3, ['agency']],
      [4, ['email']],
      [5, ['roles', 'email', 'object id']],
    ]);
    await expect(importPeople(deps, admin, 'norvale', csv)).rejects.toThrow(
      '3 of 4 rows need attention; nothing was imported.',
    );
    expect((await store.repos.people.list()).map((p) => p.displayName)).toEqual(['Ada Admin']);
    const { imported } = await importPeople(deps, admin, 'norvale', csv, true);
    expect(imported.map((p) => [p.displayName, p.agencyId, p.roles, p.areaIds])).toEqual([
      ['Rep 1', 'police', ['agency-rep'], ['norvale']],
    ]);
  });

  it('names missing columns', async () => {
    expect(await fieldsOf(importPeople(deps, admin, 'norvale', 'name,email\nA,a@x.example'))).toEqual([
      'csv',
    ]);
  });

  it('reads quoted cells and several roles', async () => {
    const csv = `${HEADER}\n"Smith, Jo",jo@x.example,${oid(8)},police,"chair; admin"\n`;
    const { imported } = await importPeople(deps, admin, 'norvale', csv);
    expect(imported[0]).toMatchObject({ displayName: 'Smith, Jo', roles: ['chair', 'admin'] });
  });
});
