// The tab while the server is being redeployed: a page whose code cannot be fetched offers
// Reload instead of a blank screen, and a save that gets no answer keeps what the form showed.
// The outage is made in the browser (Playwright routes), exactly where a restart is felt.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { buildClient } from './support/build-client.js';
import { devSignIn, launchChromium, screenshot, seriousViolations } from './support/browser.js';
import { startTabServer, type TabServer } from './support/tab-server.js';

const addDays = (iso: string, n: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

describe('the tab survives a redeploy', () => {
  let t: TabServer;
  let browser: Browser;
  let page: Page;
  let today: string;

  beforeAll(async () => {
    const clientDir = await buildClient();
    t = await startTabServer({ clientDir });
    today = new Date(t.clock.now()).toISOString().slice(0, 10);
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await devSignIn(page, t.url, 'Cara Coordinator');
    await page.getByRole('heading', { name: 'Meetings', level: 1 }).waitFor();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('shows Reload when a page’s code cannot be loaded, and Reload brings the page', async () => {
    await page.route(/\/assets\/ReferralPage-[^/]+\.js$/, (r) => r.abort('connectionrefused'));
    await page.getByRole('link', { name: 'New referral' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'This page could not be loaded.' });
    await alert.waitFor();
    // The rest of the app is still there: the header and its navigation.
    expect(await page.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'redeploy-reload');

    await page.unroute(/\/assets\/ReferralPage-[^/]+\.js$/);
    await page.getByRole('button', { name: 'Reload' }).click();
    await page.getByRole('heading', { name: /referral/i, level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/referrals/new');
  }, 60_000);

  it('keeps the form as it was when a save gets no answer, and saves it once the service is back', async () => {
    await page.getByRole('link', { name: 'Meetings' }).click();
    await page.getByRole('heading', { name: 'Meetings', level: 1 }).waitFor();
    const date = addDays(today, 9);
    await page.getByLabel(/^Date/).fill(date);
    await page.getByLabel(/^Chair/).selectOption({ label: 'Chris Chair' });
    const before = (await t.store.repos.meetings.list()).length;

    const outages = [
      (r: import('playwright-core').Route) => r.abort('connectionrefused'),
      (r: import('playwright-core').Route) => r.fulfill({ status: 503, body: 'Service Unavailable' }),
    ];
    for (const outage of outages) {
      await page.route('**/api/meetings', (r) =>
        r.request().method() === 'POST' ? outage(r) : r.continue(),
      );
      await page.getByRole('button', { name: 'Create meeting' }).click();
      await page.getByText('The MARAC service could not be reached just now').waitFor();
      expect(await page.getByLabel(/^Date/).inputValue()).toBe(date);
      expect(
        await page
          .getByLabel(/^Chair/)
          .locator('option:checked')
          .textContent(),
      ).toBe('Chris Chair');
      expect((await t.store.repos.meetings.list()).length).toBe(before);
      await page.unroute('**/api/meetings');
    }
    await screenshot(page, 'redeploy-save-kept');

    await page.getByRole('button', { name: 'Create meeting' }).click();
    await page.getByTestId('link-code').waitFor();
    const after = await t.store.repos.meetings.list();
    expect(after.length).toBe(before + 1);
    expect(after.some((m) => m.date === date)).toBe(true);
  }, 60_000);
});
