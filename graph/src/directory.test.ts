import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AreaConfig } from '@marac/core';
import { startGraphHarness, type GraphHarness } from '../../testing/graph-harness.js';
import { createGraph, GraphPermissionError, matchAgency, type Graph } from './index.js';

const area: Pick<AreaConfig, 'agencyDirectoryMap'> = {
  agencyDirectoryMap: [
    { match: 'Example Constabulary', agencyId: 'police' },
    { match: 'idva service', agencyId: 'idva' },
    { match: '@mail.example.gov.uk', agencyId: 'csc' },
    { match: 'nhs.example', agencyId: 'health' },
    { match: 'mh.nhs.example', agencyId: 'mental-health' },
    { match: 'housing.example.org', agencyId: 'housing' },
  ],
};

let h: GraphHarness;
let g: Graph;
beforeAll(async () => {
  h = await startGraphHarness();
  h.graph.users.set('ext-0001', {
    id: 'ext-0001',
    displayName: 'Eli External',
    userPrincipalName: 'eli_probation.example#EXT#@marac.example.onmicrosoft.com',
    mail: 'eli@probation.example',
  });
  g = createGraph(h.config);
});
afterAll(() => h.close());

describe('Directory.resolveAgency', () => {
  it('matches companyName first (case-insensitive)', async () => {
    expect(await g.directory.resolveAgency('police-0001', area)).toMatchObject({
      agencyId: 'police',
      matchedOn: 'companyName',
      matched: 'Example Constabulary',
    });
  });

  it('then department', async () => {
    expect(await g.directory.resolveAgency('idva-0001', area)).toMatchObject({
      agencyId: 'idva',
      matchedOn: 'department',
    });
  });

  it('then the email domain ("@domain" or "domain"; the most specific domain wins)', async () => {
    expect(await g.directory.resolveAgency('csc-0001', area)).toMatchObject({
      agencyId: 'csc',
      matchedOn: 'emailDomain',
      matched: 'mail.example.gov.uk',
    });
    expect(await g.directory.resolveAgency('hana.health@mh.nhs.example', area)).toMatchObject({
      agencyId: 'mental-health',
      matchedOn: 'emailDomain',
    });
  });

  it('a guest (userType Guest) gets no agency even if their domain matches', async () => {
    const r = await g.directory.resolveAgency('guest-0001', area);
    expect(r).toMatchObject({ agencyId: undefined, reason: 'guest' });
  });

  it('an external user with no directory profile (404) gets no agency, with the reason', async () => {
    expect(await g.directory.resolveAgency('someone-from-another-tenant', area)).toEqual({
      agencyId: undefined,
      reason: 'not-found',
    });
    expect(await g.directory.profile('someone-from-another-tenant')).toBeUndefined();
  });

  it('a #EXT# account without userType is still treated as a guest', async () => {
    expect(await g.directory.resolveAgency('ext-0001', area)).toMatchObject({
      agencyId: undefined,
      reason: 'guest',
    });
  });

  it('no match, and ambiguous matches, give no agency', async () => {
    expect(await g.directory.resolveAgency('coord-0001', area)).toMatchObject({
      agencyId: undefined,
      reason: 'no-match',
    });
    const r = matchAgency({ id: 'x', companyName: 'Shared Services' }, [
      { match: 'shared services', agencyId: 'csc' },
      { match: 'Shared Services', agencyId: 'housing' },
    ]);
    expect(r).toMatchObject({ agencyId: undefined, reason: 'ambiguous' });
  });

  it('asks Graph only for the fields it needs, app-only', async () => {
    await g.directory.profile('police-0001');
    const req = h.graph.requests.at(-1)!;
    expect(req.query.$select).toBe('id,displayName,mail,companyName,department,userPrincipalName,userType');
    expect(req.caller?.idtyp).toBe('app');
  });

  it('without User.Read.All: GraphPermissionError naming it', async () => {
    h.entra.setAppRoles(['Calendars.ReadWrite']);
    try {
      const err = await createGraph(h.config)
        .directory.resolveAgency('police-0001', area)
        .catch((e) => e);
      expect(err).toBeInstanceOf(GraphPermissionError);
      expect(err.permission).toBe('User.Read.All');
    } finally {
      h.entra.setAppRoles(['User.Read.All', 'Calendars.ReadWrite']);
    }
  });
});

describe('Directory.resolveSignedInAgency (on-behalf-of)', () => {
  it("reads the tab user's own profile with their delegated token", async () => {
    const sso = await h.entra.issueUserToken({
      oid: 'police-0001',
      name: 'Pat Police',
      upn: 'pat.police@example.police.uk',
    });
    const r = await g.directory.resolveSignedInAgency(sso, area);
    expect(r).toMatchObject({ agencyId: 'police', matchedOn: 'companyName' });
    const req = h.graph.requests.at(-1)!;
    expect(req.path).toBe('/me');
    expect(req.caller).toMatchObject({ idtyp: 'user', oid: 'police-0001', scp: 'User.Read' });
  });

  it('a user without the delegated permission: GraphPermissionError naming User.Read', async () => {
    h.entra.setDelegatedScopes(['Calendars.Read']);
    try {
      const sso = await h.entra.issueUserToken({ oid: 'idva-0001' });
      const fresh = createGraph({ ...h.config, delegatedScopes: ['Calendars.Read'] });
      const err = await fresh.directory.resolveSignedInAgency(sso, area).catch((e) => e);
      expect(err).toBeInstanceOf(GraphPermissionError);
      expect(err.permission).toBe('User.Read');
      expect(err.mode).toBe('delegated');
    } finally {
      h.entra.setDelegatedScopes(['User.Read']);
    }
  });
});
