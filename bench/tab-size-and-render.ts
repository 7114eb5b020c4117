import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildClient } from '../tab/test/support/build-client.js';
import { hasChromium, launchChromium } from '../tab/test/support/browser.js';
import { startTabServer } from '../tab/test/support/tab-server.js';

const RUNS = 5;
const RUN_TIMEOUT_MS = 15_000;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Sum of the built JS chunks, raw and gzipped (level 9, as a CDN or compression middleware would). */
async function jsSize(clientDir: string) {
  const dir = join(clientDir, 'assets');
  const files = (await readdir(dir)).filter((f) => f.endsWith('.js'));
  const html = await readFile(join(clientDir, 'index.html'), 'utf8');
  let raw = 0;
  let gz = 0;
  let initialGz = 0;
  for (const f of files) {
    const b = await readFile(join(dir, f));
    const z = gzipSync(b, { level: 9 }).length;
    raw += b.length;
    gz += z;
    if (html.includes(`/assets/${f}`)) initialGz += z;
  }
  return { files: files.length, raw, gz, initialGz };
}

/**
 * The tab's weight and speed: JS size gzipped, and the time from navigation to the agenda's
 * first rendered case in headless Chromium (the demo meeting's eight cases, signed in as the
 * coordinator), median of a few runs on loopback.
 */
/** Returns the figures as text (bench/run-all.ts prints them). */
export async function run(): Promise<string> {
  const clientDir = await buildClient();
  const size = await jsSize(clientDir);
  const lines = [
    `== tab-size-and-render`,
    `tab JS: ${size.files} chunk(s), ${(size.raw / 1024).toFixed(1)} KiB raw, ${(size.gz / 1024).toFixed(1)} KiB gzipped (${(size.initialGz / 1024).toFixed(1)} KiB loaded up front; pages and teams-js load on demand)`,
  ];
  if (!hasChromium) {
    lines.push('first render of the agenda: skipped (no /usr/bin/chromium; apt-get install -y chromium)');
    return lines.join('\n');
  }
  const t = await startTabServer({ clientDir });
  const browser = await launchChromium();
  try {
    const token = await t.signIn('p-coordinator');
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addInitScript(
      (session) => {
        sessionStorage.setItem('marac.dev-session', session);
        // Note the moment the first case is in the page, from inside it (no polling delay).
        new MutationObserver((_, obs) => {
          if (document.querySelector('li[data-case]')) {
            (window as { firstCaseAt?: number }).firstCaseAt = performance.now();
            obs.disconnect();
          }
        }).observe(document, { childList: true, subtree: true });
      },
      JSON.stringify({ token, mode: 'dev', personId: 'p-coordinator' }),
    );
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const page = await context.newPage();
      await page.goto(`${t.url}/meetings/m-demo`, { timeout: RUN_TIMEOUT_MS });
      await page.locator('li[data-case]').first().waitFor({ timeout: RUN_TIMEOUT_MS });
      times.push(
        await page.evaluate(() => (window as { firstCaseAt?: number }).firstCaseAt ?? performance.now()),
      );
      await page.close();
    }
    lines.push(
      `first render of the agenda (navigation to first case shown): median ${median(times).toFixed(0)} ms over ${RUNS} runs (${times.map((x) => x.toFixed(0)).join(', ')} ms)`,
    );
  } finally {
    await browser.close();
    await t.close();
  }
  return lines.join('\n');
}
