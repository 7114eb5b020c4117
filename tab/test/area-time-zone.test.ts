import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { areaDateTime, areaTime, setAreaTimeZone } from '../src/client/local-time.js';
import { startTabServer, type TabServer } from './support/tab-server.js';

// 2026-11-02 03:30 UTC: already Monday 2 Nov in London, still Sunday 1 Nov evening in New York.
const NOW = Date.parse('2026-11-02T03:30:00Z');

/** The tab shows times on the person's area's clock (area settings `timeZone`), not London's by fixture. */
describe("the tab's times follow the area's time zone", () => {
  let t: TabServer;
  beforeAll(async () => {
    t = await startTabServer({ now: NOW });
  });
  afterAll(() => {
    setAreaTimeZone('Europe/London');
    return t?.close();
  });

  it("gives the area's zone and its own 'today' in /api/me, and the tab formats with it", async () => {
    const token = await t.signIn('p-housing');
    const london = (await t.call('GET', '/api/me', { token })).body;
    expect(london).toMatchObject({ timeZone: 'Europe/London', today: '2026-11-02' });
    const area = (await t.store.repos.areas.list())[0];
    await t.store.repos.areas.put({ ...area, timeZone: 'America/New_York' });
    const me = (await t.call('GET', '/api/me', { token })).body;
    expect(me).toMatchObject({ timeZone: 'America/New_York', today: '2026-11-01' });

    // What the browser code does with it (meValue calls this at sign-in).
    setAreaTimeZone(me.timeZone);
    // 13:30 UTC is 08:30 in New York the day after its clocks went back (1 Nov), 09:30 the day before.
    expect(areaTime('2026-11-02T13:30:00Z')).toBe('08:30');
    expect(areaTime('2026-10-31T13:30:00Z')).toBe('09:30');
    // Just after local midnight: the date is New York's, not London's or UTC's.
    expect(areaDateTime('2026-11-02T05:10:00Z')).toBe('Mon 2 Nov 2026, 00:10');
    expect(areaDateTime('2026-11-02T04:50:00Z')).toBe('Sun 1 Nov 2026, 23:50');
    setAreaTimeZone('Europe/London');
    expect(areaTime('2026-11-02T13:30:00Z')).toBe('13:30');
    // An unknown zone keeps the last good one.
    setAreaTimeZone('Mars/Olympus_Mons');
    expect(areaTime('2026-11-02T13:30:00Z')).toBe('13:30');
  });
});
