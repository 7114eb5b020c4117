import { readFile } from 'node:fs/promises';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { type Actor, confirmDeclaration, markPresent, runChairCommand } from '@marac/core';
import { buildClient } from './support/build-client.js';
import { launchChromium, screenshot, seriousViolations, signedInPage } from './support/browser.js';
import { startTabServer, type TabServer } from './support/tab-server.js';

describe('minutes and figures in the browser', () => {
  let t: TabServer;
  let browser: Browser;
  let page: Page;
  const actor = async (id: string): Promise<Actor> => {
    const p = (await t.store.repos.people.get(id))!;
    return { aadObjectId: p.aadObjectId, displayName: p.displayName, person: p };
  };

  beforeAll(async () => {
    const clientDir = await buildClient();
    t = await startTabServer({ clientDir, now: Date.parse('2026-11-24T09:25:00Z') });
    const deps = { store: t.store, clock: t.clock };
    for (const id of ['p-chair', 'p-police', 'p-idva']) {
      await markPresent(deps, 'm-demo', await actor(id), 'joined');
      await confirmDeclaration(deps, 'm-demo', await actor(id), 'typed');
    }
    const chair = await actor('p-chair');
    for (const cmd of [{ type: 'start' }, { type: 'next' }, { type: 'next-case' }] as const)
      await runChairCommand(deps, 'm-demo', chair, cmd);
    browser = await launchChromium();
    const token = await t.signIn('p-coordinator');
    page = await signedInPage(browser, token, 'p-coordinator', { acceptDownloads: true });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('edits the minutes, is told that a running meeting cannot be exported, then exports the ended one', async () => {
    await page.goto(`${t.url}/minutes`);
    await page.getByRole('link', { name: 'Minutes of MARAC Tue 24 Nov 2026' }).click();
    await page.getByRole('heading', { name: /^MARAC minutes, / }).waitFor();
    await page.getByText('The meeting has not ended.').waitFor();
    await page
      .getByLabel('Risks summary, case 1 (MC-2026-0001)')
      .fill('Threats to kill; escalating since the separation.');
    await page
      .getByLabel('Crimes disclosed at the MARAC, case 1 (MC-2026-0001)')
      .fill("Criminal damage to the victim's car, 18 November.");
    await page.getByRole('button', { name: 'Add an apology' }).click();
    await page.getByLabel('Apology 1: name').fill('Pat Probation');
    await page.getByLabel('Apology 1: agency').selectOption({ label: 'Probation' });
    await page.getByRole('button', { name: 'Save minutes' }).first().click();
    await page.getByText(/^Saved .* by Cara Coordinator\.$/).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Export as Word (DOCX)' }).click();
    await page.getByText(/This meeting has not ended, so its minutes cannot be exported yet/).waitFor();

    await runChairCommand({ store: t.store, clock: t.clock }, 'm-demo', await actor('p-chair'), {
      type: 'end',
    });
    await page.reload();
    await page.getByText(/^Circulate by /).waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export as Word (DOCX)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('marac-minutes-2026-11-24-0930-marac.docx');
    const zip = await JSZip.loadAsync(await readFile((await download.path())!));
    const xml = await zip.file('word/document.xml')!.async('string');
    for (const s of [
      'OFFICIAL-SENSITIVE',
      'Attendees',
      'Apologies',
      'Pat Probation',
      'Declaration confirmations',
      'Outstanding actions reviewed',
      'Risks summary',
      'Threats to kill; escalating since the separation.',
      'Crimes disclosed at the MARAC',
      'Deferrals',
      'Other business',
    ])
      expect(xml).toContain(s.replace(/'/g, '&apos;'));
    await page.getByRole('button', { name: 'Circulate to the agencies' }).click();
    await page.getByText(/^Circulated .* by Cara Coordinator\.$/).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'minutes-editor');
  }, 90_000);

  it("shows the quarter's figures with a chart, and exports them as CSV", async () => {
    await page.getByRole('link', { name: 'Figures' }).click();
    await page.getByRole('heading', { name: 'Performance figures', level: 1 }).waitFor();
    await page.getByLabel('Quarter').selectOption({ label: 'Q3 2026/27 (October–December 2026)' });
    await page.getByRole('heading', { name: /Fenshire.*Thu 1 Oct 2026 to Thu 31 Dec 2026/ }).waitFor();
    // The demonstration's earlier meeting (2026-11-10) heard one case; today's heard case 1 (a repeat of it) and case 2.
    expect(await page.locator('[data-measure="Cases heard"]').innerText()).toMatch(/Cases heard\s+3/);
    expect(await page.locator('[data-measure="Repeat cases"]').innerText()).toMatch(
      /Repeat cases\s+1 \(33\.3%\)/,
    );
    expect(await page.locator('tr[data-agency="police"]').innerText()).toMatch(/Police\s+2/);
    expect(await page.locator('tr[data-agency="idva"]').innerText()).toMatch(/IDVA Service\s+1/);
    const chart = page.getByRole('img', { name: /Cases heard by referring agency/ });
    expect(await chart.count()).toBe(1);
    expect(await page.getByTestId('chart').locator('desc').textContent()).toContain(
      'Police: 2; IDVA Service: 1;',
    );
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'figures');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    const csv = await readFile((await download.path())!, 'utf8');
    expect(csv.split('\r\n')).toEqual(
      expect.arrayContaining([
        'OFFICIAL-SENSITIVE',
        'Cases heard,3,',
        'Repeat cases,1,33.3',
        'Police,2,',
        'IDVA Service,1,',
      ]),
    );
  }, 90_000);
});
