/**
 * Scale-out: two server PROCESSES on one PostgreSQL schema, one Bot Connector stand-in, one
 * meeting driven through both (each activity goes to the other instance from the last).
 *
 * Separate processes, not two servers in this one: each has its own pool, LISTEN connection,
 * projector, outbox worker and scheduler, as two App Service instances do. Time stays
 * controllable: each process runs a ManualClock that the test sets on both over IPC before
 * anything else happens (test/support/instance.ts), and scheduler ticks are asked of both
 * instances at the same moment, so every timer warning, reminder and retention deletion is a real
 * race for its database claim. "Every tab sees every event" is checked on what each instance's
 * store delivered (each process records its store.onEvent stream; the tab has no event stream
 * endpoint of its own yet).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_AREA_ID, PersonalDataCipher, type MaracCase, type Store } from '@marac/core';
import { openStore } from '@marac/core/store';
import { withPgClient } from '@marac/core/store';
import { startConnectorStandIn, type ConnectorStandIn } from '../testing/connector-standin.js';
import { demoSpeaker, meetingChat, postActivity, type Speaker } from '../testing/teams-activities.js';
import { type Instance, startInstance } from './support/fork-instance.js';

const DATABASE_URL = process.env.DATABASE_URL;
const START = Date.parse('2026-11-24T09:25:00Z');
const MINUTE = 60_000;
/** Real-time bounds, generous for two loaded cores: they only stop a stuck run, never decide a pass. */
const SETTLE_WAIT_MS = 60_000;

const chair = demoSpeaker('p-chair', 'Chris Chair');
const police = demoSpeaker('p-police', 'Police Rep');
const housing = demoSpeaker('p-housing', 'Housing Rep');
const csc = demoSpeaker('p-csc', 'CSC Rep');
const coordinator = demoSpeaker('p-coordinator', 'Cara Coordinator');

