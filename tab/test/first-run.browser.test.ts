import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startBotHarness } from '../../testing/bot-harness.js';
import { meetingChat, type Speaker } from '../../testing/teams-activities.js';
import { buildClient } from './support/build-client.js';
import { devSignIn, launchChromium, screenshot } from './support/browser.js';
import { ukDate } from '../src/shared/uk-date.js';

/**
 * A real MARAC from an EMPTY database (SEED_DEMO=off): the first administrator sets up the area,
 * its agencies and people in the browser; a coordinator plans the first meeting; then the chair
 * runs it in Teams (over HTTP, Teams-shaped activities). No demonstration data anywhere.
 */
const oid = (n: number) => `5e5e5e5e-0000-4000-8000-${String(n).padStart(12, '0')}`;
const DECLARATION =
  'NORVALE MARAC: everything shared here stays within the Norvale information sharing agreement. Confirm to take part.';
const AGENCIES = [
  ['Police', 'Police'],
  ['Housing', 'Housing'],
  ['IDVA Service', 'IDVA'],
  ["Children's Social Care", 'CSC'],
  ['Adult Social Care', 'ASC'],
  ['Probation', 'Probation'],
  ['Mental Health', 'MH'],
  ['Health', 'Health'],
  ['Education', 'Education'],
] as const;
// After one keyboard move (IDVA up) and one drag (Education onto Housing):
const ORDER = [
  'police',
  'idva-service',
  'education',
  'housing',
  'children-s-social-care',
  'adult-social-care',
  'probation',
  'mental-health',
  'health',
];
const PEOPLE = [
  ['Nia Coordinator', 'coordinator', 'IDVA Service'],
  ['Dana Inspector', 'agency-rep', 'Police'],
  ['Ira Advocate', 'idva', 'IDVA Service'],
  ['Hal Housing', 'agency-rep', 'Housing'],
  ['Cas Social', 'agency-rep', 'CSC'],
  ['Ada Adult', 'agency-rep', 'ASC'],
  ['Pat Probation', 'agency-rep', 'Probation'],
  ['Mo Health', 'agency-rep', 'MH'],
  ['Gus Hospital', 'agency-rep', 'Health'],
  ['Eve School', 'agency-rep', 'Education'],
  ['Dee Deputy', 'deputy-chair', 'Police'],
  ['Obi Observer', 'observer', ''],
] as const;
const CSV = [
  'name,email,object id,agency,roles',
  ...PEOPLE.map(
    ([name, role, agency], i) =>
      `${name},${name.split(' ')[0].toLowerCase()}@norvale.example,${oid(i + 1)},${agency},${role}`,
  ),
].join('\n');
const speaker = (i: number): Speaker => ({ aad: oid(i + 1), name: PEOPLE[i][0], teamsId: `29:nv-${i + 1}` });

async function answerDash(page: Page, yes: number) {
  const groups = page.locator('ol [role="radiogroup"]');
  expect(await groups.count()).toBe(24);
  for (let n = 1; n <= 24; n++)
    await groups
      .nth(n - 1)
      .locator(`input[value="${n <= yes ? 'yes' : 'no'}"]`)
      .check();
}

