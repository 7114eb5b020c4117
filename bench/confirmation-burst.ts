import { startBotHarness } from '../testing/bot-harness.js';
import { guest, meetingChat } from '../testing/teams-activities.js';
import { startBareBot } from './bare-bot.js';
import { chair, coordinator, demoCaseIds, ms, pct, post, table, timedPost, withTimeout } from './lib.js';

const MEETINGS = 10;
const ATTENDEES = 30;

type Chat = ReturnType<typeof meetingChat>;

/** Build the burst: 300 confirmations (half typed, half card) plus ~10% duplicate deliveries. */
function buildBurst(chats: { chat: Chat; meetingId: string; base: number }[]) {
  const acts: unknown[] = [];
  for (const { chat, meetingId, base } of chats)
    for (let n = 0; n < ATTENDEES; n++) {
      const g = guest(base + n);
      const a =
        n % 2 === 0
          ? chat.say(g, n % 4 === 0 ? 'I agree' : 'Agreed')
          : chat.card(g, 'declaration.confirm', { meetingId });
      acts.push(a);
      if (n % 10 === 3) acts.push(a); // same activity delivered twice
    }
  return acts;
}

/** Fire everything concurrently, spread over ~1 s. */
async function fire(url: string, acts: unknown[], spreadMs = 1000) {
  const t0 = performance.now();
  const results = await Promise.all(
    acts.map(async (a, i) => {
      await new Promise((r) => setTimeout(r, Math.floor((i / acts.length) * spreadMs)));
      return timedPost(url, a);
    }),
  );
  const wall = (performance.now() - t0) / 1000;
  const lat = results.map((r) => r.ms);
  return { wall, lat, bad: results.filter((r) => r.status >= 400).length, n: results.length };
}

export async function run(): Promise<string> {
  const h = await startBotHarness();
  const out: string[] = [];
  try {
    const store = h.server.store;
    const demo = (await store.repos.meetings.get('m-demo'))!;
    const chats: { chat: Chat; meetingId: string; base: number }[] = [];
    await store.tx(async (r) => {
      for (let i = 0; i < MEETINGS; i++) {
        const id = `m-burst-${i}`;
        await r.meetings.put({ ...demo, id, linkCode: `BURST${i}`, version: 0 });
        await r.agenda.set(id, demoCaseIds);
      }
    });
    for (let i = 0; i < MEETINGS; i++) {
      const chat = meetingChat(h.connector.url, `19:meeting_burst${i}@thread.v2`, `MCMeeting-burst${i}`);
      chats.push({ chat, meetingId: `m-burst-${i}`, base: 1000 + i * 100 });
    }
    // Link, join 30 guests, post the declaration.
    await Promise.all(
      chats.map(async ({ chat, base }, i) => {
        await post(h.url, chat.say(coordinator, `link BURST${i}`));
        await post(h.url, chat.join(chair, ...Array.from({ length: ATTENDEES }, (_, n) => guest(base + n))));
        await post(h.url, chat.say(chair, 'declaration'));
        // The roll-call card is posted when the meeting starts (as in declaration.e2e.test.ts).
        await post(
          h.url,
          chat.event(chair, 'application/vnd.microsoft.meetingStart', {
            Id: `x${i}`,
            MeetingType: 'Scheduled',
          }),
        );
        // The chair is present too (they spoke), and confirms first, as chairs do.
        await post(h.url, chat.say(chair, 'I agree'));
      }),
    );
    await withTimeout(h.settle(), 30_000);

    const acts = buildBurst(chats);
    const ours = await fire(h.url, acts);
    const confirmations = MEETINGS * ATTENDEES;

    // Exactly once.
    const counts = await Promise.all(
      chats.map((c) => store.repos.confirmations.list(c.meetingId).then((l) => l.length)),
    );
    const exactlyOnce = counts.every((c) => c === ATTENDEES + 1);
    // Roll call cards after settle (bounded wait: outbox paces per conversation).
    const t0 = performance.now();
    const settled = await withTimeout(h.settle(), 45_000);
    const settleS = (performance.now() - t0) / 1000;
    const rollOk = chats.map(({ chat }) => {
      const roll = h.connector
        .messages(chat.conversationId)
        .filter((m) => JSON.stringify(m.attachments ?? '').includes('Declaration roll call'));
      return (
        roll.length === 1 &&
        JSON.stringify(roll[0].attachments).includes(
          `${ATTENDEES + 1} of ${ATTENDEES + 1} present have confirmed`,
        )
      );
    });

    // Baseline: the same burst against a bare botbuilder bot.
    const bare = await startBareBot();
    let bareRes: Awaited<ReturnType<typeof fire>>;
    try {
      const bareChats = chats.map((c, i) => ({
        ...c,
        chat: meetingChat(h.connector.url, `19:meeting_bare${i}@thread.v2`, `MCMeeting-bare${i}`),
      }));
      bareRes = await fire(bare.url, buildBurst(bareChats));
    } finally {
      await bare.close();
    }

    const tput = confirmations / ours.wall;
    const bareTput = confirmations / bareRes.wall;
    // Requests/s over the same spread are bounded by the 1 s spread; also report mean service time ratio.
    const mean = (a: number[]) => a.reduce((s, x) => s + x, 0) / a.length;
    out.push(
      table(
        `confirmation burst: ${MEETINGS} meetings x ${ATTENDEES} attendees, ${acts.length} requests (${acts.length - confirmations} duplicates), spread over ~1 s`,
        [
          [
            'MARAC throughput',
            `${tput.toFixed(0)} confirmations/s (wall ${ours.wall.toFixed(2)} s, ${ours.bad} HTTP errors)`,
          ],
          ['MARAC latency p50 / p99', `${ms(pct(ours.lat, 50))} / ${ms(pct(ours.lat, 99))}`],
          [
            'bare bot throughput',
            `${bareTput.toFixed(0)} confirmations/s (wall ${bareRes.wall.toFixed(2)} s, ${bareRes.bad} HTTP errors)`,
          ],
          ['bare bot latency p50 / p99', `${ms(pct(bareRes.lat, 50))} / ${ms(pct(bareRes.lat, 99))}`],
          ['throughput ratio ours/bare', (tput / bareTput).toFixed(2)],
          ['mean latency ratio ours/bare', (mean(ours.lat) / mean(bareRes.lat)).toFixed(2)],
          [
            'CHECK recorded exactly once',
            `${exactlyOnce ? 'PASS' : 'FAIL'} (per meeting: ${counts.join(',')})`,
          ],
          [
            `CHECK roll-call cards ${ATTENDEES + 1}/${ATTENDEES + 1} (attendees + chair)`,
            `${rollOk.every(Boolean) ? 'PASS' : 'FAIL'} (${rollOk.filter(Boolean).length}/${MEETINGS}; settle ${settled === 'timeout' ? 'TIMED OUT at' : 'took'} ${settleS.toFixed(1)} s)`,
          ],
        ],
      ),
    );
  } finally {
    await h.close();
  }
  return out.join('\n');
}
