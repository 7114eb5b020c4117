import { readFile } from 'node:fs/promises';
import { ukDate } from '../src/shared/uk-date.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import type { Browser, Page } from 'playwright-core';
import { buildClient } from './support/build-client.js';
import { devSignIn, launchChromium, screenshot, seriousViolations } from './support/browser.js';
import { startTabServer, type TabServer } from './support/tab-server.js';

const addDays = (iso: string, n: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const rowOrder = (page: Page) =>
  page
    .locator('ol[aria-label^="Cases in order"] > li')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-case')));

/** Answers the DASH checklist: the first `yes` questions yes, the rest no. */
async function answerDash(page: Page, yes: number) {
  // Each question is a radio group named by its question.
  await page
    .getByRole('radiogroup', { name: /^1\. Has the current incident resulted in injury\?/ })
    .getByRole('radio', { name: 'Yes', exact: true })
    .check();
  const groups = page.locator('ol [role="radiogroup"]');
  expect(await groups.count()).toBe(24);
  for (let n = 2; n <= 24; n++)
    await groups
      .nth(n - 1)
      .locator(`input[value="${n <= yes ? 'yes' : 'no'}"]`)
      .check();
}

describe('coordinator in the browser', () => {
  let t: TabServer;
  let browser: Browser;
  let page: Page;
  let today: string;
  let year: string;
  const newMeetingDate = () => addDays(today, 7);

  beforeAll(async () => {
    const clientDir = await buildClient();
    t = await startTabServer({ clientDir });
    today = new Date(t.clock.now()).toISOString().slice(0, 10);
    year = today.slice(0, 4);
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('signs in with the development sign-in and creates a meeting, showing its link code', async () => {
    await page.goto(t.url);
    await page.getByText('Development sign-in').first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'sign-in');
    await devSignIn(page, t.url, 'Cara Coordinator');
    await page.getByRole('heading', { name: 'Meetings', level: 1 }).waitFor();
    await page.getByRole('link', { name: `${ukDate(today)} 09:30` }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByLabel(/^Date/).fill(newMeetingDate());
    await page.getByLabel(/^Chair/).selectOption({ label: 'Chris Chair' });
    await page.getByRole('button', { name: 'Create meeting' }).click();
    const code = await page.getByTestId('link-code').textContent();
    expect(code).toMatch(/^[A-Z2-9]{6}$/);
    await page.getByRole('link', { name: `${ukDate(newMeetingDate())} 09:30` }).waitFor();
    await screenshot(page, 'meetings');
  }, 60_000);

  it('adds a referral through the DASH checklist and flags the repeat and the two-week conflict', async () => {
    await page.getByRole('link', { name: 'New referral' }).click();
    await page.getByRole('heading', { name: 'New referral' }).waitFor();
    // Saving an empty form shows messages next to the fields.
    await page.getByRole('button', { name: 'Save referral' }).click();
    await page.getByText('Enter the full name.').first().waitFor();
    expect(await page.getByLabel(/^Victim’s full name/).getAttribute('aria-invalid')).toBe('true');
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByLabel(/^Referring agency/).selectOption({ label: 'Police' });
    await page
      .getByLabel(/^Hear at meeting/)
      .selectOption({ label: `MARAC ${ukDate(newMeetingDate())} 09:30 · 0 of 8` });
    await page.getByLabel(/^Victim’s full name/).fill('Ava Example');
    await page.getByLabel(/^Victim’s date of birth/).fill('1980-01-10');
    await page.getByLabel(/^Perpetrator 1 full name/).fill('Adam Example');
    await page.getByLabel(/^Perpetrator 1 date of birth/).fill('1978-01-20');
    await page.getByRole('button', { name: 'Add a child' }).click();
    await page.getByLabel(/^Child 1 name/).fill('<script>alert(1)</script> Kit');
    await answerDash(page, 18);
    await expect
      .poll(() => page.getByTestId('dash-count').textContent())
      .toContain('“Yes” answers: 18 of 24 (24 answered)');
    expect(await page.getByTestId('dash-count').textContent()).toContain(
      'threshold for visible high risk is 17: met',
    );
    await page.getByRole('radio', { name: 'Yes, consent given' }).check();
    await page.getByLabel('Ethnicity').selectOption({ label: 'White' });
    // The checks run as the coordinator types, before anything is stored.
    await page.getByTestId('repeat-check').waitFor();
    expect(await page.getByTestId('repeat-check').textContent()).toContain(
      `${ukDate(addDays(today, -14))} (MC-${Number(year) - 1}-0999)`,
    );
    expect(await page.getByTestId('two-week-check').textContent()).toContain(
      `listed on ${ukDate(today)}, within two weeks`,
    );
    await screenshot(page, 'referral-form');
    const before = (await t.store.repos.cases.list({ areaId: 'cambs-demo' })).length;
    await page.getByRole('button', { name: 'Save referral' }).click();
    await page
      .getByText(/Give a reason to list it anyway/)
      .first()
      .waitFor();
    expect((await t.store.repos.cases.list({ areaId: 'cambs-demo' })).length).toBe(before);
    await page
      .getByLabel(/^Reason to list it within two weeks/)
      .fill('New serious incident since the last hearing');
    await page.getByRole('button', { name: 'Save referral' }).click();

    await page.getByTestId('referral-result').waitFor();
    expect(await page.getByText(new RegExp(`Referral saved as MC-${year}-\\d{4}`)).count()).toBe(1);
    const repeat = await page.getByTestId('repeat-flag').textContent();
    expect(repeat).toContain('Repeat referral');
    expect(repeat).toContain(`${ukDate(addDays(today, -14))}: MC-${Number(year) - 1}-0999 heard`);
    expect(await page.getByTestId('two-week-flag').textContent()).toContain(
      `listed on ${ukDate(today)}, within two weeks`,
    );
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'referral-saved');
  }, 90_000);

  it('keeps the form and retries after the sign-in expires mid-referral', async () => {
    await page.getByRole('button', { name: 'Add another referral' }).click();
    await page.getByLabel(/^Referring agency/).selectOption({ label: 'Housing' });
    await page.getByLabel(/^Victim’s full name/).fill('Jo Kept');
    await page.getByLabel(/^Perpetrator 1 full name/).fill('Lee Kept');
    await answerDash(page, 17);
    await page.getByRole('radio', { name: 'Not sought (not safe or not possible to ask)' }).check();
    // The checks as typed have run (before the sign-in expires, so Save is what finds it expired).
    await page
      .locator('[data-testid="referral-checks"][data-pending="false"]')
      .waitFor({ state: 'attached' });
    t.clock.advance(31 * 60_000); // the development token lasts 30 minutes
    await page.getByRole('button', { name: 'Save referral' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Sign in again' });
    await dialog.waitFor();
    expect(await page.getByLabel(/^Victim’s full name/).inputValue()).toBe('Jo Kept');
    await dialog.getByRole('button', { name: 'Sign in and carry on' }).click();
    await page.getByTestId('referral-result').waitFor();
    const saved = (await t.store.repos.cases.list({ areaId: 'cambs-demo' })).find(
      (c) => c.personal.victim.name === 'Jo Kept',
    );
    expect(saved).toMatchObject({ referringAgencyId: 'housing', consent: 'not-sought', status: 'scheduled' });
  }, 90_000);

  it('orders the agenda by keyboard and by drag, and exports it as DOCX and CSV', async () => {
    await page.goto(`${t.url}/meetings/m-demo`);
    await page.getByRole('heading', { name: `MARAC agenda, ${ukDate(today)} 09:30` }).waitFor();
    const ref = (n: number) => `MC-${year}-${String(n).padStart(4, '0')}`;
    expect((await rowOrder(page)).slice(0, 3)).toEqual([ref(1), ref(2), ref(3)]);

    await page.locator(`li[data-case="${ref(1)}"]`).focus();
    await page.keyboard.press('Alt+ArrowDown');
    await expect
      .poll(() => page.getByTestId('agenda-announcer').textContent())
      .toBe(`${ref(1)} moved to position 2 of 8, 09:50 to 10:10.`);
    expect((await rowOrder(page)).slice(0, 2)).toEqual([ref(2), ref(1)]);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-case'))).toBe(ref(1));
    await page.keyboard.press('Alt+ArrowUp');
    await expect.poll(async () => (await rowOrder(page))[0]).toBe(ref(1));
    await page.getByRole('button', { name: `Move down: ${ref(3)}` }).press('Enter');
    await expect.poll(async () => (await rowOrder(page)).slice(2, 4)).toEqual([ref(4), ref(3)]);

    // The save is held back, so what shows meanwhile is the tab's own view of the move: the moved
    // case already has its new slot's times.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    await page.route('**/api/meetings/m-demo/agenda', async (route) => {
      await held;
      await route.continue();
    });
    await page.locator(`li[data-case="${ref(6)}"]`).dragTo(page.locator(`li[data-case="${ref(1)}"]`));
    await expect.poll(async () => (await rowOrder(page))[0]).toBe(ref(6));
    expect(await page.locator(`li[data-case="${ref(6)}"]`).getAttribute('aria-label')).toContain(
      '1. 09:30 to 09:50',
    );
    release();
    await expect
      .poll(
        async () =>
          (await t.store.repos.agenda.list('m-demo')).sort((a, b) => a.position - b.position)[0].caseId,
      )
      .toBe('c-demo-6');
    await page.unroute('**/api/meetings/m-demo/agenda');
    await expect
      .poll(() => page.locator(`li[data-case="${ref(6)}"]`).getAttribute('aria-label'))
      .toContain('1. 09:30 to 09:50');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'agenda');

    const [docx] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download agenda (DOCX)' }).click(),
    ]);
    const zip = await JSZip.loadAsync(await readFile((await docx.path())!));
    const header = Object.keys(zip.files).find((f) => /word\/header\d*\.xml/.test(f))!;
    expect(await zip.file(header)!.async('string')).toContain('OFFICIAL-SENSITIVE');
    const body = await zip.file('word/document.xml')!.async('string');
    expect(body.indexOf(ref(6))).toBeLessThan(body.indexOf(ref(1)));
    expect(body).toContain('Fay Testcase');

    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    const lines = (await readFile((await csv.path())!, 'utf8')).split('\r\n');
    expect(lines[0]).toBe('OFFICIAL-SENSITIVE');
    expect(lines[1]).toMatch(new RegExp(`^"MARAC agenda, .*, ${ukDate(today)} 09:30"$`));
    expect(lines[3]).toMatch(new RegExp(`^1,09:30–09:50,${ref(6)},Police,Fay Testcase,Sat 15 Jun 1985,`));
  }, 90_000);

  it('shows text with HTML in it as text, and warns when a meeting has too many cases', async () => {
    const token = await t.signIn('p-coordinator');
    const meeting = (await t.store.repos.meetings.list({ from: newMeetingDate(), to: newMeetingDate() }))[0];
    const hostile = '<img src=x onerror="window.__xss=1"><b>Zed</b>';
    for (let i = 0; i < 8; i++) {
      const r = await t.call('POST', '/api/referrals', {
        token,
        body: {
          areaId: 'cambs-demo',
          meetingId: meeting.id,
          referringAgencyId: 'probation',
          victim: { name: i ? `Victim Number${i}` : hostile },
          perpetrators: [{ name: `Perp Number${i}` }],
          children: [],
          dash: Array.from({ length: 24 }, (_, q) => (q < 17 ? 'yes' : 'dont-know')),
          criteria: ['visible-high-risk'],
          consent: 'given',
          honourBasedAbuse: false,
          worksForCoreAgency: false,
          diversity: {},
          // Past the area's maximum the coordinator has confirmed listing anyway (the API asks first).
          confirmFull: true,
        },
      });
      expect(r.status).toBe(201);
    }
    await page.goto(`${t.url}/meetings/${meeting.id}`);
    await page.getByText(`Victim: ${hostile}`).waitFor();
    expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page.locator('main img, main b').count()).toBe(0);
    await page.getByText('cases is more than the 8 a meeting can hear well').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  }, 60_000);

  it('creates a meeting with the keyboard alone', async () => {
    await page.goto(`${t.url}/meetings`);
    await page.getByRole('heading', { name: 'Create a meeting' }).waitFor();
    await page.getByLabel(/^Area/).focus();
    await page.keyboard.press('Tab'); // kind of meeting: the checked radio
    await page.keyboard.press('ArrowRight'); // MARAC Plus
    expect(await page.getByRole('radio', { name: 'MARAC Plus' }).isChecked()).toBe(true);
    await page.keyboard.press('Tab'); // date
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).type)).toBe('date');
    await page.keyboard.type(
      addDays(today, 10).split('-').slice(1).join('') + addDays(today, 10).slice(0, 4),
    );
    await page.keyboard.press('Tab');
    while (
      await page.evaluate(() => (document.activeElement as HTMLElement).textContent !== 'Create meeting')
    )
      await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByTestId('link-code').waitFor();
    const plus = (
      await t.store.repos.meetings.list({ from: addDays(today, 10), to: addDays(today, 10) })
    ).find((m) => m.kind === 'marac-plus');
    expect(plus).toBeTruthy();
  }, 60_000);

  it('shows the actions tracker and the meeting tab configuration page without accessibility faults', async () => {
    await page.getByRole('link', { name: 'Actions', exact: true }).click();
    await page.getByRole('heading', { name: 'Actions', level: 1 }).waitFor();
    await page
      .getByRole('cell', {
        name: 'Complete a child and family assessment and share the outcome with the IDVA',
      })
      .waitFor();
    expect(await page.locator('tr[data-agency]').count()).toBe(3);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'actions');
    await page.goto(`${t.url}/config`);
    await page.getByRole('heading', { name: 'Add MARAC to this Teams meeting' }).waitFor();
    await page.getByRole('radio', { name: new RegExp(`^MARAC ${ukDate(today)} 09:30`) }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'config');
  }, 60_000);
});
