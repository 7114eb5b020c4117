import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PersonalDataCipher, newDataKey } from '../../crypto/personal-data.js';
import { ManualClock } from '../../ports/clock.js';
import type { Store } from '../../ports/repositories.js';
import type { Person } from '../../domain/person.js';
import { openStore } from '../../store/index.js';
import { seedDemo } from '../demo-seed.js';
import { createReferral } from './referrals.js';
import { editReferral, type ReferralEdit } from './referral-edit.js';
import { listReferrals } from './inbox.js';

const T0 = Date.parse('2026-11-24T09:25:00Z');
const dash = (yes: number) =>
  Array.from({ length: 24 }, (_, i) => (i < yes ? ('yes' as const) : ('no' as const)));
let dir: string;
let store: Store;
let clock: ManualClock;
let cipher: PersonalDataCipher;
let coordinator: Person;
const deps = () => ({ store, clock, cipher });

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'marac-edit-'));
  cipher = new PersonalDataCipher(newDataKey());
  store = await openStore({ sqlitePath: join(dir, 'marac.sqlite'), cipher });
  clock = new ManualClock(T0);
  await seedDemo(store, cipher, clock);
  coordinator = (await store.repos.people.get('p-coordinator'))!;
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const victim = { name: 'Bea Sample', dateOfBirth: '1990-03-04', address: '1 Mill Lane, Ely' };
const perpetrator = { name: 'Bob Sample', dateOfBirth: '1988-05-06' };
async function saved() {
  const { case: c } = await createReferral(deps(), coordinator, {
    areaId: 'cambs-demo',
    referringAgencyId: 'idva',
    victim,
    perpetrators: [perpetrator],
    children: [],
    dash: dash(18),
    criteria: ['visible-high-risk'],
    consent: 'given',
    honourBasedAbuse: false,
    worksForCoreAgency: false,
    diversity: {},
  });
  return (await store.repos.cases.get(c.id))!;
}
const editOf = (c: Awaited<ReturnType<typeof saved>>, over: Partial<ReferralEdit> = {}): ReferralEdit => ({
  referringAgencyId: c.referringAgencyId,
  victim: c.personal.victim,
  perpetrators: c.personal.perpetrators,
  children: c.personal.children,
  dash: c.dash,
  criteria: c.criteria,
  consent: c.consent,
  diversity: c.diversity,
  version: c.version,
  ...over,
});
const lastAudit = async () => (await store.repos.audit.list()).at(-1)!;
const search = async (q: string) =>
  (await listReferrals(deps(), coordinator, { areaId: 'cambs-demo', q })).rows.map((r) => r.id);

describe('editing a referral from the case page', () => {
  it('audits old and new values of open fields and only "personal details changed" for sealed ones', async () => {
    const c = await saved();
    await editReferral(
      deps(),
      coordinator,
      c.id,
      editOf(c, {
        dash: dash(19),
        consent: 'not-given',
        victim: { ...victim, name: 'Beatrice Sample', address: '2 Fen Road, March' },
      }),
    );
    const a = await lastAudit();
    expect(a).toMatchObject({ action: 'referral.edited', subject: `case:${c.id}`, actor: 'p-coordinator' });
    expect(a.details).toMatchObject({
      changes: { consent: { from: 'given', to: 'not-given' }, dash: { from: dash(18), to: dash(19) } },
      changed: ['personal details changed'],
    });
    const text = JSON.stringify(a);
    for (const secret of ['Bea', 'Beatrice', 'Mill Lane', 'Fen Road', '1990-03-04', 'Bob Sample'])
      expect(text).not.toContain(secret);
  });

  it('re-seals personal details and recomputes the keyed hashes, so the new name is found and the old is not', async () => {
    const c = await saved();
    expect(await search('Bob Sample')).toEqual([c.id]);
    await editReferral(
      deps(),
      coordinator,
      c.id,
      editOf(c, { perpetrators: [{ name: 'Robert Sample', dateOfBirth: '1988-05-06' }] }),
    );
    expect(await search('Robert Sample')).toEqual([c.id]);
    expect(await search('Bob Sample')).toEqual([]);
    const after = (await store.repos.cases.get(c.id))!;
    expect(after.personal.perpetrators[0].name).toBe('Robert Sample');
    expect(after.perpetratorKeys).toEqual([cipher.matchKey('Robert Sample', '1988-05-06')]);
    expect(after.perpetratorKeys).not.toEqual(c.perpetratorKeys);
    expect(after.version).toBe(c.version + 1);
  });

  it('refuses an edit made against an older version: "changed since you opened it", nothing overwritten', async () => {
    const c = await saved();
    await editReferral(deps(), coordinator, c.id, editOf(c, { consent: 'not-sought' }));
    const e = await editReferral(deps(), coordinator, c.id, editOf(c, { consent: 'not-given' })).catch(
      (x) => x,
    );
    expect(e).toMatchObject({ code: 'stale' });
    expect(e.message).toContain('changed since you opened it');
    expect((await store.repos.cases.get(c.id))!.consent).toBe('not-sought');
  });

  it('runs the checks again: a DASH edited below the threshold with no other criterion is refused, not saved', async () => {
    const c = await saved();
    await expect(
      editReferral(deps(), coordinator, c.id, editOf(c, { dash: dash(3), criteria: [] })),
    ).rejects.toMatchObject({
      code: 'invalid',
      message: 'The referral does not yet meet the MARAC criteria.',
    });
    expect((await store.repos.cases.get(c.id))!.version).toBe(c.version);
  });

  it('refuses a representative, and the refusal is audited', async () => {
    const c = await saved();
    const rep = (await store.repos.people.get('p-police'))!;
    await expect(editReferral(deps(), rep, c.id, editOf(c))).rejects.toMatchObject({ code: 'forbidden' });
    expect(await lastAudit()).toMatchObject({
      action: 'referral.edit',
      outcome: 'refused',
      actor: 'p-police',
    });
  });
});