describe('a real MARAC from an empty install', () => {
  let h: Awaited<ReturnType<typeof startBotHarness>>;
  let browser: Browser;
  let page: Page;
  let linkCode: string;
  const today = '2026-11-24';

  beforeAll(async () => {
    const clientDir = await buildClient();
    h = await startBotHarness({
      env: { SEED_DEMO: 'off' },
      clientDir,
      clockStart: Date.parse(`${today}T08:00:00Z`),
    });
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  it('starts empty and offers the first-run administrator', async () => {
    expect(await h.server.store.repos.people.list()).toEqual([]);
    expect(await h.server.store.repos.areas.list()).toEqual([]);
    await page.goto(h.url);
    await page.getByRole('button', { name: 'Start as the first-run administrator' }).click();
    await page.getByText('Signed in as First-run administrator').waitFor();
  }, 60_000);

  it('creates an area with threshold 14, 8-day circulation and its own declaration, naming bad fields in place', async () => {
    await page.getByRole('link', { name: 'Areas' }).click();
    await page.getByRole('link', { name: 'New area' }).click();
    await page.getByLabel('Area name').fill('Norvale MARAC');
    await page.getByLabel('DASH threshold').fill('30');
    await page.getByRole('button', { name: 'Create area' }).click();
    await page.getByText('The DASH threshold is a number of "yes" answers, 1 to 24.').waitFor();
    await page.getByText('The declaration needs its full text (at least 20 characters).').waitFor();
    expect(await page.getByLabel('DASH threshold').getAttribute('aria-invalid')).toBe('true');
    expect(await h.server.store.repos.areas.list()).toEqual([]);
    await page.getByLabel('DASH threshold').fill('14');
    await page.getByLabel(/^Agenda circulation/).fill('8');
    await page.getByLabel('Confidentiality declaration').fill(DECLARATION);
    await page.getByRole('button', { name: 'Create area' }).click();
    await page.getByRole('heading', { name: 'Agencies: Norvale MARAC' }).waitFor();
    expect(await h.server.store.repos.areas.get('norvale-marac')).toMatchObject({
      dashThreshold: 14,
      agendaCirculationDays: 8,
      declaration: { version: 'v1', text: DECLARATION },
    });
  }, 60_000);

  it('adds 9 agencies and sets the batting order by keyboard and by drag', async () => {
    for (const [name, short] of AGENCIES) {
      await page.getByLabel('Agency name').fill(name);
      await page.getByLabel('Short label (chat)').fill(short);
      await page.getByRole('button', { name: 'Add agency' }).click();
      await page.getByText(`${name} added.`).waitFor();
    }
    await page.getByLabel('Agency name').fill('police');
    await page.getByRole('button', { name: 'Add agency' }).click();
    await page.getByText('This area already has an agency called "Police".').waitFor();
    await page.locator('li[data-agency="idva-service"]').focus();
    await page.keyboard.press('Alt+ArrowUp');
    await page.getByText('IDVA Service moved to position 2.').waitFor();
    await page.locator('li[data-agency="education"]').dragTo(page.locator('li[data-agency="housing"]'));
    await page.getByText('Education moved to position 3.').waitFor();
    const shown = await page
      .locator('ol[aria-label="Batting order"] > li')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-agency')));
    expect(shown).toEqual(ORDER);
    expect((await h.server.store.repos.areas.get('norvale-marac'))?.battingOrder).toEqual(ORDER);
    // Saved at once (and shown once stored): police update actions on their own system.
    await page.getByRole('checkbox', { name: 'Updates actions in its own system' }).first().click();
    await page.getByText('Police updated.').waitFor();
    expect(
      await page.getByRole('checkbox', { name: 'Updates actions in its own system' }).first().isChecked(),
    ).toBe(true);
    expect((await h.server.store.repos.areas.get('norvale-marac'))?.selfRecordingAgencies).toEqual([
      'police',
    ]);
    await screenshot(page, 'first-run-agencies');
  }, 90_000);

  it('imports 12 people from CSV (a bad file imports nothing) and makes a chair', async () => {
    await page.getByRole('link', { name: 'Areas' }).click();
    await page.getByRole('link', { name: 'People: Norvale MARAC' }).click();
    const bad = `${CSV}\nBad Row,not-an-email,${oid(99)},Nowhere,wizard`;
    await page.getByLabel('CSV', { exact: true }).fill(bad);
    await page.getByRole('button', { name: 'Preview import' }).click();
    await page.getByText('1 of 13 rows need attention; nothing is imported until they are fixed.').waitFor();
    expect(await page.locator('tr[data-line="14"]').textContent()).toContain(
      'agency: No agency "Nowhere" in Norvale MARAC.',
    );
    expect(await page.getByRole('button', { name: /^Import 13 people/ }).count()).toBe(0);
    expect(await h.server.store.repos.people.list()).toHaveLength(1);
    await page.getByLabel('CSV', { exact: true }).fill(CSV);
    await page.getByRole('button', { name: 'Preview import' }).click();
    await page.getByRole('button', { name: 'Import 12 people' }).click();
    await page.getByText('Imported 12 people into Norvale MARAC.').waitFor();
    expect(await h.server.store.repos.people.list()).toHaveLength(13);
    expect(await page.locator('tr[data-person="dana@norvale.example"]').textContent()).toContain(
      'Not yet seen in Teams',
    );

    await page.getByRole('button', { name: 'Change: Dana Inspector' }).click();
    await page
      .getByRole('form', { name: 'Change Dana Inspector' })
      .getByRole('checkbox', { name: 'Chair', exact: true })
      .check();
    await page.getByRole('button', { name: 'Save person' }).click();
    await expect
      .poll(() => page.locator('tr[data-person="dana@norvale.example"]').textContent())
      .toContain('Chair');
    await screenshot(page, 'first-run-people');
  }, 90_000);

  it('a coordinator creates the first meeting and a referral', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await devSignIn(page, h.url, 'Nia Coordinator');
    await page.getByRole('heading', { name: 'Meetings', level: 1 }).waitFor();
    await page.getByLabel(/^Date/).fill(today);
    await page.getByLabel(/^Chair/).selectOption({ label: 'Dana Inspector' });
    await page.getByRole('button', { name: 'Create meeting' }).click();
    linkCode = (await page.getByTestId('link-code').textContent())!;
    expect(linkCode).toMatch(/^[A-Z2-9]{6}$/);

    await page.getByRole('link', { name: 'New referral' }).click();
    await page.getByLabel(/^Referring agency/).selectOption({ label: 'Police' });
    await page
      .getByLabel(/^Hear at meeting/)
      .selectOption({ label: `MARAC ${ukDate(today)} 09:30 · 0 of 10` });
    await page.getByLabel(/^Victim’s full name/).fill('Rowan Testcase');
    await page.getByLabel(/^Perpetrator 1 full name/).fill('Sam Testcase');
    await answerDash(page, 14);
    await expect
      .poll(() => page.getByTestId('dash-count').textContent())
      .toContain('threshold for visible high risk is 14: met');
    await page.getByRole('radio', { name: 'Yes, consent given' }).check();
    await page.getByRole('button', { name: 'Save referral' }).click();
    await page.getByTestId('referral-result').waitFor();
  }, 90_000);

  it("the chair links in Teams, the bot posts this area's declaration and runs the first case in this batting order", async () => {
    const chat = meetingChat(h.connector.url, '19:meeting_norvale@thread.v2', 'MCMeeting-norvale');
    const chair = speaker(1);
    const present = [chair, speaker(0), speaker(2), speaker(9)];
    await h.send(chat.say(speaker(11), `link ${linkCode}`));
    expect(h.connector.messages(chat.conversationId).at(-1)?.text).toMatch(/Only the chair or a coordinator/);
    await h.send(chat.say(chair, `link ${linkCode}`));
    expect(h.connector.messages(chat.conversationId).at(-1)?.text).toMatch(
      new RegExp(`Linked to the MARAC of ${ukDate(today)}`),
    );
    await h.send(chat.join(chair, ...present));
    await h.send(chat.say(chair, 'declaration'));
    const cards = () =>
      h.connector
        .messages(chat.conversationId)
        .filter((m) => m.attachments?.length)
        .map((m) => JSON.stringify(m.attachments));
    const decl = cards().find((c) => c.includes('Confidentiality declaration'));
    expect(decl).toContain(
      'NORVALE MARAC: everything shared here stays within the Norvale information sharing agreement.',
    );
    expect(decl).not.toContain('STRICTLY CONFIDENTIAL');
    for (const p of present) await h.send(chat.say(p, 'I agree'));
    const meeting = (await h.server.store.repos.meetings.list({ areaId: 'norvale-marac' }))[0];
    const confirmations = await h.server.store.repos.confirmations.list(meeting.id);
    expect(confirmations.map((c) => c.declarationVersion)).toEqual(['v1', 'v1', 'v1', 'v1']);
    expect((await h.server.store.repos.people.byAadObjectId(chair.aad))?.seenInTeamsAt).toBeTruthy();

    await h.send(chat.say(chair, 'start'));
    if ((await h.server.store.repos.live.get(meeting.id))?.stage !== 'hearing')
      await h.send(chat.say(chair, 'next'));
    const live = async () => (await h.server.store.repos.live.get(meeting.id))!;
    expect((await live()).battingOrder).toEqual(ORDER);
    expect((await live()).cases[0].phase).toEqual({ kind: 'referral' });
    const speakers: (string | undefined)[] = [];
    for (let i = 0; i < 3; i++) {
      await h.send(chat.say(chair, 'next'));
      const s = await live();
      const phase = s.cases[0].phase as { kind: string; agencyIndex: number };
      expect(phase.kind).toBe('information');
      speakers.push(ORDER.filter((a) => a !== 'police')[phase.agencyIndex]);
    }
    // Police referred the case and presented it; the others speak in this area's order.
    expect(speakers).toEqual(['idva-service', 'education', 'housing']);
    const advanced = (await h.server.store.repos.events.since(0, 10_000)).filter(
      (e) => e.type === 'SpeakerAdvanced',
    );
    expect(
      advanced
        .map((e) => (e as { agencyId?: string }).agencyId)
        .filter(Boolean)
        .slice(0, 4),
    ).toEqual(['police', ...speakers]);
  }, 90_000);
});
