import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { matchKeys } from '@marac/core/coordinator';
import type { MaracCase } from '@marac/core';
import { buildClient } from './support/build-client.js';
import { launchChromium, screenshot, seriousViolations } from './support/browser.js';
import { startTabServer, type TabServer } from './support/tab-server.js';

const N = 500;
const STATUSES: MaracCase['status'][] = [
  'referred',
  'heard',
  'deferred',
  'referred-to-plus',
  'not-reached',
  'closed',
];

/** The inbox with 500 cases: first render timed, search by reference and by name, filter, list from the case page. */
describe('the referrals inbox with 500 cases', () => {
  let t: TabServer;
  let browser: Browser;
  let page: Page;
  let firstRenderMs: number;

  beforeAll(async () => {
    const clientDir = await buildClient();
    t = await startTabServer({ clientDir, now: Date.parse('2026-11-24T09:25:00Z') });
    // 500 referrals of the last two years in one transaction, names sealed and keyed like real ones.
    await t.store.tx(async (r) => {
      const base = (await r.cases.get('c-demo-1'))!;
      for (let i = 0; i < N; i++) {
        const victim = { name: `Victim Number${i}`, dateOfBirth: '1985-01-01' };
        const perpetrator = { name: `Perp Number${i}`, dateOfBirth: '1983-01-01' };
        await r.cases.put({
          ...base,
          id: `c-bulk-${i}`,
          reference: `MC-2025-${String(1000 + i).padStart(4, '0')}`,
          receivedAt: new Date(Date.parse('2025-01-01T10:00:00Z') + i * 86_400_000).toISOString(),
          referringAgencyId: i % 2 ? 'police' : 'housing',
          status: STATUSES[i % STATUSES.length],
          meetingId: undefined,
          closedSession: false,
          personal: { victim, perpetrators: [perpetrator], children: [] },
          ...matchKeys(t.cipher, victim, [perpetrator]),
          version: 0,
        });
      }
    });
    browser = await launchChromium();
    const token = await t.signIn('p-coordinator');
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addInitScript(
      (session) => {
        sessionStorage.setItem('marac.dev-session', session);
        new MutationObserver((_, obs) => {
          if (document.querySelector('[data-testid="inbox"] tr[data-case]')) {
            (window as { firstRowAt?: number }).firstRowAt = performance.now();
            obs.disconnect();
          }
        }).observe(document, { childList: true, subtree: true });
      },
      JSON.stringify({ token, mode: 'dev', personId: 'p-coordinator' }),
    );
    page = await context.newPage();
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('renders every case of the area, newest first, and says how long the first render took', async () => {
    await page.goto(`${t.url}/referrals`);
    await page.locator('[data-testid="inbox"] tr[data-case]').first().waitFor({ timeout: 30_000 });
    firstRenderMs = await page.evaluate(
      () => (window as { firstRowAt?: number }).firstRowAt ?? performance.now(),
    );
    console.log(
      `inbox with ${N + 10} cases: first row rendered ${firstRenderMs.toFixed(0)} ms after navigation`,
    );
    const rows = page.locator('[data-testid="inbox"] tbody tr');
    // 500, the demo's 9 and its earlier case; the newest 100 drawn, the rest a click away.
    expect(await page.getByTestId('inbox-count').textContent()).toBe('510 cases, showing the newest 100.');
    expect(await rows.count()).toBe(100);
    expect(await rows.first().getAttribute('data-case')).toMatch(/^MC-2026-/);
    expect(await page.locator('tr[data-case="MC-2025-1499"]').innerText()).toMatch(
      /MC-2025-1499[\s\S]*Fri 15 May 2026[\s\S]*Police[\s\S]*Visible high risk[\s\S]*Heard/,
    );
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'referrals-inbox');
    await page.getByRole('button', { name: 'Show 100 more' }).click();
    await expect.poll(() => rows.count()).toBe(200);
  }, 120_000);

  it('searches by reference and by a name (through keyed hashes), and says when nothing matches', async () => {
    const search = page.getByLabel(/^Search/);
    await search.fill('MC-2025-1234');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => page.locator('[data-testid="inbox"] tbody tr').count()).toBe(1);
    await search.fill('  perp   number77 ');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect
      .poll(() => page.locator('[data-testid="inbox"] tbody tr').first().getAttribute('data-case'))
      .toBe('MC-2025-1077');
    expect(await page.locator('[data-testid="inbox"] tbody tr').count()).toBe(1);
    await search.fill('Nobody Atall');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByTestId('inbox-message').waitFor();
    expect(await page.getByTestId('inbox-message').textContent()).toBe('No case matches “that name”.');
    expect(await page.locator('[data-testid="inbox"] tbody tr').count()).toBe(0);
  }, 60_000);

  it('filters by status and agency, then lists a deferred case from its page on a meeting, with capacity shown', async () => {
    await page.getByLabel(/^Search/).fill('');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByLabel('Status').selectOption({ label: 'Deferred' });
    await page.getByLabel('Referring agency').selectOption({ label: 'Housing' });
    await expect
      .poll(async () =>
        (await page.locator('[data-testid="inbox"] tbody tr').allInnerTexts()).every(
          (x) => /Deferred/.test(x) && /Housing/.test(x),
        ),
      )
      .toBe(true);
    const deferred = (await t.store.repos.cases.list({ areaId: 'cambs-demo', status: ['deferred'] })).filter(
      (c) => c.referringAgencyId === 'housing',
    );
    expect(await page.locator('[data-testid="inbox"] tbody tr').count()).toBe(deferred.length);

    await page.getByRole('link', { name: 'MC-2025-1002' }).click();
    await page.getByRole('heading', { name: /MC-2025-1002/ }).waitFor();
    const picker = page.getByLabel('Meeting');
    await expect
      .poll(() => picker.locator('option').allInnerTexts())
      .toContain('MARAC Tue 24 Nov 2026 09:30 · 8 of 8 — full');
    await picker.selectOption({ label: 'MARAC Tue 24 Nov 2026 09:30 · 8 of 8 — full' });
    await page.getByRole('button', { name: 'List', exact: true }).click();
    await page.getByTestId('listing-confirm').waitFor();
    expect(await page.getByTestId('listing-confirm').textContent()).toContain(
      "8 of 8 cases, the area's maximum",
    );
    expect((await t.store.repos.cases.get('c-bulk-2'))?.status).toBe('deferred');
    await page.getByRole('button', { name: 'List on the full meeting' }).click();
    await page.getByText('MC-2025-1002 is listed on MARAC Tue 24 Nov 2026 09:30.').waitFor();
    expect(await t.store.repos.cases.get('c-bulk-2')).toMatchObject({
      status: 'scheduled',
      meetingId: 'm-demo',
    });
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'case-page');
  }, 60_000);

  it('is not there for a representative', async () => {
    const token = await t.signIn('p-housing');
    const r = await t.call('GET', '/api/referrals?areaId=cambs-demo', { token });
    expect(r.status).toBe(403);
    expect((await t.call('GET', '/api/cases/c-bulk-2', { token })).status).toBe(403);
  });
});
