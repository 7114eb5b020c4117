/**
 * A closed session is invisible to someone not invited, from every tab surface that names a
 * meeting: each answers exactly as it does for a meeting that does not exist (a 403 "not
 * invited" would confirm the closed session exists), reads with a 404. The route list is every /api/meetings/:id
 * route of the tab server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTabServer, type TabServer } from './support/tab-server.js';

const ROUTES: [method: string, path: string][] = [
  ['GET', '/api/meetings/:m'],
  ['GET', '/api/meetings/:m/agenda'],
  ['GET', '/api/meetings/:m/agenda.csv'],
  ['GET', '/api/meetings/:m/agenda.docx'],
  ['GET', '/api/meetings/:m/attendance'],
  ['GET', '/api/meetings/:m/cases/c-demo-8/victim-views'],
  ['GET', '/api/meetings/:m/events'],
  ['GET', '/api/meetings/:m/live'],
  ['GET', '/api/meetings/:m/minutes'],
  ['GET', '/api/meetings/:m/minutes.docx'],
  ['GET', '/api/meetings/:m/minutes/circulated'],
  ['GET', '/api/meetings/:m/minutes/circulated.docx'],
  ['GET', '/api/meetings/:m/outstanding'],
  ['GET', '/api/meetings/:m/research'],
  ['GET', '/api/meetings/:m/research-returns'],
  ['GET', '/api/meetings/:m/research/c-demo-8/returns'],
  ['GET', '/api/meetings/:m/roll-call'],
  ['PATCH', '/api/meetings/:m'],
  ['DELETE', '/api/meetings/:m/agenda/c-demo-8'],
  ['PUT', '/api/meetings/:m/agenda'],
  ['PUT', '/api/meetings/:m/cases/c-demo-8/victim-views'],
  ['PUT', '/api/meetings/:m/minutes'],
  ['POST', '/api/meetings/:m/agenda/suggest'],
  ['POST', '/api/meetings/:m/apologies'],
  ['POST', '/api/meetings/:m/attendees'],
  ['POST', '/api/meetings/:m/cancel'],
  ['POST', '/api/meetings/:m/chair'],
  ['POST', '/api/meetings/:m/confirmations'],
  ['POST', '/api/meetings/:m/minutes/circulated'],
  ['POST', '/api/meetings/:m/publish'],
  ['POST', '/api/meetings/:m/research-chase'],
  ['POST', '/api/meetings/:m/research/c-demo-8'],
  ['POST', '/api/meetings/:m/teams-link'],
  ['POST', '/api/meetings/:m/verbal-update'],
];

describe('a closed session asked for by someone not invited', () => {
  let t: TabServer;
  let housing: string;
  beforeAll(async () => {
    t = await startTabServer();
    housing = await t.signIn('p-housing');
  });
  afterAll(() => t?.close());

  /** One request, bounded (an event stream that opened would otherwise never end). */
  const ask = async (method: string, path: string) => {
    const res = await fetch(t.url + path, {
      method,
      headers: { Authorization: `Bearer ${housing}`, 'Content-Type': 'application/json' },
      body: method === 'GET' ? undefined : JSON.stringify({ note: 'x', reason: 'x' }),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await res.text();
    return { status: res.status, body: text };
  };

  it('is answered as a meeting that does not exist, from every route', async () => {
    const meeting = await t.store.repos.meetings.get('m-demo-closed');
    expect(meeting?.kind).toBe('closed');
    expect(meeting?.invitedAgencyIds).not.toContain('housing');
    const differing: string[] = [];
    for (const [method, path] of ROUTES) {
      const hidden = await ask(method, path.replace(':m', 'm-demo-closed'));
      const unknown = await ask(method, path.replace(':m', 'm-no-such-meeting'));
      if (hidden.status !== unknown.status || hidden.body !== unknown.body || hidden.status < 400)
        differing.push(
          `${method} ${path}: ${hidden.status} ${hidden.body.slice(0, 80)} vs ${unknown.status}`,
        );
      // Never a word about invitations (that alone would say a closed session is there).
      else if (/invit/i.test(hidden.body)) differing.push(`${method} ${path}: ${hidden.body.slice(0, 80)}`);
    }
    expect(differing).toEqual([]);
    // Reading its pages is answered 404, as for no meeting (the agenda exports are for
    // coordinators only, so a representative gets that same refusal for either).
    expect((await ask('GET', '/api/meetings/m-demo-closed/live')).status).toBe(404);
    expect((await ask('GET', '/api/meetings/m-demo-closed')).status).toBe(404);
  });
});
