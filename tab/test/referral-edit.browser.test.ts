import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { buildClient } from './support/build-client.js';
import { launchChromium, seriousViolations, signedInPage } from './support/browser.js';
import { startTabServer, type TabServer } from './support/tab-server.js';

const dash = (yes: number) => Array.from({ length: 24 }, (_, i) => (i < yes ? 'yes' : 'no'));

/** Editing a referral on the case page: a save, then a concurrent edit refused with the form kept. */
describe('editing a referral on the case page', () => {
  let t: TabServer;
  let browser: Browser;
  let page: Page;
  let token: string;
  let caseId: string;

  beforeAll(async () => {
    const clientDir = await buildClient();
    t = await startTabServer({ clientDir, now: Date.parse('2026-11-24T09:25:00Z') });
    token = await t.signIn('p-coordinator');
    const r = await t.call('POST', '/api/referrals', {
      token,
      body: {
        areaId: 'cambs-demo',
        referringAgencyId: 'police',
        victim: { name: 'Dora Browser', dateOfBirth: '1991-06-07' },
        perpetrators: [{ name: 'Dan Browser', dateOfBirth: '1989-08-09' }],
        children: [],
        dash: dash(18),
        criteria: ['visible-high-risk'],
        consent: 'given',
        honourBasedAbuse: false,
        worksForCoreAgency: false,
        diversity: {},
      },
    });
    expect(r.status).toBe(201);
    caseId = r.body.case.id;
    browser = await launchChromium();
    page = await signedInPage(browser, token, 'p-coordinator');
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('saves an edit of the victim’s name and consent', async () => {
    await page.goto(`${t.url}/cases/${caseId}`);
    await page.getByRole('button', { name: 'Edit the referral' }).click();
    await page.getByLabel('Victim’s full name').fill('Dora Renamed');
    await page.getByLabel('No: referred without consent because of the risk').check();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText(/The referral for MC-\d{4}-\d{4} is saved\./).waitFor();
    await page.getByText(/Victim: Dora Renamed/).waitFor();
    const c = (await t.store.repos.cases.get(caseId))!;
    expect(c).toMatchObject({ consent: 'not-given', version: 2 });
    expect(c.personal.victim.name).toBe('Dora Renamed');
    expect(await seriousViolations(page)).toEqual([]);
  }, 60_000);

  it('refuses a save over someone else’s edit, saying so, and keeps what was typed', async () => {
    await page.getByRole('button', { name: 'Edit the referral' }).click();
    const address = page.getByLabel('Victim’s address');
    await address.fill('3 Typed Street');
    // Someone else saves first.
    const opened = (await t.call('GET', `/api/cases/${caseId}`, { token })).body.case;
    const other = await t.call('PATCH', `/api/cases/${caseId}/referral`, {
      token,
      body: {
        referringAgencyId: opened.referringAgencyId,
        victim: opened.personal.victim,
        perpetrators: opened.personal.perpetrators,
        children: [],
        dash: opened.dash,
        criteria: opened.criteria,
        consent: 'not-sought',
        diversity: {},
        version: opened.version,
      },
    });
    expect(other.status).toBe(200);
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page
      .getByRole('alert')
      .getByText(/changed since you opened it/)
      .waitFor();
    expect(await address.inputValue()).toBe('3 Typed Street');
    expect(await page.getByLabel('Victim’s full name').inputValue()).toBe('Dora Renamed');
    const c = (await t.store.repos.cases.get(caseId))!;
    expect(c.consent).toBe('not-sought');
    expect(c.personal.victim.address).toBeUndefined();
  }, 60_000);
});
