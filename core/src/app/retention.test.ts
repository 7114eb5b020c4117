import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { PersonalDataCipher, newDataKey } from '../crypto/personal-data.js';
import { addDays } from '../domain/meeting.js';
import { emptyDraft } from './minutes/model.js';
import { ManualClock } from '../ports/clock.js';
import type { Store } from '../ports/repositories.js';
import * as f from '../store/contract-fixtures.js';
import { openStore } from '../store/index.js';
import { withPgClient } from '../store/postgres-db.js';
import { addYears, runRetention } from './retention.js';

const DATABASE_URL = process.env.DATABASE_URL;
const TODAY = '2033-06-15';
const PG_PREFIX = `marac_retention_${process.pid}_${randomBytes(3).toString('hex')}`;
let pgCounter = 0;

/** One database (a SQLite file or a PostgreSQL schema), opened by as many "instances" as a test wants. */
interface Db {
  open(): Promise<Store>;
  /** Every row of every table except these, as text: for "nothing of the case is left anywhere". */
  dump(except: string[]): Promise<string[]>;
  dispose(): Promise<void>;
}

function sqliteDb(): Db {
  const dir = mkdtempSync(join(tmpdir(), 'marac-retention-'));
  const file = join(dir, 'marac.sqlite');
  const cipher = new PersonalDataCipher(newDataKey());
  const opened: Store[] = [];
  return {
    async open() {
      const s = await openStore({ sqlitePath: file, cipher });
      opened.push(s);
      return s;
    },
    async dump(except) {
      const raw = new Database(file, { readonly: true });
      try {
        const tables = raw
          .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
          .all() as { name: string }[];
        return tables
          .filter((t) => !except.includes(t.name))
          .flatMap((t) =>
            raw
              .prepare(`SELECT * FROM ${t.name}`)
              .all()
              .map((r) => `${t.name}: ${JSON.stringify(r)}`),
          );
      } finally {
        raw.close();
      }
    },
    async dispose() {
      await Promise.all(opened.map((s) => s.close()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function postgresDb(url: string): Db {
  const schema = `${PG_PREFIX}_${++pgCounter}`;
  const cipher = new PersonalDataCipher(newDataKey());
  const opened: Store[] = [];
  return {
    async open() {
      const s = await openStore({ databaseUrl: url, schema, cipher });
      opened.push(s);
      return s;
    },
    dump: (except) =>
      withPgClient(url, async (c) => {
        const tables = await c.query<{ t: string }>(
          "SELECT table_name AS t FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE'",
          [schema],
        );
        const out: string[] = [];
        for (const { t } of tables.rows.filter((x) => !except.includes(x.t))) {
          const rows = await c.query<{ row: string }>(`SELECT x::text AS row FROM ${schema}.${t} x`);
          out.push(...rows.rows.map((r) => `${t}: ${r.row}`));
        }
        return out;
      }),
    async dispose() {
      await Promise.all(opened.map((s) => s.close()));
      await withPgClient(url, (c) => c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`));
    },
  };
}

const backends: [string, () => Db][] = [['SQLite', sqliteDb]];
if (DATABASE_URL) backends.push(['PostgreSQL', () => postgresDb(DATABASE_URL)]);
else console.warn('Retention tests on PostgreSQL did NOT run: DATABASE_URL is not set');

if (DATABASE_URL)
  afterAll(() =>
    withPgClient(DATABASE_URL, async (c) => {
      const { rows } = await c.query<{ n: string }>(
        'SELECT nspname AS n FROM pg_namespace WHERE nspname LIKE $1',
        [`${PG_PREFIX}%`],
      );
      for (const { n } of rows) await c.query(`DROP SCHEMA IF EXISTS ${n} CASCADE`);
    }),
  );

/** Seven years before TODAY, give or take a day; both cases were referred a month before. */
const SEVEN_YEARS_AGO = addYears(TODAY, -7);
const OLD_HEARING = addDays(SEVEN_YEARS_AGO, -1);
const RECENT_HEARING = addDays(SEVEN_YEARS_AGO, 1);

/**
 * cambs (7 years): c-old heard 7 years + 1 day ago (goes, with its hearing, agenda place and
 * action); c-recent heard 7 years - 1 day ago (stays); c-repeat-old heard long ago but its victim
 * was referred again in c-repeat-new (both stay). short (3 years): c-short heard 3 years + 1 day
 * ago (goes: the period is the area's).
 */
async function seed(store: Store) {
  await store.tx(async (r) => {
    await r.areas.put(f.area('cambs'));
    await r.areas.put({ ...f.area('short'), name: 'Short retention', retentionYears: 3 });
    const meetingOn = async (id: string, date: string, areaId = 'cambs') =>
      r.meetings.put(f.meeting(id, { date, areaId, linkCode: `LC-${id}` }));
    const heardCase = async (id: string, date: string, over: Parameters<typeof f.maracCase>[1] = {}) => {
      const m = await meetingOn(`m-${date}`, date, over.areaId);
      const c = await r.cases.put(
        f.maracCase(id, {
          receivedAt: `${addDays(date, -30)}T10:00:00.000Z`,
          meetingId: m.id,
          status: 'heard',
          ...over,
        }),
      );
      await r.agenda.set(m.id, [c.id]);
      await r.hearings.add(
        f.hearing(c.id, m.id, { heardOn: date, victimKey: c.victimKey, perpetratorKeys: c.perpetratorKeys }),
      );
      await r.actions.put(
        f.action(`a-${id}`, {
          caseId: c.id,
          caseReference: c.reference,
          meetingId: m.id,
          dueDate: addDays(date, 7),
        }),
      );
      return c;
    };
    await heardCase('c-old', OLD_HEARING);
    await heardCase('c-recent', RECENT_HEARING);
    for (const date of [OLD_HEARING, RECENT_HEARING])
      await r.minutes.put({ ...emptyDraft(`m-${date}`), otherBusiness: 'Risk summary discussed.' }, 0);
    await heardCase('c-repeat-old', '2020-01-10', { victimKey: 'vk-shared' });
    await r.cases.put(
      f.maracCase('c-repeat-new', { victimKey: 'vk-shared', receivedAt: '2030-02-01T10:00:00.000Z' }),
    );
    await heardCase('c-short', addDays(addYears(TODAY, -3), -1), { areaId: 'short' });
    // What the chat side keeps about each case: its events, outbox rows, card places and claims.
    for (const id of ['c-old', 'c-recent']) {
      await r.events.append(
        { type: 'CaseOpened', meetingId: 'm-x', caseId: id } as never,
        '2020-01-01T00:00:00Z',
      );
      await r.outbox.enqueue(
        { conversationId: 'chat-1', kind: 'update', cardKey: `case:m-x:${id}`, payload: { caseId: id } },
        0,
      );
      await r.cards.put(`case:m-x:${id}`, 'chat-1', `act-${id}`);
      await r.claims.claim(`timer:m-x:${id}:5`, 'seed', '2020-01-01T00:00:00Z');
    }
  });
}

const retentionAudit = async (store: Store) =>
  (await store.repos.audit.list(0, 1000)).filter((e) => e.action === 'retention.deleted');

describe.each(backends)('retention on %s', (_name, makeDb) => {
  let db: Db | undefined;
  afterEach(async () => {
    await db?.dispose();
    db = undefined;
  });

  it('deletes a case 7 years + 1 day after its last hearing, keeps one at 7 years - 1 day, audits each once', async () => {
    db = makeDb();
    const store = await db.open();
    await seed(store);
    const clock = new ManualClock(Date.parse(`${TODAY}T08:00:00Z`));

    const first = await runRetention({ store, clock }, 'instance-a');
    expect(first.deleted.map((d) => d.caseId).sort()).toEqual(['c-old', 'c-short']);
    expect(first.deleted.find((d) => d.caseId === 'c-old')).toMatchObject({
      lastActivity: OLD_HEARING,
      keptUntil: addDays(TODAY, -1),
    });
    expect(first.kept).toBe(3);

    // Gone: the case, its personal details, its hearing, agenda place and action.
    const r = store.repos;
    const shortHearing = addDays(addYears(TODAY, -3), -1);
    for (const [id, date] of [
      ['c-old', OLD_HEARING],
      ['c-short', shortHearing],
    ]) {
      expect(await r.cases.get(id)).toBeUndefined();
      expect(await r.cases.byReference(`MC-2026-${id}`)).toBeUndefined();
      expect(await r.actions.list({ caseId: id })).toEqual([]);
      expect(await r.hearings.list({ meetingId: `m-${date}` })).toEqual([]);
      expect(await r.agenda.list(`m-${date}`)).toEqual([]);
      expect(await r.meetings.get(`m-${date}`)).toBeDefined();
    }
    expect(await r.hearings.forVictim('vk-c-old')).toEqual([]);
    // The minutes of a meeting go with the last case they record; other meetings' stay.
    expect(await r.minutes.get(`m-${OLD_HEARING}`)).toBeUndefined();
    expect(await r.minutes.get(`m-${RECENT_HEARING}`)).toBeDefined();
    // Nowhere in the database but the audit trail and the claims names the deleted case any more.
    // Not the events, outbox rows, card places or claims either (but the claim that made it once-only).
    const left = await db.dump(['audit']);
    expect(
      left.filter((row) => (row.includes('c-old') || row.includes('c-short')) && !row.includes('retention:')),
    ).toEqual([]);
    expect(left.some((row) => row.includes('c-recent'))).toBe(true);

    // Kept, readable in full: inside the period, and an old case whose victim was referred again.
    expect((await r.cases.get('c-recent'))?.personal.victim.name).toBe(f.VICTIM_NAME);
    expect(await r.actions.list({ caseId: 'c-recent' })).toHaveLength(1);
    expect(await r.hearings.list({ meetingId: `m-${RECENT_HEARING}` })).toHaveLength(1);
    expect(await r.cases.get('c-repeat-old')).toBeDefined();
    expect(await r.cases.get('c-repeat-new')).toBeDefined();

    const audit = await retentionAudit(store);
    expect(audit.map((e) => e.subject).sort()).toEqual(['case:c-old', 'case:c-short']);
    const old = audit.find((e) => e.subject === 'case:c-old')!;
    expect(old).toMatchObject({
      actor: 'system',
      outcome: 'done',
      details: { reference: 'MC-2026-c-old', retentionYears: 7, hearings: 1, actions: 1 },
    });
    expect(old.reason).toMatch(/7 years after the last referral or hearing/);
    expect(audit.find((e) => e.subject === 'case:c-short')?.details).toMatchObject({ retentionYears: 3 });
    expect(JSON.stringify(audit)).not.toContain(f.VICTIM_NAME);

    // Running again the same day, or the next, does nothing more.
    expect((await runRetention({ store, clock }, 'instance-a')).deleted).toEqual([]);
    expect((await runRetention({ store, clock }, 'instance-b')).deleted).toEqual([]);
    clock.advance(86_400_000);
    expect((await runRetention({ store, clock }, 'instance-b')).deleted).toEqual([]);
    expect(await retentionAudit(store)).toHaveLength(2);

    // Two days later c-recent reaches 7 years + 1 day too.
    clock.advance(86_400_000);
    expect((await runRetention({ store, clock }, 'instance-a')).deleted.map((d) => d.caseId)).toEqual([
      'c-recent',
    ]);
  });

  it('deletes once when two instances run it at the same moment', async () => {
    db = makeDb();
    const [a, b] = [await db.open(), await db.open()];
    await seed(a);
    const clock = new ManualClock(Date.parse(`${TODAY}T08:00:00Z`));
    const [ra, rb] = await Promise.all([
      runRetention({ store: a, clock }, 'instance-a'),
      runRetention({ store: b, clock }, 'instance-b'),
    ]);
    expect([...ra.deleted, ...rb.deleted].map((d) => d.caseId).sort()).toEqual(['c-old', 'c-short']);
    expect((await retentionAudit(a)).map((e) => e.subject).sort()).toEqual(['case:c-old', 'case:c-short']);
  });

  it('never deletes a case still inside its period, whatever the area setting says', async () => {
    db = makeDb();
    const store = await db.open();
    await seed(store);
    // A broken setting (0 years) falls back to the default of 7, it does not delete everything.
    await store.repos.areas.put({ ...f.area('cambs'), retentionYears: 0 });
    const clock = new ManualClock(Date.parse(`${TODAY}T08:00:00Z`));
    const res = await runRetention({ store, clock }, 'instance-a');
    expect(res.deleted.map((d) => d.caseId).sort()).toEqual(['c-old', 'c-short']);
  });
});

describe('addYears', () => {
  it('adds calendar years; 29 February becomes 28 February', () => {
    expect(addYears('2026-06-15', 7)).toBe('2033-06-15');
    expect(addYears('2024-02-29', 7)).toBe('2031-02-28');
    expect(addYears('2024-02-29', 4)).toBe('2028-02-29');
    expect(addYears('2033-06-15', -7)).toBe('2026-06-15');
  });
});
