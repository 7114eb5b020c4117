import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { run as burst } from './burst.js';
import { run as chairLatency } from './chair-latency.js';
import { run as liveLatency } from './live-latency.js';

/** Runs every bench in sequence on loopback, bounded in count and time, and prints the figures. */
async function main() {
  const started = Date.now();
  console.log(
    `MARAC for Teams benchmarks: ${new Date().toISOString()}, Node ${process.version}, ${cpus().length} cores`,
  );
  // BENCH_ONLY=burst,chair-latency runs only those (while working on one figure).
  const only = process.env.BENCH_ONLY?.split(',');
  const step = async (name: string, fn: () => Promise<string>) => {
    if (only && !only.includes(name)) return;
    const t0 = Date.now();
    try {
      console.log(await fn());
    } catch (e) {
      console.log(
        `== ${name}: FAILED: ${(e as Error).stack ?? String(e)} cause: ${String((e as { cause?: unknown }).cause)}`,
      );
    }
    console.log(`  (${name} took ${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);
  };
  await step('burst', burst);
  // The 100 concurrent meetings; BENCH_MEETINGS to change.
  await step('chair-latency', () => chairLatency(Number(process.env.BENCH_MEETINGS ?? 100)));
  // 50 open live views (event streams) on one meeting: chair command in the chat to every view seeing it.
  await step('live-latency', () => liveLatency(Number(process.env.BENCH_VIEWERS ?? 50)));
  const tabBench = new URL('./tab-size-and-render.ts', import.meta.url);
  if (existsSync(tabBench)) {
    await step('tab-size-and-render', async () => {
      const mod = (await import(tabBench.href)) as { run?: () => Promise<unknown> };
      if (typeof mod.run !== 'function') return '== tab-size-and-render: no run() export; skipped';
      const r = await mod.run();
      return typeof r === 'string'
        ? r
        : r === undefined
          ? '== tab-size-and-render: done'
          : JSON.stringify(r, null, 2);
    });
  }
  console.log(`total ${((Date.now() - started) / 1000).toFixed(1)} s`);
  process.exit(0);
}
void main();
