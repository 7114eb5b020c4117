import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTabServer, type TabServer } from './support/tab-server.js';

const NOW = Date.parse('2026-11-16T10:00:00Z');

/**
 * The coordinator's side of research: reading each agency's summaries on a case (every read
 * audited) and recording a return an agency phoned in ("recorded by <coordinator> for <agency>").
 */
describe('tab API: coordinators read research summaries and record returns on behalf of an agency', () => {
  let t: TabServer;
  const tok: Record<string, string> = {};
  const path = '/api/meetings/m-demo';
  const audits = async (action: string, outcome = 'done') =>
    (await t.store.repos.audit.list(0, 10_000)).filter((a) => a.action === action && a.outcome === outcome);
  const summary = { involvement: 'Tenancy warning issued after a neighbour reported shouting' };

  beforeAll(async () => {
    t = await startTabServer({ now: NOW });
    const m = (await t.store.repos.meetings.get('m-demo'))!;
    // A Tuesday meeting, research due Monday 14:00; Education is not invited.
    await t.store.repos.meetings.put(
      { ...m, date: '2026-11-24', invitedAgencyIds: ['police', 'housing', 'csc', 'idva'] },
      m.version,
    );
    for (const id of ['p-coordinator', 'p-housing', 'p-police', 'p-education', 'p-observer', 'p-chair'])
      tok[id] = await t.signIn(id);
    expect((await t.call('POST', `${path}/publish`, { token: tok['p-coordinator'] })).status).toBe(200);
  });
  afterAll(() => t?.close());

  it('records a return for an invited agency, named as recorded by the coordinator for it', async () => {
    const r = await t.call('POST', `${path}/research/c-demo-1`, {
      token: tok['p-coordinator'],
      body: { held: true, summary, agencyId: 'housing' },
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ agencyId: 'housing', held: true, onBehalf: true, late: false });
    const matrix = await t.call('GET', `${path}/research-returns`, { token: tok['p-coordinator'] });
    expect(matrix.body.rows[0].cells.housing).toEqual({ state: 'returned', late: false });
    // The agency sees it as its own return, and who recorded it.
    const mine = await t.call('GET', `${path}/research`, { token: tok['p-housing'] });
    expect(mine.body.cases[0].mine.held).toBe(true);
    expect(mine.body.cases[0].recorded).toBe('Recorded by Cara Coordinator for Housing');
    const [audit] = await audits('research.returned');
    expect(audit).toMatchObject({ actor: 'p-coordinator', details: { agencyId: 'housing', onBehalf: true } });
    expect(JSON.stringify(audit)).not.toContain('Tenancy warning');
  });

  it('refuses a coordinator who names no agency, or one not invited; a rep naming another agency', async () => {
    const none = await t.call('POST', `${path}/research/c-demo-1`, {
      token: tok['p-coordinator'],
      body: { held: false },
    });
    expect(none.status).toBe(403);
    expect(none.body.error.message).toBe('Name the agency whose return you are recording.');
    const uninvited = await t.call('POST', `${path}/research/c-demo-1`, {
      token: tok['p-coordinator'],
      body: { held: false, agencyId: 'education' },
    });
    expect(uninvited.status).toBe(403);
    expect(uninvited.body.error.message).toBe('That agency is not invited to this meeting.');
    const other = await t.call('POST', `${path}/research/c-demo-1`, {
      token: tok['p-police'],
      body: { held: false, agencyId: 'housing' },
    });
    expect(other.status).toBe(403);
    expect(other.body.error.message).toBe('Only the MARAC coordinators record a return for another agency.');
    expect((await audits('research.return', 'refused')).map((a) => a.actor)).toEqual([
      'p-coordinator',
      'p-coordinator',
      'p-police',
    ]);
    const matrix = await t.call('GET', `${path}/research-returns`, { token: tok['p-coordinator'] });
    expect(matrix.body.rows[0].cells.education).toBeUndefined();
    expect(matrix.body.rows[0].cells.police.state).toBe('not-yet');
  });

  it('the coordinator reads every agency’s summary on a case; each read audited, never its words', async () => {
    await t.call('POST', `${path}/research/c-demo-1`, { token: tok['p-police'], body: { held: false } });
    const read = await t.call('GET', `${path}/research/c-demo-1/returns`, { token: tok['p-coordinator'] });
    expect(read.status).toBe(200);
    expect(read.body.returns).toEqual([
      expect.objectContaining({
        agencyName: 'Housing',
        state: 'returned',
        summary,
        recorded: 'Recorded by Cara Coordinator for Housing',
      }),
      expect.objectContaining({
        agencyName: 'Police',
        state: 'none-held',
        recorded: 'Recorded by Police Rep',
      }),
    ]);
    await t.call('GET', `${path}/research/c-demo-1/returns`, { token: tok['p-coordinator'] });
    const reads = await audits('research.summaries.read');
    expect(reads).toHaveLength(2);
    expect(reads[0]).toMatchObject({ actor: 'p-coordinator', subject: 'case:c-demo-1' });
    expect(JSON.stringify(reads)).not.toContain('Tenancy warning');
  });

  it('refuses the summaries to a representative of another agency, a non-invitee, the chair and an observer, audited', async () => {
    for (const id of ['p-housing', 'p-education', 'p-observer', 'p-chair']) {
      const r = await t.call('GET', `${path}/research/c-demo-1/returns`, { token: tok[id] });
      expect(r.status, id).toBe(403);
      expect(JSON.stringify(r.body)).not.toContain('Tenancy warning');
    }
    expect((await audits('research.summaries', 'refused')).map((a) => a.actor)).toEqual([
      'p-housing',
      'p-education',
      'p-observer',
      'p-chair',
    ]);
    // A closed session's case through the main meeting: not on its agenda.
    const closed = await t.call('GET', `${path}/research/c-demo-9/returns`, { token: tok['p-coordinator'] });
    expect(closed.status).toBe(404);
  });

  it('a return recorded on behalf after the deadline is accepted and marked late', async () => {
    t.clock.set(Date.parse('2026-11-23T14:01:00Z'));
    tok['p-coordinator'] = await t.signIn('p-coordinator'); // a week on: a fresh sign-in
    const r = await t.call('POST', `${path}/research/c-demo-2`, {
      token: tok['p-coordinator'],
      body: { held: false, agencyId: 'csc' },
    });
    expect(r.status).toBe(200);
    expect(r.body.late).toBe(true);
    const matrix = await t.call('GET', `${path}/research-returns`, { token: tok['p-coordinator'] });
    expect(matrix.body.rows[1].cells.csc).toEqual({ state: 'none-held', late: true });
  });
});
