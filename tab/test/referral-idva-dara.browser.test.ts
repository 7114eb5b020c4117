import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { buildClient } from './support/build-client.js';
import { launchChromium, seriousViolations, signedInPage } from './support/browser.js';
import { startTabServer, type TabServer } from './support/tab-server.js';

/**
 * The referral records the victim's consent, whether the IDVA service has been referred and has
 * contacted the victim, and — on a police referral — the DARA level in place of the DASH answers.
 */
describe('consent, IDVA contact and the police DARA level on the referral form and case page', () => {
  let t: TabServer;
  let browser: Browser;
  let page: Page;
  let caseId: string;

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

  it('offers the DARA level only for a police referral, and saves it with no DASH answers', async () => {
    await page.goto(`${t.url}/referrals/new`);
    await page.getByRole('heading', { name: 'New referral' }).waitFor();
    await page.getByLabel(/^Referring agency/).selectOption({ label: 'IDVA Service' });
    expect(await page.getByRole('radiogroup', { name: /DARA/ }).count()).toBe(0);
    await page.getByLabel(/^Referring agency/).selectOption({ label: 'Police' });
    await page.getByRole('radiogroup', { name: /DARA/ }).getByRole('radio', { name: 'High' }).check();
    await page.getByText('Visible high risk: yes (police DARA level high).').waitFor();
    await page.getByLabel(/^Victim’s full name/).fill('Iris Darafield');
    await page.getByLabel(/^Perpetrator 1 full name/).fill('Ivan Darafield');
    await page.getByRole('radio', { name: 'No: referred without consent because of the risk' }).check();
    // "Contacted" is asked only once the IDVA service has been referred.
    expect(await page.getByLabel('The IDVA service has contacted the victim').count()).toBe(0);
    await page.getByLabel('The victim has been referred to the IDVA service').check();
    await page.getByLabel('The IDVA service has contacted the victim').check();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Save referral' }).click();
    await page.getByTestId('referral-result').waitFor();

    const saved = (await t.store.repos.cases.list({ areaId: 'cambs-demo' })).find(
      (c) => c.personal.victim.name === 'Iris Darafield',
    )!;
    expect(saved).toMatchObject({
      referringAgencyId: 'police',
      daraLevel: 'high',
      dash: [],
      consent: 'not-given',
      idva: { referred: true, contacted: true },
    });
    expect(saved.criteria).toContain('visible-high-risk');
    caseId = saved.id;
  }, 90_000);

  it('shows them on the case page, and an edit of the IDVA contact is saved', async () => {
    await page.goto(`${t.url}/cases/${caseId}`);
    const facts = page.getByTestId('case-consent-idva');
    await expect
      .poll(() => facts.textContent())
      .toBe(
        'Consent: not given (referred because of the risk). IDVA service: referred, and has contacted the victim. Police DARA level: high.',
      );
    await page.getByRole('button', { name: 'Edit the referral' }).click();
    expect(await page.getByRole('radio', { name: 'High' }).isChecked()).toBe(true);
    await page.getByLabel('The IDVA service has contacted the victim').uncheck();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText(/The referral for MC-\d{4}-\d{4} is saved\./).waitFor();
    await expect.poll(() => facts.textContent()).toContain('IDVA service: referred, not yet in contact.');
    expect((await t.store.repos.cases.get(caseId))!.idva).toEqual({ referred: true, contacted: false });
    expect(await seriousViolations(page)).toEqual([]);
  }, 60_000);
});
