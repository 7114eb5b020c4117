import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '@marac/core';
import { loadConfig } from '../src/config.js';
import { startServer } from '../src/server.js';
import { createLogger } from '../src/log.js';
import { startConnectorStandIn } from '../testing/connector-standin.js';
import { demoSpeaker, meetingChat } from '../testing/teams-activities.js';
import { openSse, type SseConnection } from '../tab/test/support/sse-client.js';
import { chair, ms, pct, post, table } from './lib.js';

/**
 * Latency from a chair command typed in the meeting chat (POST /api/messages) to the tab's live
 * view seeing the change: `viewers` event streams (plain HTTP clients reading SSE, as the tab
 * does) on one meeting, `commands` chair commands one after another, each timed until every
 * stream has received the change with its snapshot. Bounded in count and time.
 */
export async function run(
  viewers = Number(process.env.BENCH_VIEWERS ?? 50),
  commands = Number(process.env.BENCH_LIVE_COMMANDS ?? 40),
  budgetMs = 120_000,
): Promise<string> {
  const started = Date.now();
  const dataDir = mkdtempSync(join(tmpdir(), 'marac-bench-live-'));
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
    schedulerEveryMs: 60_000,
  });
  const streams: SseConnection[] = [];
  try {
    const chat = meetingChat(connector.url, '19:meeting_live_bench@thread.v2', 'MCMeeting-live-bench');
    const people = ['p-police', 'p-idva', 'p-housing'].map((id) => demoSpeaker(id, id));
    await post(server.url, chat.say(chair, 'link DEMO'));
    await post(server.url, chat.join(chair, chair, ...people));
    await post(server.url, chat.say(chair, 'declaration'));
    for (const p of [chair, ...people]) await post(server.url, chat.say(p, 'I agree'));
    await post(server.url, chat.say(chair, 'start'));
    await post(server.url, chat.say(chair, 'next'));

    // Viewers sign in as the people in the meeting (development sign-in) and open their streams.
    const tokens = await Promise.all(
      ['p-chair', 'p-police', 'p-idva', 'p-housing', 'p-coordinator'].map(async (personId) => {
        const r = await fetch(`${server.url}/api/dev/sign-in`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ personId }),
        });
        return ((await r.json()) as { token: string }).token;
      }),
    );
    for (let i = 0; i < viewers; i++)
      streams.push(
        await openSse(`${server.url}/api/meetings/m-demo/events`, { token: tokens[i % tokens.length] }),
      );
    await Promise.all(streams.map((s) => s.waitFor((m) => m.event === 'snapshot', 10_000)));

    const samples: number[] = [];
    const perCommand: number[] = [];
    let missed = 0;
    let done = 0;
    for (let k = 0; k < commands && Date.now() - started < budgetMs; k++) {
      const from = streams.map((s) => s.messages.length);
      const t0 = performance.now();
      // Alternate so the meeting stays within the first case's batting order.
      await post(server.url, chat.say(chair, k % 2 === 0 ? 'next' : 'back'));
      const seen = await Promise.all(
        streams.map((s, i) =>
          s
            .waitFor(
              (m) => m.event === 'change' && m.data.event?.type === 'SpeakerAdvanced' && !!m.data.snapshot,
              5000,
              from[i],
            )
            .then(
              (m) => m.receivedAt - t0,
              () => undefined,
            ),
        ),
      );
      for (const v of seen)
        if (v === undefined) missed++;
        else samples.push(v);
      perCommand.push(Math.max(...seen.map((v) => v ?? 5000)));
      done++;
    }
    const rows: [string, string | number][] = [
      ['open event streams', `${streams.length} (same meeting)`],
      ['chair commands (next/back over /api/messages)', done],
      ['samples (command × stream)', samples.length],
      ['streams that missed a change (5 s)', missed],
      ['latency p50', ms(pct(samples, 50))],
      ['latency p95', ms(pct(samples, 95))],
      ['latency max', ms(Math.max(...samples))],
      ['slowest stream per command, p95', ms(pct(perCommand, 95))],
      [
        'within 1 s',
        `${((100 * samples.filter((v) => v < 1000).length) / Math.max(1, samples.length)).toFixed(1)}%`,
      ],
    ];
    return table(`live-latency: bot command → tab live view (${viewers} streams, SQLite, one process)`, rows);
  } finally {
    for (const s of streams) s.close();
    await server.close();
    await connector.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
