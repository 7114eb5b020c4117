import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { demoSpeaker, meetingChat, postActivity, type Speaker } from '../../testing/teams-activities.js';
import { buildClient } from './support/build-client.js';
import { launchChromium, screenshot, seriousViolations } from './support/browser.js';
import { startLiveHarness, type LiveHarness } from './support/live-harness.js';

const chair = demoSpeaker('p-chair', 'Chris Chair');
const housing = demoSpeaker('p-housing', 'Housing Rep');
const police = demoSpeaker('p-police', 'Police Rep');

/**
 * One meeting's cycle, as the agencies live it: the coordinator publishes the agenda, two agencies
 * return research (one "no information held"), the chair's case card shows the returns, the meeting
 * runs, the minutes are circulated and read, and an action completed in the tab shows the same
 * state on the agency's card in its 1:1 chat.
 */
describe('between meetings, in the browser and in Teams', () => {
  let h: LiveHarness;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const chat = meetingChat('', '19:meeting_cycle@thread.v2');
  const dm = (s: Speaker) => `a:dm-${s.teamsId}`;
  const send = async (a: unknown) => {
    await postActivity(h.url, a);
    await h.settle();
  };
  const inChat = (a: Record<string, unknown>) => ({ ...a, serviceUrl: h.connector.url });
  const personal = (s: Speaker, a: Record<string, unknown>) => ({
    ...a,
    serviceUrl: h.connector.url,
    conversation: { id: dm(s), conversationType: 'personal', tenantId: 'tenant-demo' },
  });
  const cards = (conversationId: string) =>
    h.connector
      .messages(conversationId)
      .filter((m) => m.attachments?.length)
      .map((m) => JSON.stringify(m.attachments));
  /** A fresh signed-in browser page for a demo person (sign-ins expire, so one per step). */
  const pageAs = async (personId: string, path: string): Promise<Page> => {
    const token = await h.devToken(personId);
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    contexts.push(ctx);
    await ctx.addInitScript(
      (session) => sessionStorage.setItem('marac.dev-session', session),
      JSON.stringify({ token, mode: 'dev', personId }),
    );
    const page = await ctx.newPage();
    await page.goto(h.url + path);
    return page;
  };

  beforeAll(async () => {
    const clientDir = await buildClient();
    // A week before the meeting: the demo data is seeded for "today", so the meeting is moved on a week.
    h = await startLiveHarness({ clientDir, clockStart: Date.parse('2026-11-17T10:00:00Z') });
    const r = h.server.store.repos;
    const m = (await r.meetings.get('m-demo'))!;
    await r.meetings.put({ ...m, date: '2026-11-24' }, m.version);
    browser = await launchChromium();
    for (const s of [housing, police]) await send(personal(s, chat.say(s, 'hi')));
  }, 180_000);
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await h?.close();
  });

  it('the coordinator publishes the agenda; each agency gets it in its 1:1 chat', async () => {
    const page = await pageAs('p-coordinator', '/meetings/m-demo');
    await page.getByRole('heading', { name: 'Research returns' }).waitFor();
    await page.getByRole('button', { name: 'Publish agenda to agencies' }).click();
    await page.getByText('Published to the invited agencies (8 cases new or changed).').waitFor();
    await h.settle();
    for (const s of [housing, police]) {
      expect(cards(dm(s))).toHaveLength(1);
      expect(cards(dm(s))[0]).toContain('Research due by Mon 23 Nov 2026, 14:00.');
    }
    expect(await seriousViolations(page)).toEqual([]);
  }, 60_000);

  it('two agencies return research in the tab, one of them "no information held"', async () => {
    const hp = await pageAs('p-housing', '/meetings/m-demo/research');
    const case1 = hp.locator('section[data-case="c-demo-1"]');
    await case1.waitFor();
    expect(await case1.innerText()).toMatch(/Victim[\s\S]*born/);
    await case1
      .getByLabel('Current involvement with the victim, perpetrator or children')
      .fill('Tenant since 2021; reported damage to the door');
    await case1.getByRole('button', { name: /^Save research on/ }).click();
    await case1.getByText('Saved.').waitFor();
    expect(await seriousViolations(hp)).toEqual([]);
    await screenshot(hp, 'research-representative');

    const pp = await pageAs('p-police', '/meetings/m-demo/research');
    const p1 = pp.locator('section[data-case="c-demo-1"]');
    await p1.getByText('No information held', { exact: true }).click();
    await p1.getByRole('button', { name: /^Save research on/ }).click();
    await p1.getByText('Saved.').waitFor();

    const coord = await pageAs('p-coordinator', '/meetings/m-demo');
    const row = coord.locator('tr[data-case="c-demo-1"]');
    await row.waitFor();
    expect(await row.locator('td[data-agency="housing"]').innerText()).toBe('Returned');
    expect(await row.locator('td[data-agency="police"]').innerText()).toBe('None held');
    expect(await row.locator('td[data-agency="csc"]').innerText()).toBe('Not yet');
    expect(await seriousViolations(coord)).toEqual([]);
    await screenshot(coord, 'research-returns-matrix');
  }, 60_000);

  it("the meeting: the chair's case card and side panel show the returns; the minutes are circulated and read", async () => {
    h.clock.set(Date.parse('2026-11-24T09:25:00Z'));
    await send(inChat(chat.say(chair, 'link DEMO')));
    await send(inChat(chat.join(chair, chair, housing, police)));
    await send(inChat(chat.say(chair, 'declaration')));
    for (const s of [chair, housing, police]) await send(inChat(chat.say(s, 'I agree')));
    await send(inChat(chat.say(chair, 'start')));
    await send(inChat(chat.say(chair, 'next')));
    const caseCard = cards(chat.conversationId).find(
      (c) => c.includes('Case 1 of 8 ·') && c.includes('Add an action'),
    );
    expect(caseCard).toContain('Research returned: Police, Housing (2 of 10 agencies)');
    expect(JSON.stringify(h.connector.messages(chat.conversationId))).not.toContain('damage to the door');
    const panel = await pageAs('p-chair', '/live?meetingId=m-demo&view=sidepanel');
    await panel.getByTestId('research-returned').getByText('Research returned: Police, Housing').waitFor();
    await send(
      inChat(chat.say(chair, 'action Housing: Fit a sanctuary scheme lock at the address by 2026-12-01')),
    );
    await send(inChat(chat.say(chair, 'end')));

    const coord = await pageAs('p-coordinator', '/minutes?meetingId=m-demo');
    await coord.getByRole('button', { name: 'Circulate to the agencies' }).click();
    await coord.getByText(/^Circulated .* by Cara Coordinator\.$/).waitFor();

    const rep = await pageAs('p-housing', '/meetings/m-demo/minutes');
    await rep.getByRole('heading', { name: /minutes/, level: 1 }).waitFor();
    await rep.getByText('Fit a sanctuary scheme lock at the address').waitFor();
    expect(await seriousViolations(rep)).toEqual([]);
    await screenshot(rep, 'minutes-circulated-representative');
    const reads = (await h.server.store.repos.audit.list(0, 10_000)).filter(
      (a) => a.action === 'minutes.read',
    );
    // Opening the page is one read, one audit entry.
    expect(reads.map((a) => a.actor)).toEqual(['p-housing']);
    // Never as chat text or an attachment.
    const chatText = JSON.stringify([
      h.connector.messages(chat.conversationId),
      h.connector.messages(dm(housing)),
    ]);
    expect(chatText).not.toContain('minutes, Fenshire');
  }, 90_000);

  it('a representative completes the action in the tab; the card in their 1:1 chat shows the same state', async () => {
    await h.settle();
    const before = cards(dm(housing)).filter((c) => c.includes('Fit a sanctuary scheme lock'));
    expect(before).toHaveLength(1);
    expect(before[0]).toMatch(/"title":"Status","value":"Open"/);
    const page = await pageAs('p-housing', '/actions');
    const a = (await h.server.store.repos.actions.list({ meetingId: 'm-demo' }))[0];
    const row = page.locator(`tr[data-action="${a.id}"]`);
    await row.getByRole('button', { name: /^Open action/ }).click();
    await page.getByRole('radio', { name: 'Complete', exact: true }).check();
    await page.getByLabel('Outcome: what was done').fill('Lock fitted on 26 November');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').getByText('Saved.').waitFor();
    await page
      .getByRole('list', { name: 'Action history' })
      .getByText(/Housing Rep · complete: Lock fitted/)
      .waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'action-completed-in-tab');
    await page.getByRole('button', { name: 'Close' }).click();
    await row.getByText('Complete').waitFor();
    await h.settle();
    const after = cards(dm(housing)).filter((c) => c.includes('Fit a sanctuary scheme lock'));
    expect(after).toHaveLength(1);
    expect(after[0]).toMatch(/"title":"Status","value":"Complete"/);
    expect(after[0]).toContain('complete: Lock fitted on 26 November');
  }, 60_000);
});
