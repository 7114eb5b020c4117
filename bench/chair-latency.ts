import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '@marac/core';
import { loadConfig } from '../src/config.js';
import { startServer } from '../src/server.js';
import { createLogger } from '../src/log.js';
import { startConnectorStandIn } from '../testing/connector-standin.js';
import { meetingChat } from '../testing/teams-activities.js';
import { chair, coordinator, demoCaseIds, ms, pct, post, table, timedPost } from './lib.js';

const NEXTS = 5;

/**
 * Chair-command latency over N concurrent linked meetings, then timer accuracy on a real clock:
 * a 1-minute slot with a warning at 0.5 min, the real 1 s scheduler tick, lateness of each
 * TimerWarning (received by a store subscriber) against its due time from the stored deadline.
 */
export async function run(meetings = 100, timerBudgetMs = 70_000): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'marac-bench-'));
  const connector = await startConnectorStandIn();
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    DATA_DIR: dataDir,
    SEED_DEMO: 'on',
    LOG_LEVEL: 'silent',
    DEV_SIGN_IN: 'on',
  });
  const server = await startServer(config, {
    clock: systemClock,
    log: createLogger('silent'),
    schedulerEveryMs: 1000,
  });
  const store = server.store;
  const url = server.url;
  try {
    const demo = (await store.repos.meetings.get('m-demo'))!;
    const area = (await store.repos.areas.get(demo.areaId))!;
    await store.tx(async (r) => {
      await r.areas.put({
        ...area,
        minutesPerCase: { ...area.minutesPerCase, marac: 1 },
        timerWarningMinutes: [0.5],
      });
      for (let i = 0; i < meetings; i++) {
        const id = `m-chair-${i}`;
        await r.meetings.put({ ...demo, id, linkCode: `CHAIR${i}`, version: 0 });
        await r.agenda.set(id, demoCaseIds);
      }
    });
    const chats = Array.from({ length: meetings }, (_, i) =>
      meetingChat(connector.url, `19:meeting_chair${i}@thread.v2`, `MCMeeting-chair${i}`),
    );
    await Promise.all(chats.map((c, i) => post(url, c.say(coordinator, `link CHAIR${i}`))));

    // Timer warnings as they are committed.
    const received: { meetingId: string; caseId: string; minutesLeft: number; at: number }[] = [];
    const off = store.onEvent((e) => {
      if (e.type === 'TimerWarning' && e.meetingId.startsWith('m-chair-'))
        received.push({
          meetingId: e.meetingId,
          caseId: e.caseId,
          minutesLeft: e.minutesLeft,
          at: Date.now(),
        });
    });

    const lat: number[] = [];
    const statuses: number[] = [];
    const t0 = performance.now();
    await Promise.all(
      chats.map(async (c) => {
        for (const text of ['override bench', ...Array(NEXTS).fill('next')]) {
          const r = await timedPost(url, c.say(chair, text));
          lat.push(r.ms);
          statuses.push(r.status);
        }
      }),
    );
    const cmdWall = (performance.now() - t0) / 1000;

    // Due times of the current case's warnings, from the stored deadlines after the last command.
    const due = new Map<string, number>();
    let running = 0;
    for (let i = 0; i < meetings; i++) {
      const s = await store.repos.live.get(`m-chair-${i}`);
      const cur = s && s.current !== undefined ? s.cases[s.current] : undefined;
      if (!cur?.timer || cur.timer.pausedAt !== undefined) continue;
      running++;
      for (const m of [0.5, 0])
        due.set(`${s!.meetingId}|${cur.caseId}|${m}`, cur.timer.deadline - m * 60_000);
    }
    const lastDue = Math.max(...due.values());
    const waitUntil = Math.min(lastDue + 3000, Date.now() + timerBudgetMs);
    while (Date.now() < waitUntil) {
      await new Promise((r) => setTimeout(r, 250));
      if (received.filter((w) => due.has(`${w.meetingId}|${w.caseId}|${w.minutesLeft}`)).length >= due.size)
        break;
    }
    off();
    const lateness = received.flatMap((w) => {
      const d = due.get(`${w.meetingId}|${w.caseId}|${w.minutesLeft}`);
      return d === undefined ? [] : [w.at - d];
    });
    const dupKeys = new Set<string>();
    let dups = 0;
    for (const w of received) {
      const k = `${w.meetingId}|${w.caseId}|${w.minutesLeft}`;
      if (dupKeys.has(k)) dups++;
      dupKeys.add(k);
    }
    return table(
      `chair commands: ${meetings} concurrent linked meetings, 'override bench' + 'next' x${NEXTS} each (${lat.length} requests)`,
      [
        [
          'chair command latency p50 / p99',
          `${ms(pct(lat, 50))} / ${ms(pct(lat, 99))} (max ${ms(Math.max(...lat))})`,
        ],
        [
          'commands wall time',
          `${cmdWall.toFixed(2)} s, ${statuses.filter((s) => s >= 400).length} HTTP errors`,
        ],
        ['timer: slot / warning / tick', '1 min / 0.5 min (+ 0 min end) / real 1 s scheduler on systemClock'],
        [
          'timer: warnings due / received',
          `${due.size} due (${running} meetings with a running timer) / ${lateness.length} received, ${dups} duplicates`,
        ],
        [
          'timer lateness p50 / p99 / max',
          `${ms(pct(lateness, 50))} / ${ms(pct(lateness, 99))} / ${ms(Math.max(...lateness))}`,
        ],
      ],
    );
  } finally {
    await server.close();
    await connector.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
