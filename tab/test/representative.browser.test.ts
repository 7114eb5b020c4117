import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { buildClient } from './support/build-client.js';
import { devSignIn, launchChromium, screenshot, seriousViolations } from './support/browser.js';
import { startTabServer, type TabServer } from './support/tab-server.js';

describe('agency representative in the browser', () => {
  let t: TabServer;
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    const clientDir = await buildClient();
    t = await startTabServer({ clientDir });
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await devSignIn(page, t.url, 'Housing Rep');
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it("sees only their own agency's actions, in the page and at the API", async () => {
    await page.getByRole('heading', { name: 'Actions', level: 1 }).waitFor();
    await page.getByText('Showing Housing’s actions.').waitFor();
    await page.locator('tr[data-agency]').first().waitFor();
    expect(
      await page
        .locator('tr[data-agency]')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-agency'))),
    ).toEqual(['housing']);
    expect(await page.getByText('Complete a child and family assessment').count()).toBe(0);
    expect(await page.getByLabel('Agency').count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'actions-representative');

    const token = await t.signIn('p-housing');
    const other = await t.call('GET', '/api/actions?agencyId=csc', { token });
    expect(other.status).toBe(403);
    const refused = (await t.store.repos.audit.list(0, 1000)).filter(
      (a) => a.outcome === 'refused' && a.actor === 'p-housing',
    );
    expect(refused.map((a) => a.subject)).toContain('agency:csc');
  }, 60_000);

  it('sees the agenda without names, without the closed session, and cannot reorder it', async () => {
    await page.getByRole('link', { name: 'Meetings' }).click();
    await page
      .getByRole('link', { name: /09:30$/ })
      .first()
      .click();
    await page.getByRole('heading', { name: /^MARAC agenda/ }).waitFor();
    expect(await page.locator('ol > li[data-case]').count()).toBe(8);
    const text = await page.locator('main').innerText();
    expect(text).not.toMatch(/Ava Example|Victim:/);
    expect(text).not.toContain('Closed session');
    expect(text).not.toContain('Bot link code');
    expect(await page.getByRole('button', { name: /^Move up/ }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /Publish agenda/ }).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'agenda-representative');
  }, 60_000);

  it('is told the meeting was not found (as for any unknown id) when opening the closed session', async () => {
    await page.goto(`${t.url}/meetings/m-demo-closed`);
    await page.getByText('The meeting was not found.').waitFor();
    expect(await page.locator('main').innerText()).not.toMatch(/closed session/i);
    expect(await seriousViolations(page)).toEqual([]);
  }, 60_000);

  it('follows a dark system theme outside Teams, still without accessibility faults', async () => {
    const token = await t.signIn('p-housing');
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'dark' });
    await context.addInitScript(
      (session) => sessionStorage.setItem('marac.dev-session', session),
      JSON.stringify({ token, mode: 'dev', personId: 'p-housing' }),
    );
    const dark = await context.newPage();
    await dark.goto(`${t.url}/actions`);
    await dark.locator('tr[data-agency]').first().waitFor();
    expect(await dark.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    expect(await seriousViolations(dark)).toEqual([]);
    await screenshot(dark, 'actions-dark');
    await context.close();
  }, 60_000);
});
