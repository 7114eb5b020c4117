import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { buildClient } from './support/build-client.js';
import { launchChromium, seriousViolations, signedInPage } from './support/browser.js';
import { startTabServer, type TabServer } from './support/tab-server.js';

const dash = (yes: number) => Array.from({ length: 24 }, (_, i) => (i < yes ? 'yes' : 'no'));

/**
 * Meetings change: made outside office hours (a warning, not a refusal), moved to a weekend (the
 * same), then cancelled with a reason, its case going back to the "to be re-listed" queue.
 */
describe('moving and cancelling a meeting in the tab', () => {
  let t: TabServer;
  let browser: Browser;
  let page: Page;
  let token: string;
  let meetingId: string;
  let caseId: string;

  beforeAll(async () => {
    const clientDir = await buildClient();
    t = await startTabServer({ clientDir, now: Date.parse('2026-11-24T09:25:00Z') });
    token = await t.signIn('p-coordinator');
    browser = await launchChromium();
    page = await signedInPage(browser, token, 'p-coordinator');
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('makes a meeting at 18:30 with a warning that it is outside office hours', async () => {
    await page.goto(`${t.url}/meetings`);
    await page.getByRole('heading', { name: 'Create a meeting' }).waitFor();
    await page.getByLabel(/^Date/).fill('2026-12-01');
    await page.getByLabel(/^Start time/).fill('18:30');
    await page.getByRole('button', { name: 'Create meeting' }).click();
    await page.getByTestId('link-code').waitFor();
    expect(await page.getByTestId('meeting-warning').allTextContents()).toEqual([
      '18:30 is outside office hours (09:00 to 17:00).',
    ]);
    const made = (await t.store.repos.meetings.list({ from: '2026-12-01', to: '2026-12-01' })).find(
      (m) => m.startTime === '18:30',
    )!;
    expect(made.status).toBe('planned');
    meetingId = made.id;
    const r = await t.call('POST', '/api/referrals', {
      token,
      body: {
        areaId: 'cambs-demo',
        meetingId,
        referringAgencyId: 'police',
        victim: { name: 'Cleo Movedate', dateOfBirth: '1992-02-03' },
        perpetrators: [{ name: 'Carl Movedate', dateOfBirth: '1990-04-05' }],
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
  }, 60_000);

  it('moves it to a Saturday, warning (not refusing) that it is a weekend', async () => {
    await page.goto(`${t.url}/meetings/${meetingId}`);
    await page.getByRole('heading', { name: 'Move or cancel this meeting' }).waitFor();
    await page.getByLabel('New date').fill('2026-12-05');
    await page.getByLabel('New start time').fill('10:00');
    await page.getByRole('button', { name: 'Move this meeting' }).click();
    await expect
      .poll(() => page.getByTestId('meeting-changes-result').textContent())
      .toBe('Meeting moved. That day is a weekend, outside office hours.');
    await page.getByRole('heading', { name: 'MARAC agenda, Sat 5 Dec 2026 10:00' }).waitFor();
    expect(await t.store.repos.meetings.get(meetingId)).toMatchObject({
      date: '2026-12-05',
      startTime: '10:00',
    });
    expect(await seriousViolations(page)).toEqual([]);
  }, 60_000);

  it('cancels it with a reason; its case goes back to the re-list queue, audited', async () => {
    const cancel = page.getByRole('button', { name: 'Cancel this meeting' });
    expect(await cancel.isDisabled()).toBe(true); // a reason first
    await page.getByLabel(/^Reason for cancelling/).fill('Chair unavailable');
    await cancel.click();
    await expect
      .poll(() => page.getByTestId('meeting-changes-result').textContent())
      .toBe('Meeting cancelled. 1 case went back to the “to be re-listed” queue.');
    await page.getByRole('heading', { name: 'This meeting was cancelled' }).waitFor();
    await page.getByText('This meeting was cancelled; its agenda is locked.').waitFor();
    expect(await page.getByRole('button', { name: 'Apply suggested order' }).count()).toBe(0);
    expect((await t.store.repos.meetings.get(meetingId))!.status).toBe('cancelled');
    const c = (await t.store.repos.cases.get(caseId))!;
    expect(c.status).toBe('not-reached');
    expect(c.meetingId).toBeUndefined();
    const queued = (await t.store.repos.audit.list(0, 100_000)).filter(
      (a) => a.action === 'case.queued' && a.subject === `case:${caseId}`,
    );
    expect(queued.map((a) => a.reason)).toEqual(['Chair unavailable']);
  }, 60_000);
});