if (!DATABASE_URL) {
  describe('two instances on one PostgreSQL database', () => {
    it('needs DATABASE_URL', () => {
      console.warn('The scale-out test did NOT run: DATABASE_URL is not set');
      expect(DATABASE_URL).toBeUndefined();
    });
  });
} else {
  describe('two instances on one PostgreSQL database', () => {
    const url = DATABASE_URL;
    const schema = `marac_scale_${process.pid}_${randomBytes(3).toString('hex')}`;
    const key = randomBytes(32).toString('base64');
    const dataDir = mkdtempSync(join(tmpdir(), 'marac-scale-'));
    let chat: ReturnType<typeof meetingChat>;
    let connector: ConnectorStandIn;
    let a: Instance;
    let b: Instance;
    let store: Store;
    let now = START;
    let turn = 0;
    let headBefore = 0;

    const both = () => [a, b];
    /** Each activity goes to the instance that did not take the last one. */
    const send = async (activity: unknown) => {
      const to = both()[turn++ % 2];
      const r = await postActivity(to.url, activity);
      expect(r.status, `${to.name} answered ${JSON.stringify(r.body)}`).toBeLessThan(300);
      await settle();
      return r;
    };
    /** Until both instances have projected every event and the shared outbox is empty, twice running. */
    const settle = async () => {
      // Bounded by a generous real-time wait, not a count of rounds: on loaded cores one round can
      // take seconds, and how long settling takes is not what this test checks.
      const deadline = Date.now() + SETTLE_WAIT_MS;
      let quiet = 0;
      while (quiet < 2) {
        const pending = (await Promise.all(both().map((x) => x.call({ cmd: 'settle' })))) as number[];
        quiet = pending.every((n) => n === 0) ? quiet + 1 : 0;
        if (quiet >= 2) break;
        if (Date.now() > deadline)
          throw new Error(`the instances did not settle (outbox pending: ${pending.join(', ')})`);
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    /** Move both clocks, then both schedulers tick at once (three times, to race them harder). */
    const advance = async (ms: number) => {
      now += ms;
      await Promise.all(both().map((x) => x.call({ cmd: 'clock', at: now })));
      for (let i = 0; i < 3; i++) await Promise.all(both().map((x) => x.call({ cmd: 'tick' })));
      await settle();
    };
    const texts = () => connector.messages(chat.conversationId).map((m) => m.text ?? '');
    /** Every timer warning (targeted notifications to the chair), in order, as "case N: minutes left". */
    const warnings = () =>
      connector
        .notifications()
        .map((n) => n.title ?? '')
        .filter((t) => /minutes? left|time is up/i.test(t))
        .map((t) => {
          const left = /case (\d+)\b.*?(\d+) minutes? left/i.exec(t);
          const up = /time is up for case (\d+)/i.exec(t);
          return left ? `case ${left[1]}: ${left[2]}` : up ? `case ${up[1]}: 0` : t;
        });
    /** Every conversation but the meeting chat (1:1 chats, agency channels), with what was sent in each. */
    const otherChats = () =>
      [
        ...new Set(
          connector.requests
            .map((r) => r.conversationId)
            .filter((c): c is string => !!c && c !== chat.conversationId),
        ),
      ].map((id) => ({
        id,
        messages: connector.messages(id).map((m) => JSON.stringify(m.activity)),
      }));
    /** The earlier meeting's overdue actions, by what their cards say. */
    const overdue = {
      housing: 'Flag the address on the housing system',
      csc: 'Complete a child and family assessment',
      health: 'Add a safeguarding alert',
    };
    /** How many reminders for each action each conversation got (only pairs with at least one). */
    const reminders = () =>
      otherChats().flatMap((c) =>
        Object.entries(overdue)
          .map(([agency, words]) => ({
            chat: c.id,
            agency,
            n: c.messages.filter(
              (m) => m.includes('Reminder: MARAC action') && /overdue since/i.test(m) && m.includes(words),
            ).length,
          }))
          .filter((x) => x.n > 0),
      );

    beforeAll(async () => {
      await withPgClient(url, (c) => c.query(`CREATE SCHEMA ${schema}`));
      connector = await startConnectorStandIn();
      chat = meetingChat(connector.url, '19:meeting_scale@thread.v2');
      const env = {
        DATABASE_URL: url,
        MARAC_TEST_PG_SCHEMA: schema,
        DATA_ENCRYPTION_KEY: key,
        DATA_DIR: dataDir,
        REMINDER_HOUR_UTC: '10',
        MARAC_TEST_CLOCK_START: String(START),
      };
      // One after the other: the first migrates and seeds the demonstration meeting, the second finds it.
      a = await startInstance('instance A', { ...env, INSTANCE_ID: 'instance-a' });
      b = await startInstance('instance B', { ...env, INSTANCE_ID: 'instance-b' });
      expect(a.owner).not.toBe(b.owner);
      store = await openStore({
        databaseUrl: url,
        schema,
        cipher: new PersonalDataCipher(Buffer.from(key, 'base64')),
        onError: () => undefined,
      });
      headBefore = await store.repos.events.lastSeq();
      // A case heard eight years ago, for the retention job the daily scheduler runs.
      const ancient: MaracCase = {
        id: 'c-ancient',
        areaId: DEMO_AREA_ID,
        reference: 'MC-2018-0001',
        receivedAt: '2018-09-01T10:00:00.000Z',
        referringAgencyId: 'police',
        criteria: ['visible-high-risk'],
        dash: Array(24).fill('yes'),
        consent: 'given',
        honourBasedAbuse: false,
        closedSession: false,
        diversity: {},
        childrenInHousehold: 0,
        status: 'heard',
        personal: { victim: { name: 'Old Fictional' }, perpetrators: [], children: [] },
        victimKey: 'vk-ancient',
        perpetratorKeys: [],
        version: 0,
      };
      await store.repos.cases.put(ancient);
      await store.repos.hearings.add({
        caseId: ancient.id,
        meetingId: 'm-2018',
        heardOn: '2018-10-01',
        victimKey: 'vk-ancient',
        perpetratorKeys: [],
        outcome: 'heard',
      });
    }, 600_000);

    afterAll(async () => {
      await Promise.allSettled([a?.close(), b?.close()]);
      await store?.close();
      await connector?.close();
      await withPgClient(url, (c) => c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`));
      rmSync(dataDir, { recursive: true, force: true });
    }, 60_000);

    it('runs a meeting through both instances: each warning once, each reminder once, every event at both', async () => {
      await send(chat.say(chair, 'link DEMO'));
      expect(texts().at(-1)).toMatch(/Linked/);
      await send(chat.join(chair, chair, police));
      await send(chat.join(chair, housing, csc, coordinator));
      await send(chat.say(chair, 'declaration'));
      for (const p of [chair, police, housing, csc, coordinator] as Speaker[])
        await send(chat.say(p, 'I agree'));
      await send(chat.say(chair, 'start'));
      await send(chat.say(chair, 'next'));
      await send(chat.say(chair, 'next'));
      // The same typed step from two devices at once, one to each instance: it takes effect once.
      const before = (await store.repos.live.get('m-demo'))!.version;
      await Promise.all(both().map((x) => postActivity(x.url, chat.say(chair, 'pause'))));
      await settle();
      expect((await store.repos.live.get('m-demo'))!.version).toBe(before + 1);
      expect(texts().join(' ')).not.toMatch(/already paused|moved on/i);
      await send(chat.say(chair, 'resume'));

      // Case 1 has 20 minutes: past the 5-minute, 1-minute and time-up marks, then well past.
      await advance(15 * MINUTE + 1000);
      expect(warnings()).toEqual(['case 1: 5']);
      await advance(4 * MINUTE);
      await advance(1 * MINUTE);
      await advance(2 * MINUTE);
      await send(chat.say(housing, 'action Housing: flag the address on the housing system by 1 Dec'));
      await send(chat.say(chair, 'next case'));

      // 10:00 is the reminder hour: the overdue actions from the earlier meeting are chased once.
      now = Date.parse('2026-11-24T10:00:30Z') - MINUTE;
      await advance(MINUTE);
      await advance(MINUTE);
      // Case 2 opened at 09:47:01 by the instances' clocks: its marks are 10:02:01, 10:06:01, 10:07:01.
      await advance(MINUTE);
      await advance(4 * MINUTE);
      await advance(MINUTE);
      await advance(MINUTE);
      expect(warnings()).toEqual([
        'case 1: 5',
        'case 1: 1',
        'case 1: 0',
        'case 2: 5',
        'case 2: 1',
        'case 2: 0',
      ]);

      // Reminders: each overdue action chased once in each chat it goes to. Housing and CSC have
      // chats with the bot (their reps joined); Health never did, so it has nowhere to be reminded.
      const day1 = reminders();
      expect(day1.map((x) => x.n)).toEqual(day1.map(() => 1));
      expect(new Set(day1.map((x) => x.agency))).toEqual(new Set(['housing', 'csc']));

      // The next day the same actions are past the grace period: marked once, the coordinator told once.
      await advance(24 * MINUTE * 60);
      await advance(MINUTE);
      const markedNotes = otherChats().flatMap((c) =>
        c.messages.filter((m) => /marked \\"No update from lead agency\\"/.test(m)),
      );
      expect(markedNotes).toHaveLength(1);
      expect(markedNotes[0]).toMatch(/3 action(\(s\)|s) were marked/);
      expect(reminders()).toEqual(day1);

      // Every warning is one event and one claim; both instances took part.
      const events = await store.repos.events.since(headBefore, 10_000);
      expect(events.filter((e) => e.type === 'TimerWarning')).toHaveLength(6);
      const claims = await withPgClient(url, (c) =>
        c.query<{ owner: string; kind: string; n: string }>(
          `SELECT owner, split_part(claim_key, ':', 1) AS kind, count(*) AS n FROM ${schema}.claims GROUP BY 1, 2`,
        ),
      );
      const owners = (kind: string) =>
        new Set(claims.rows.filter((r) => r.kind === kind).map((r) => r.owner));
      expect(owners('activity')).toEqual(new Set([a.owner, b.owner]));

      // Retention ran with the daily follow-up: the eight-year-old case is gone, deleted once.
      expect(await store.repos.cases.get('c-ancient')).toBeUndefined();
      const retained = (await store.repos.audit.list(0, 10_000)).filter(
        (e) => e.action === 'retention.deleted',
      );
      expect(retained.map((e) => e.subject)).toEqual(['case:c-ancient']);
      expect(await store.repos.cases.get('c-demo-1')).toBeDefined();

      // Every event reached both instances, once each and in order: what a tab on either would show.
      const all = events.map((e) => e.seq);
      expect(all.length).toBeGreaterThan(20);
      for (const x of both()) {
        const seen = ((await x.call({ cmd: 'seen' })) as { seq: number }[])
          .map((e) => e.seq)
          .filter((s) => s > headBefore);
        expect(seen, `${x.name} saw every event once`).toEqual(all);
      }
    }, 900_000);
  });
}
