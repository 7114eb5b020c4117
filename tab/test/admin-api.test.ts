import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_AREA_ID, demoAadObjectId } from '@marac/core';
import { startEntraStandIn, type EntraStandIn } from '../../testing/entra-standin.js';
import { startTabServer, type TabServer } from './support/tab-server.js';

const ADMIN = '0a0a0a0a-1111-4000-8000-000000000001';
const STRANGER = '0a0a0a0a-1111-4000-8000-000000000002';
const DECLARATION = 'Everything said at this MARAC stays confidential under the agreement.';

/** The set-up API over HTTP with Teams SSO tokens: every refusal in the issue's "Bad input" list. */
describe('tab API: setting up a MARAC', () => {
  let entra: EntraStandIn;
  let t: TabServer;
  let admin: string;
  let coordinator: string;
  const call = (method: string, path: string, token: string, body?: unknown) =>
    t.call(method, path, { token, body });
  const refused = async () =>
    (await t.store.repos.audit.list()).filter((e) => e.outcome === 'refused').map((e) => e.action);

  beforeAll(async () => {
    entra = await startEntraStandIn({ protocol: 'http' });
    t = await startTabServer({
      env: {
        MicrosoftAppId: entra.clientId,
        MicrosoftAppPassword: 'unused',
        MicrosoftAppTenantId: entra.tenantId,
        ENTRA_AUTHORITY_HOST: entra.url,
        BOOTSTRAP_ADMIN_OBJECT_IDS: ADMIN,
      },
    });
    admin = await entra.issueUserToken({ oid: ADMIN, claims: { name: 'Ada Admin' } });
    coordinator = await entra.issueUserToken({ oid: demoAadObjectId('p-coordinator') });
  });
  afterAll(async () => {
    await t?.close();
    await entra?.close();
  });

  it('makes the bootstrap object id an administrator at first sign-in; others stay unregistered', async () => {
    const me = await call('GET', '/api/me', admin);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ displayName: 'Ada Admin', roles: ['admin'] });
    const stranger = await call('GET', '/api/me', await entra.issueUserToken({ oid: STRANGER }));
    expect(stranger.status).toBe(403);
    expect(stranger.body.error.code).toBe('not-registered');
  });

  it('refuses area set-up to a coordinator, explained and audited', async () => {
    const r = await call('POST', '/api/admin/areas', coordinator, {
      name: 'X',
      dashThreshold: 14,
      declarationText: DECLARATION,
    });
    expect(r.status).toBe(403);
    expect(r.body.error.message).toBe('Only a MARAC administrator can do this.');
    expect(await refused()).toContain('area.create');
  });

  it('names the bad field; a change needs a reason and the current version', async () => {
    const bad = await call('POST', '/api/admin/areas', admin, {
      name: 'Yorvale',
      dashThreshold: 25,
      declarationText: DECLARATION,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toEqual([
      { field: 'dashThreshold', message: expect.stringContaining('1 to 24') },
    ]);
    const typo = await call('POST', '/api/admin/areas', admin, {
      name: 'Yorvale',
      dashThreshold: 'fourteen',
      declarationText: DECLARATION,
    });
    expect(typo.body.error.fields[0].field).toBe('dashThreshold');
    const made = await call('POST', '/api/admin/areas', admin, {
      name: 'Yorvale',
      dashThreshold: 14,
      minutesDeadlineHours: 168,
      declarationText: DECLARATION,
    });
    expect(made.status).toBe(201);
    const noReason = await call('PATCH', '/api/admin/areas/yorvale', admin, {
      changes: { dashThreshold: 15 },
      reason: '',
      version: 1,
    });
    expect(noReason.body.error.fields).toEqual([
      { field: 'reason', message: 'Say why the settings change.' },
    ]);
    const ok = await call('PATCH', '/api/admin/areas/yorvale', admin, {
      changes: { declarationText: `${DECLARATION} Rev 2.` },
      reason: 'new ISA',
      version: 1,
    });
    expect(ok.body).toMatchObject({
      version: 2,
      declaration: { version: 'v2' },
      previousDeclarations: [{ version: 'v1' }],
    });
    const stale = await call('PATCH', '/api/admin/areas/yorvale', admin, {
      changes: { dashThreshold: 16 },
      reason: 'late',
      version: 1,
    });
    expect(stale.status).toBe(409);
    expect((await t.store.repos.areas.get('yorvale'))?.dashThreshold).toBe(14);
    const shown = (await call('GET', '/api/areas', admin)).body.find(
      (a: { id: string }) => a.id === 'yorvale',
    );
    expect(shown).toMatchObject({
      dashThreshold: 14,
      minutesDeadlineHours: 168,
      declarationVersion: 'v2',
      timeZone: 'Europe/London',
    });
  });

  it('refuses retiring an agency with open actions, naming the count', async () => {
    const open = (
      await t.store.repos.actions.list({ ownerAgencyId: 'housing', status: ['open', 'no-update'] })
    ).length;
    expect(open).toBeGreaterThan(0);
    const r = await call('POST', `/api/admin/areas/${DEMO_AREA_ID}/agencies/housing/retire`, admin);
    expect(r.status).toBe(409);
    expect(r.body.error.message).toBe(
      `Housing still has ${open} open action${open > 1 ? 's' : ''}; complete or reassign them first.`,
    );
    expect((await t.store.repos.areas.get(DEMO_AREA_ID))?.battingOrder).toContain('housing');
  });

  it('refuses a duplicate person naming the existing one, and the removal of the last administrator', async () => {
    const dup = await call('POST', '/api/admin/people', admin, {
      displayName: 'Cara Again',
      email: 'CARA.COORDINATOR@fenshire.example',
      aadObjectId: STRANGER,
      roles: ['agency-rep'],
    });
    expect(dup.status).toBe(400);
    expect(dup.body.error.fields).toEqual([
      { field: 'email', message: 'Cara Coordinator already has this email address.' },
    ]);
    const me = (await call('GET', '/api/me', admin)).body;
    // The demonstration area has its own administrator: stepping them down is allowed while another remains.
    const other = await call('PATCH', '/api/admin/people/p-admin', admin, { roles: ['observer'] });
    expect(other.status).toBe(200);
    const demote = await call('PATCH', `/api/admin/people/${me.id}`, admin, { roles: ['coordinator'] });
    expect(demote.status).toBe(409);
    expect(demote.body.error.message).toMatch(/Ada Admin is the last active administrator/);
    expect((await t.store.repos.people.get(me.id))?.roles).toEqual(['admin']);
  });

  it('imports nothing from a CSV with a bad row unless asked to import the good rows', async () => {
    const before = (await t.store.repos.people.list()).length;
    const csv = [
      'name,email,object id,agency,roles',
      `New Rep,new.rep@fenshire.example,0a0a0a0a-2222-4000-8000-000000000001,Housing,agency-rep`,
      `Bad Rep,bad,0a0a0a0a-2222-4000-8000-000000000002,Housing,agency-rep`,
    ].join('\n');
    const path = `/api/admin/areas/${DEMO_AREA_ID}/people-import`;
    const r = await call('POST', path, admin, { csv });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toBe('1 of 2 rows need attention; nothing was imported.');
    expect((await t.store.repos.people.list()).length).toBe(before);
    const good = await call('POST', path, admin, { csv, goodRowsOnly: true });
    expect(good.body.imported.map((p: { displayName: string }) => p.displayName)).toEqual(['New Rep']);
    expect(good.body.skipped.map((s: { line: number }) => s.line)).toEqual([3]);
    expect((await t.store.repos.people.list()).length).toBe(before + 1);
  });
});
