import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PersonalDataCipher } from '../../crypto/personal-data.js';
import type { ManualClock } from '../../ports/clock.js';
import type { Store } from '../../ports/repositories.js';
import type { Person } from '../../domain/person.js';
import { openDemoStore, type DemoStore } from '../../store/demo-fixture.js';
import { createReferral } from './referrals.js';
import { editReferral, type ReferralEdit } from './referral-edit.js';
import { listReferrals } from './inbox.js';

const T0 = Date.parse('2026-11-24T09:25:00Z');
const dash = (yes: number) =>
  Array.from({ length: 24 }, (_, i) => (i < yes ? ('yes' as const) : ('no' as const)));
let demo: DemoStore;
let store: Store;
let clock: ManualClock;
let cipher: PersonalDataCipher;
let coordinator: Person;
const deps = () => ({ store, clock, cipher });

beforeEach(async () => {
  demo = await openDemoStore(T0);
  ({ store, clock, cipher, coordinator } = demo);
});
afterEach(() => demo.close());

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
  daraLevel: c.daraLevel,
  idva: c.idva,
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

  it('stores consent, the IDVA referral and contact, and a police DARA level; edits of them are audited', async () => {
    const { case: made } = await createReferral(deps(), coordinator, {
      areaId: 'cambs-demo',
      referringAgencyId: 'police',
      victim,
      perpetrators: [perpetrator],
      children: [],
      dash: [], // the police DARA level stands in for the DASH answers
      daraLevel: 'high',
      criteria: ['visible-high-risk'],
      consent: 'not-given',
      idva: { referred: true, contacted: false },
      honourBasedAbuse: false,
      worksForCoreAgency: false,
      diversity: {},
    });
    const c = (await store.repos.cases.get(made.id))!;
    expect(c).toMatchObject({
      daraLevel: 'high',
      consent: 'not-given',
      idva: { referred: true, contacted: false },
    });
    await editReferral(deps(), coordinator, c.id, editOf(c, { idva: { referred: true, contacted: true } }));
    expect((await store.repos.cases.get(c.id))!.idva).toEqual({ referred: true, contacted: true });
    expect((await lastAudit()).details).toMatchObject({
      changes: {
        idva: { from: { referred: true, contacted: false }, to: { referred: true, contacted: true } },
      },
    });
    // A DARA level on a referral from an agency other than the police is refused, not saved.
    await expect(
      editReferral(
        deps(),
        coordinator,
        c.id,
        editOf((await store.repos.cases.get(c.id))!, { referringAgencyId: 'idva' }),
      ),
    ).rejects.toMatchObject({ code: 'invalid' });
    expect((await store.repos.cases.get(c.id))!.referringAgencyId).toBe('police');
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
