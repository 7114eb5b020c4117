import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAadObjectId } from '@marac/core';
import { createGraph } from '@marac/graph';
import { startGraphHarness, type GraphHarness } from '../../testing/graph-harness.js';
import { startTabServer, type TabServer } from './support/tab-server.js';

const NEW_AAD = '7c7c7c7c-0000-4000-8000-000000000001';

/** Adding a person found in the tenant directory (Graph stand-in), through the tab's API. */
describe('tab API: people from the directory', () => {
  let h: GraphHarness;
  let t: TabServer;
  let withoutGraph: TabServer;
  let coordinator: string;

  beforeAll(async () => {
    h = await startGraphHarness();
    h.graph.users.set(NEW_AAD, {
      id: NEW_AAD,
      displayName: "Rosa O'Neill",
      mail: 'rosa.oneill@fenshire.example',
      userPrincipalName: 'rosa.oneill@fenshire.example',
      department: 'Housing Options',
      userType: 'Member',
    });
    h.graph.users.set(demoAadObjectId('p-housing'), {
      id: demoAadObjectId('p-housing'),
      displayName: 'Housing Rep',
      mail: 'housing.rep@fenshire.example',
      userPrincipalName: 'housing.rep@fenshire.example',
      userType: 'Member',
    });
    t = await startTabServer({ graph: createGraph(h.config) });
    withoutGraph = await startTabServer();
    coordinator = await t.signIn('p-coordinator');
  });
  afterAll(async () => {
    await t?.close();
    await withoutGraph?.close();
    await h?.close();
  });

  it('finds people by name or email and says who is already registered', async () => {
    const r = await t.call('GET', `/api/admin/directory?q=${encodeURIComponent("rosa o'n")}`, {
      token: coordinator,
    });
    expect(r.status).toBe(200);
    expect(r.body).toEqual([
      {
        aadObjectId: NEW_AAD,
        displayName: "Rosa O'Neill",
        email: 'rosa.oneill@fenshire.example',
        department: 'Housing Options',
      },
    ]);
    const known = await t.call('GET', '/api/admin/directory?q=housing.rep', { token: coordinator });
    expect(known.body[0].registeredAs).toBe('Housing Rep');
    // The coordinator adds the representative found (coordinators may add representatives).
    const added = await t.call('POST', '/api/admin/people', {
      token: coordinator,
      body: {
        displayName: r.body[0].displayName,
        email: r.body[0].email,
        aadObjectId: NEW_AAD,
        agencyId: 'housing',
        roles: ['agency-rep'],
      },
    });
    expect(added.status).toBe(201);
    expect((await t.store.repos.people.byAadObjectId(NEW_AAD))?.displayName).toBe("Rosa O'Neill");
  });

  it('asks for two letters, refuses non-coordinators, and without Graph says how to add people instead', async () => {
    const short = await t.call('GET', '/api/admin/directory?q=r', { token: coordinator });
    expect(short.body.error.fields).toEqual([
      { field: 'query', message: 'Type at least two letters of a name or email.' },
    ]);
    const rep = await t.call('GET', '/api/admin/directory?q=rosa', { token: await t.signIn('p-housing') });
    expect(rep.status).toBe(403);
    const none = await withoutGraph.call('GET', '/api/admin/directory?q=rosa', {
      token: await withoutGraph.signIn('p-coordinator'),
    });
    expect(none.status).toBe(409);
    expect(none.body.error.message).toMatch(/add people with their email and Entra object id/);
  });

  it('says plainly when Graph refuses the search (missing consent) or is down, never a server error', async () => {
    h.graph.inject({ status: 403 }, 1, { path: /\/users/ });
    const refused = await t.call('GET', '/api/admin/directory?q=rosa', { token: coordinator });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/^Microsoft Graph refused the directory search \(403\)/);
    expect(refused.body.error.message).toMatch(/add people with their email and Entra object id/);
    h.graph.inject({ status: 503 }, 10, { path: /\/users/ });
    const down = await t.call('GET', '/api/admin/directory?q=rosa', { token: coordinator });
    expect(down.status).toBe(409);
    expect(down.body.error.message).toMatch(/^The directory search is not available just now/);
    expect(JSON.stringify(down.body)).not.toContain('rosa');
  });
});
