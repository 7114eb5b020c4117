import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { buildClient } from './support/build-client.js';
import { launchChromium, seriousViolations, signedInPage } from './support/browser.js';
import { startTabServer, type TabServer } from './support/tab-server.js';

const UK_DATE = /(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} [A-Z][a-z]{2} \d{4}/;

/**
 * With no date of birth, a repeat cannot be found by the keyed hashes of name and date of birth:
 * the form suggests earlier cases with the same names, and only a confirmed one counts.
 */
describe('possible earlier cases suggested when a date of birth is missing', () => {
  let t: TabServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    const clientDir = await buildClient();
    t = await startTabServer({ clientDir, now: Date.parse('2026-11-24T09:25:00Z') });
    const token = await t.signIn('p-coordinator');
    browser = await launchChromium();
    page = await signedInPage(browser, token, 'p-coordinator');
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('suggests them for confirm or dismiss; a confirmed one makes the repeat, a dismissed one does not', async () => {
    await page.goto(`${t.url}/referrals/new`);
    await page.getByRole('heading', { name: 'New referral' }).waitFor();
    await page.getByLabel(/^Referring agency/).selectOption({ label: 'Police' });
    await page.getByLabel(/^Victim’s full name/).fill('Ava Example');
    await page.getByLabel(/^Perpetrator 1 full name/).fill('Adam Example');
    const matches = page.getByTestId('possible-matches');
    await matches.waitFor();
    const text = (await matches.textContent())!;
    expect(text).toContain('MC-2025-0999, referred ');
    expect(text.slice(text.indexOf('MC-2025-0999, referred '))).toMatch(UK_DATE);
    // Not a repeat until the coordinator says it is the same victim.
    expect(await page.getByTestId('repeat-check').count()).toBe(0);
    await page.getByRole('button', { name: 'Same victim: MC-2025-0999' }).click();
    await page.getByTestId('repeat-check').waitFor();
    expect(await page.getByTestId('repeat-check').textContent()).toContain('(MC-2025-0999)');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Not the same: MC-2025-0999' }).click();
    await page.getByTestId('repeat-check').waitFor({ state: 'detached' });
  }, 90_000);
});
