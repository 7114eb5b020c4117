import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { buildClient } from './support/build-client.js';
import { devSignIn, launchChromium, screenshot, seriousViolations } from './support/browser.js';
import { startTabServer, type TabServer } from './support/tab-server.js';

/** A message the outbox gave up on, as the worker leaves it after Teams refused it. */
async function failedMessage(t: TabServer, conversationId: string, text: string) {
  const o = t.store.repos.outbox;
  const id = await o.enqueue(
    {
      conversationId,
      kind: 'send',
      payload: {
        target: { conversationId, serviceUrl: 'https://smba.example/', reference: {} },
        activity: { text },
      },
    },
    t.clock.now(),
  );
  const [claimed] = await o.claimReady('test', t.clock.now(), 60_000, 100);
  await o.markFailed(id, claimed.fence, 'SendError 403 after 1 attempt(s)');
  return id;
}

describe('undelivered messages in the tab', () => {
  let t: TabServer;
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    const clientDir = await buildClient();
    t = await startTabServer({ clientDir });
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('the coordinator sees what Teams never took, and sends it again; others are refused and audited', async () => {
    const id = await failedMessage(t, 'a:1housing-rep', 'Your MARAC actions from 24 Nov');
    await devSignIn(page, t.url, 'Cara Coordinator');
    await page.getByRole('link', { name: 'Undelivered' }).click();
    await page.getByRole('heading', { name: 'Undelivered messages', level: 1 }).waitFor();
    const row = page.getByRole('row', { name: /Your MARAC actions from 24 Nov/ });
    await row.waitFor();
    expect(await row.innerText()).toMatch(/1:1 chat[\s\S]*403 after 1 attempt/);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'undelivered');
    await row.getByRole('button', { name: 'Send again' }).click();
    await page.getByText('Queued again: 1:1 chat.').waitFor();
    await page.getByText('Every message the bot queued reached Teams.').waitFor();
    const pending = await t.store.repos.outbox.pending('a:1housing-rep');
    expect(pending.map((p) => (p.payload.activity as { text: string }).text)).toEqual([
      'Your MARAC actions from 24 Nov',
    ]);
    const audit = await t.store.repos.audit.list(0, 10_000);
    expect(audit.filter((a) => a.action === 'outbox.resent').map((a) => a.subject)).toEqual([`outbox:${id}`]);

    const rep = await t.signIn('p-housing');
    expect((await t.call('GET', '/api/undelivered', { token: rep })).status).toBe(403);
    expect((await t.call('POST', `/api/undelivered/${id}/resend`, { token: rep })).status).toBe(403);
    const refused = (await t.store.repos.audit.list(0, 10_000)).filter(
      (a) => a.outcome === 'refused' && a.actor === 'p-housing',
    );
    expect(refused.map((a) => a.action)).toEqual(['outbox.list-failed', 'outbox.resend']);
  }, 90_000);

  it('flags open actions for an agency nobody can be reached in, for the coordinator only', async () => {
    // Housing's rep has been seen in Teams (the bot keeps their 1:1 address); CSC and Health have nobody.
    const housing = (await t.store.repos.people.get('p-housing'))!;
    await t.store.repos.conversations.putPersonal(`user:${housing.aadObjectId}`, {
      teamsUserId: '29:housing',
      serviceUrl: 'https://smba.example/',
    });
    await page.reload();
    const flagged = page.getByRole('table', { name: 'Actions with no one to deliver to' });
    await flagged.waitFor();
    const rows = await flagged.getByRole('row').allInnerTexts();
    expect(rows.slice(1).map((r) => r.split(/\t|\n/)[1])).toEqual([
      "Children's Social Care",
      'Hospital / Health',
    ]);
    expect(rows.join('\n')).not.toContain('Housing');
    expect(rows[1]).toMatch(/MC-\d{4}-0999/);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'undelivered-no-one-to-deliver');
    const rep = await t.signIn('p-housing');
    expect((await t.call('GET', '/api/undelivered/actions', { token: rep })).status).toBe(403);
  }, 90_000);
});
