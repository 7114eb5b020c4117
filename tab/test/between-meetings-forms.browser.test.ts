import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { demoSpeaker, meetingChat, postActivity } from '../../testing/teams-activities.js';
import { buildClient } from './support/build-client.js';
import { launchChromium, screenshot, seriousViolations } from './support/browser.js';
import { startLiveHarness, type LiveHarness } from './support/live-harness.js';

const chair = demoSpeaker('p-chair', 'Chris Chair');
const housing = demoSpeaker('p-housing', 'Housing Rep');

/**
 * The forms around the meeting, in Chromium: the side panel's recorded attendance (a dial-in
 * attendee and a verbal confirmation) and verbal update in the opening review, the minutes page
 * read once (one audited read), and the actions tracker's sort, search and CSV export.
 */
describe('side panel forms, minutes read, actions tracker (browser)', () => {
  let h: LiveHarness;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const chat = meetingChat('', '19:meeting_forms@thread.v2');
  const send = async (a: unknown) => {
    await postActivity(h.url, { ...(a as object), serviceUrl: h.connector.url });
    await h.settle();
  };
  const pageAs = async (personId: string, path: string): Promise<Page> => {
    const token = await h.devToken(personId);
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    contexts.push(ctx);
    await ctx.addInitScript(
      (session) => sessionStorage.setItem('marac.dev-session', session),
      JSON.stringify({ token, mode: 'dev', personId }),
    );
    const page = await ctx.newPage();
    await page.goto(h.url + path);
    return page;
  };
  const api = async (personId: string, method: string, path: string, body?: unknown) => {
    const r = await fetch(h.url + path, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await h.devToken(personId)}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: r.status, body: (await r.json()) as any };
  };
  const audits = async (action: string) =>
    (await h.server.store.repos.audit.list(0, 10_000)).filter(
      (a) => a.action === action && a.outcome === 'done',
    );
  const chatText = () => JSON.stringify(h.connector.messages(chat.conversationId));

  beforeAll(async () => {
    const clientDir = await buildClient();
    h = await startLiveHarness({ clientDir });
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await h?.close();
  });

  it('the coordinator records a dial-in attendee and a verbal confirmation; the chair starts and opens a case without override', async () => {
    await send(chat.say(chair, 'link DEMO'));
    await send(chat.join(chair, chair, housing));
    await send(chat.say(chair, 'declaration'));
    await send(chat.say(chair, 'I agree')); // Housing joined on Teams but confirms aloud, on the phone line's audio
    const panel = await pageAs('p-coordinator', '/live?meetingId=m-demo&view=sidepanel');
    const form = panel.getByTestId('record-attendance');
    await form.getByRole('button', { name: 'Confirmed aloud: Housing Rep' }).click();
    await form.getByRole('status').getByText("Recorded Housing Rep's confirmation.").waitFor();
    await form.getByLabel('Name').fill('Dee Dialin');
    await form.getByLabel('Agency', { exact: true }).selectOption({ label: 'Probation' });
    await form.getByLabel('How', { exact: true }).selectOption({ label: 'Dial-in (phone)' });
    await form.getByRole('button', { name: 'Record attendee' }).click();
    await form.getByRole('status').getByText('Recorded Dee Dialin.').waitFor();
    expect(await form.getByRole('button', { name: /^Confirmed aloud:/ }).count()).toBe(0);
    expect(await seriousViolations(panel)).toEqual([]);
    await screenshot(panel, 'side-panel-recorded-attendance');

    await send(chat.say(chair, 'start'));
  }, 90_000);

  it('in the opening review the chair records a verbal update on an outstanding action (to the minutes, not the chat), then opens a case without override', async () => {
    const panel = await pageAs('p-chair', '/live?meetingId=m-demo&view=sidepanel');
    const section = panel.getByRole('region', { name: 'Verbal update on an outstanding action' });
    await section.waitFor();
    await section.getByLabel('What the agency said').fill('Bail conditions renewed on Friday');
    await section.getByRole('button', { name: 'Record update' }).click();
    await section.getByRole('status').getByText('Recorded for the minutes.').waitFor();
    expect(await seriousViolations(panel)).toEqual([]);
    await screenshot(panel, 'side-panel-verbal-update');
    await send(chat.say(chair, 'next'));
    expect(chatText()).toContain('Case 1 of 8');
    expect(chatText()).not.toMatch(/override/i);
    expect(chatText()).not.toContain('Bail conditions renewed');
    const overrides = (await h.server.store.repos.audit.list(0, 10_000)).filter((a) =>
      a.action.includes('override'),
    );
    expect(overrides).toEqual([]);
    await send(chat.say(chair, 'end'));
    const minutes = await api('p-coordinator', 'GET', '/api/meetings/m-demo/minutes');
    expect(JSON.stringify(minutes.body)).toContain('Bail conditions renewed on Friday');
  }, 90_000);

  it('the minutes name the recorded attendee and confirmation; an agency opening the minutes page is one audited read', async () => {
    const record = await api('p-coordinator', 'GET', '/api/meetings/m-demo/minutes');
    const text = JSON.stringify(record.body);
    expect(text).toContain('Dee Dialin');
    expect(text).toMatch(/Dial-in, recorded by Cara Coordinator/);
    expect(text).toMatch(/Confirmed aloud, recorded by Cara Coordinator/);
    const circulated = await api('p-coordinator', 'POST', '/api/meetings/m-demo/minutes/circulated', {
      expectedVersion: record.body.draft.version,
    });
    expect(circulated.status).toBe(200);
    const before = (await audits('minutes.read')).length;
    const rep = await pageAs('p-housing', '/meetings/m-demo/minutes');
    await rep.getByRole('heading', { name: 'Cases' }).waitFor();
    await rep.getByText('Dee Dialin, Probation').waitFor();
    await h.settle();
    const reads = (await audits('minutes.read')).slice(before);
    expect(reads.map((a) => a.actor)).toEqual(['p-housing']);
    expect(await seriousViolations(rep)).toEqual([]);
  }, 90_000);

  it('the actions tracker sorts, searches and exports what it shows as CSV', async () => {
    const page = await pageAs('p-coordinator', '/actions');
    const table = page.getByRole('table', { name: 'Actions' });
    await table.locator('tbody tr').first().waitFor();
    const agencies = async () =>
      table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.children[1].textContent ?? ''));
    const all = await agencies();
    expect(all.length).toBeGreaterThan(2);
    await table.getByRole('columnheader', { name: 'Agency' }).click();
    const up = await agencies();
    expect(up).toEqual([...all].sort((a, b) => a.localeCompare(b)));
    await table.getByRole('columnheader', { name: 'Agency' }).click();
    expect(await agencies()).toEqual([...up].reverse());
    expect(await table.getByRole('columnheader', { name: 'Agency' }).getAttribute('aria-sort')).toBe(
      'descending',
    );

    // Search for one agency's actions (the demo's outstanding actions are for different agencies).
    expect(new Set(all).size).toBeGreaterThan(1);
    const wanted = up[0];
    await page.getByRole('searchbox').fill(wanted);
    const shown = await table
      .locator('tbody tr')
      .evaluateAll((rows) =>
        rows.map((r) => [r.children[0].textContent ?? '', r.children[1].textContent ?? '']),
      );
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.length).toBeLessThan(all.length);
    for (const [, agency] of shown) expect(agency).toBe(wanted);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('marac-actions.csv');
    const lines = (await readFile((await download.path())!, 'utf8')).split('\r\n').filter(Boolean);
    expect(lines[0]).toBe('OFFICIAL-SENSITIVE');
    expect(lines[1]).toMatch(/^Case,Agency,Action/);
    expect(lines.at(-1)).toBe('OFFICIAL-SENSITIVE');
    const body = lines.slice(2, -1);
    expect(body.map((l) => l.split(',').slice(0, 2).join(','))).toEqual(shown.map((r) => r.join(',')));
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'actions-tracker-searched');
  }, 90_000);
});
