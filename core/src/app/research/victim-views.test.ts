import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PersonalDataCipher, newDataKey } from '../../crypto/personal-data.js';
import { ManualClock } from '../../ports/clock.js';
import type { Store } from '../../ports/repositories.js';
import type { Person } from '../../domain/person.js';
import { openStore } from '../../store/index.js';
import { seedDemo } from '../demo-seed.js';
import { readMeetingView } from '../meeting-room/meeting-view.js';
import { readVictimViews, recordVictimViews } from './victim-views.js';

const T0 = Date.parse('2026-11-24T09:00:00Z');
const VIEWS =
  'She wants the locks changed before he is released and does not want contact at the school gate.';
let dir: string;
let store: Store;
let clock: ManualClock;
const deps = () => ({ store, clock });
const who = async (id: string) => (await store.repos.people.get(id)) as Person;
const caseOf = async (meetingId: string, i = 0) => (await store.repos.agenda.list(meetingId))[i].caseId;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'marac-views-'));
  const cipher = new PersonalDataCipher(newDataKey());
  store = await openStore({ sqlitePath: join(dir, 'marac.sqlite'), cipher });
  clock = new ManualClock(T0);
  await seedDemo(store, cipher, clock);
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("the victim's views", () => {
  it('the IDVA records them sealed; the meeting view knows only that they were recorded', async () => {
    const caseId = await caseOf('m-demo', 2);
    const saved = await recordVictimViews(deps(), await who('p-idva'), 'm-demo', caseId, {
      text: `  ${VIEWS}  `,
    });
    expect(saved).toMatchObject({ text: VIEWS, recordedBy: 'p-idva', version: 1 });
    // Nowhere in the database files in clear (the write-ahead log included).
    for (const f of ['marac.sqlite', 'marac.sqlite-wal'].filter((f) => existsSync(join(dir, f))))
      expect(readFileSync(join(dir, f)).toString('latin1')).not.toContain('locks changed');
    expect((await store.repos.victimViews.get('m-demo', caseId))?.text).toBe(VIEWS);
    expect(await store.repos.victimViews.recordedCases('m-demo')).toEqual([caseId]);
  });

  it('is read back by the chair and invited representatives, each read audited without the text', async () => {
    const caseId = await caseOf('m-demo', 0);
    await recordVictimViews(deps(), await who('p-idva'), 'm-demo', caseId, { text: VIEWS });
    for (const id of ['p-chair', 'p-housing', 'p-coordinator'])
      expect((await readVictimViews(deps(), await who(id), 'm-demo', caseId))?.text).toBe(VIEWS);
    const v = await readMeetingView(store.repos, 'm-demo');
    expect(v.viewsRecorded(caseId)).toBe(true);
    expect(v.viewsRecorded(await caseOf('m-demo', 1))).toBe(false);
    const audit = await store.repos.audit.list();
    const reads = audit.filter((a) => a.action === 'victim-views.viewed');
    expect(reads.map((a) => a.actor)).toEqual(['p-chair', 'p-housing', 'p-coordinator']);
    expect(audit.find((a) => a.action === 'victim-views.recorded')).toMatchObject({ actor: 'p-idva' });
    expect(JSON.stringify(audit)).not.toContain('locks changed');
    const events = await store.repos.events.since(0);
    expect(events.filter((e) => e.type === 'VictimViewsRecorded')).toEqual([
      expect.objectContaining({ meetingId: 'm-demo', caseId }),
    ]);
    expect(JSON.stringify(events)).not.toContain('locks changed');
  });

  it("only the area's IDVA or a coordinator records; recording again replaces, a stale form is refused", async () => {
    const caseId = await caseOf('m-demo', 0);
    for (const id of ['p-housing', 'p-chair', 'p-observer'])
      await expect(
        recordVictimViews(deps(), await who(id), 'm-demo', caseId, { text: VIEWS }),
      ).rejects.toMatchObject({ code: 'forbidden' });
    expect(await store.repos.victimViews.get('m-demo', caseId)).toBeUndefined();
    const first = await recordVictimViews(deps(), await who('p-coordinator'), 'm-demo', caseId, {
      text: 'First account.',
    });
    await recordVictimViews(deps(), await who('p-idva'), 'm-demo', caseId, { text: VIEWS, version: 1 });
    await expect(
      recordVictimViews(deps(), await who('p-coordinator'), 'm-demo', caseId, {
        text: 'Old form',
        version: first.version,
      }),
    ).rejects.toMatchObject({ code: 'stale' });
    expect((await store.repos.victimViews.get('m-demo', caseId))?.text).toBe(VIEWS);
    await expect(
      recordVictimViews(deps(), await who('p-idva'), 'm-demo', caseId, { text: '   ' }),
    ).rejects.toMatchObject({ code: 'invalid' });
    const refused = (await store.repos.audit.list()).filter(
      (a) => a.action === 'victim-views.record' && a.outcome === 'refused',
    );
    expect(refused.map((a) => a.actor)).toEqual(['p-housing', 'p-chair', 'p-observer']);
  });

  it('an observer may not read them; a closed session is "not found" to someone not invited', async () => {
    const open = await caseOf('m-demo', 0);
    await expect(readVictimViews(deps(), await who('p-observer'), 'm-demo', open)).rejects.toMatchObject({
      code: 'forbidden',
    });
    const closed = await caseOf('m-demo-closed', 0);
    await recordVictimViews(deps(), await who('p-idva'), 'm-demo-closed', closed, { text: VIEWS });
    expect((await readVictimViews(deps(), await who('p-police'), 'm-demo-closed', closed))?.text).toBe(VIEWS);
    await expect(
      readVictimViews(deps(), await who('p-housing'), 'm-demo-closed', closed),
    ).rejects.toMatchObject({ code: 'not-found', message: 'That meeting was not found.' });
    // A case on another meeting's agenda is not readable through this one.
    await expect(readVictimViews(deps(), await who('p-chair'), 'm-demo', closed)).rejects.toMatchObject({
      code: 'forbidden',
    });
  });
});
