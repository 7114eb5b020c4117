import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { buildClient } from '../tab/test/support/build-client.js';
import { hasChromium, launchChromium } from '../tab/test/support/browser.js';
import { startTabServer } from '../tab/test/support/tab-server.js';

const RUNS = 5;
const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
const RUN_TIMEOUT_MS = 15_000;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Sum of the built JS chunks: raw, and as sent (the .br and .gz files built beside them). */
async function jsSize(clientDir: string) {
  const dir = join(clientDir, 'assets');
  const files = (await readdir(dir)).filter((f) => f.endsWith('.js'));
  const html = await readFile(join(clientDir, 'index.html'), 'utf8');
  const size = async (f: string) => (await stat(join(dir, f)).catch(() => undefined))?.size ?? NaN;
  const s = { files: files.length, raw: 0, gz: 0, br: 0, initialGz: 0, initialBr: 0 };
  for (const f of files) {
    const [raw, gz, br] = [await size(f), await size(`${f}.gz`), await size(`${f}.br`)];
    s.raw += raw;
    s.gz += gz;
    s.br += br;
    if (html.includes(`/assets/${f}`)) {
      s.initialGz += gz;
      s.initialBr += br;
    }
  }
  return s;
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
    `tab JS: ${size.files} chunk(s), ${kib(size.raw)} raw; pre-compressed ${kib(size.br)} brotli, ${kib(size.gz)} gzip`,
    `tab JS loaded up front (on the wire): ${kib(size.initialBr)} brotli, ${kib(size.initialGz)} gzip (pages and teams-js load on demand)`,
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
