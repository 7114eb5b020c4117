import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { LiveMeeting } from '@marac/core';
import { demoSpeaker, meetingChat, postActivity, type Speaker } from '../../testing/teams-activities.js';
import { buildClient } from './support/build-client.js';
import { launchChromium, screenshot, seriousViolations } from './support/browser.js';
import { startLiveHarness, type LiveHarness } from './support/live-harness.js';
import { openSse } from './support/sse-client.js';

const chair = demoSpeaker('p-chair', 'Chris Chair');
const police = demoSpeaker('p-police', 'Police Rep');
const housing = demoSpeaker('p-housing', 'Housing Rep');
const csc = demoSpeaker('p-csc', 'CSC Rep');

const mmss = (ms: number) => {
  const s = Math.ceil(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};
const seconds = (t: string) => {
  const [m, s] = t.replace('+', '').split(':').map(Number);
  return m * 60 + s;
};

describe('the live view follows the bot, and the side panel drives it', () => {
  let h: LiveHarness;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let panel: Page;
  let stage: Page;
  let chat: ReturnType<typeof meetingChat>;
  const latencies: number[] = [];
  const live = async () => (await h.server.store.repos.live.get('m-demo'))!;

  /** Posts a chat message as `who`; returns when the bot has answered (the change is stored). */
  const say = async (who: Speaker, text: string) => {
    const t0 = performance.now();
    await postActivity(h.url, chat.say(who, text));
    return t0;
  };
  /**
   * Both views show `re` in the element `testid`. How fast is measured by `npm run bench`
   * (live-latency), not asserted here: a loaded CI machine must not fail a correct view.
   */
  const bothShow = async (t0: number, testid: string, re: RegExp) => {
    await Promise.all(
      [panel, stage].map((p) =>
        p.waitForFunction(
          ([id, src]) =>
            new RegExp(src).test(document.querySelector(`[data-testid="${id}"]`)?.textContent ?? ''),
          [testid, re.source] as const,
          { timeout: 15_000 },
        ),
      ),
    );
    latencies.push(performance.now() - t0);
  };
  const openView = async (personId: string, view: 'stage' | 'sidepanel', meetingId = 'm-demo') => {
    const token = await h.devToken(personId);
    const ctx = await browser.newContext({
      viewport: view === 'stage' ? { width: 1280, height: 760 } : { width: 320, height: 900 },
    });
    contexts.push(ctx);
    await ctx.addInitScript(
      (session) => sessionStorage.setItem('marac.dev-session', session),
      JSON.stringify({ token, mode: 'dev', personId }),
    );
    const page = await ctx.newPage();
    await page.goto(`${h.url}/live?meetingId=${meetingId}&view=${view}`);
    return page;
  };
  /** The bot's case card for case `n` in the meeting chat, as its facts. */
  const caseCard = (n: number) => {
    const msg = h.connector
      .messages(chat.conversationId)
      .find(
        (m) =>
          JSON.stringify(m.attachments ?? '').includes(`Case ${n} of 8 ·`) &&
          JSON.stringify(m.attachments ?? '').includes('Add an action'),
      );
    if (!msg) return undefined;
    const card = (
      msg.attachments as {
        content: { body: { type: string; facts?: { title: string; value: string }[] }[] };
      }[]
    )[0].content;
    return Object.fromEntries(
      card.body.find((b) => b.type === 'FactSet')!.facts!.map((f) => [f.title, f.value]),
    );
  };

  beforeAll(async () => {
    const clientDir = await buildClient();
    h = await startLiveHarness({ clientDir });
    chat = meetingChat(h.connector.url, '19:meeting_live@thread.v2');
    await postActivity(h.url, chat.say(chair, 'link DEMO'));
    await postActivity(h.url, chat.join(chair, chair, police, housing, csc));
    browser = await launchChromium();
    [panel, stage] = await Promise.all([openView('p-chair', 'sidepanel'), openView('p-police', 'stage')]);
    for (const p of [panel, stage])
      await p.locator('[data-testid="live"][data-status="live"]').waitFor({ timeout: 20_000 });
  }, 180_000);
  afterAll(async () => {
    // The server stops with the browsers' streams still open: it must end them itself.
    // (h.close() would hang on an open stream; the hook timeout catches that.)
    await h?.close();
    await browser?.close();
  });

  it('follows the declaration and each confirmation', async () => {
    await expect
      .poll(() => stage.getByTestId('roll-call-summary').textContent())
      .toBe('0 of 4 present have confirmed.');
    expect(await panel.getByTestId('chair-controls').isVisible()).toBe(true);
    expect(await stage.getByTestId('chair-controls').count()).toBe(0);
    await bothShow(await say(chair, 'declaration'), 'current-case', /Confidentiality declaration/);
    let n = 0;
    for (const who of [chair, police, housing, csc])
      await bothShow(
        await say(who, 'I agree'),
        'roll-call-summary',
        new RegExp(`^${++n} of 4 present have confirmed`),
      );
    expect(await stage.getByTestId('confirmed').innerText()).toMatch(
      /Chris Chair, Police[\s\S]*CSC Rep, Children's Social Care/,
    );
    await bothShow(await say(chair, 'start'), 'current-case', /Opening: outstanding actions/);
  }, 60_000);

  it('follows the next agency, the next case, pause and extend; references only on the stage', async () => {
    await bothShow(await say(chair, 'next'), 'case-reference', /^MC-2026-0001$/);
    // Who speaks, by name and agency: the agency's representative, not the chair who is from Police.
    expect(await stage.getByTestId('now-speaking').textContent()).toBe('Police Rep (Police)');
    expect(await stage.getByTestId('next-speaking').textContent()).toBe('IDVA Service (not present)');
    await bothShow(await say(chair, 'next'), 'now-speaking', /^IDVA Service \(not present\)$/);
    expect(await panel.getByTestId('next-speaking').textContent()).toBe("CSC Rep (Children's Social Care)");
    await bothShow(await say(chair, 'next case'), 'case-reference', /^MC-2026-0002$/);
    expect(await stage.getByTestId('phase').textContent()).toBe('Referral');
    h.clock.advance(95_000);
    await bothShow(await say(chair, 'pause'), 'countdown', /^18:25$/);
    await bothShow(await say(chair, 'extend 5'), 'countdown', /^23:25$/);
    const text = await stage.locator('main').innerText();
    for (const name of ['Ava Example', 'Adam Example', 'Bea Sample', 'Ben Sample', 'Kit Example'])
      expect(text).not.toContain(name);
    console.log(
      `live view followed ${latencies.length} changes, slowest ${Math.round(Math.max(...latencies))} ms`,
    );
  }, 60_000);

  it("draws the countdown from the server's stored deadline", async () => {
    let s = await live();
    let timer = s.cases[1].timer!;
    for (const p of [panel, stage]) {
      expect(await p.getByTestId('countdown').getAttribute('data-deadline')).toBe(String(timer.deadline));
      expect(await p.getByTestId('countdown').textContent()).toBe(mmss(timer.deadline - timer.pausedAt!));
    }
    await bothShow(await say(chair, 'resume'), 'countdown', /^2[23]:\d\d$/);
    s = await live();
    timer = s.cases[1].timer!;
    // Running: the server's time left, less the real time since the update reached the page.
    const serverLeft = Math.ceil((timer.deadline - h.clock.now()) / 1000);
    for (const p of [panel, stage]) {
      expect(await p.getByTestId('countdown').getAttribute('data-deadline')).toBe(String(timer.deadline));
      const shown = seconds((await p.getByTestId('countdown').textContent())!);
      expect(serverLeft - shown).toBeGreaterThanOrEqual(0);
      expect(serverLeft - shown).toBeLessThanOrEqual(3);
    }
  }, 60_000);

  it('moves the meeting from the side panel exactly as the chat commands do', async () => {
    await h.settle();
    // The chat command first, to know what `next` does from here; then back again.
    await say(chair, 'next');
    await h.settle();
    const byChat = await live();
    const cardByChat = caseCard(2)!;
    await say(chair, 'back');
    await h.settle();
    const back = await live();
    expect(back.cases[1].phase).toEqual({ kind: 'referral' });

    const controls = panel.getByTestId('chair-controls');
    await controls.getByRole('button', { name: 'Next', exact: true }).click();
    await expect.poll(async () => (await live()).version).toBe(back.version + 1);
    await h.settle();
    const byPanel = await live();
    expect(byPanel.cases[1]).toEqual(byChat.cases[1]);
    expect(caseCard(2)).toEqual(cardByChat);
    const audit = (await h.server.store.repos.audit.list(0, 100_000))
      .filter((a) => a.action === 'chair.next' && a.outcome === 'done')
      .at(-1)!;
    expect([audit.actor, audit.details]).toEqual([
      'p-chair',
      { command: { type: 'next' }, version: byPanel.version },
    ]);
    await bothShow(performance.now(), 'now-speaking', /^Police Rep \(Police\)$/);

    const deadline = byPanel.cases[1].timer!.deadline;
    await controls.getByRole('button', { name: 'Pause timer' }).click();
    await expect.poll(async () => (await live()).cases[1].timer!.pausedAt).toBe(h.clock.now());
    await h.settle();
    expect(caseCard(2)!.Time).toMatch(/^paused with 23:25 left$/);
    await controls.getByRole('button', { name: 'Resume timer' }).click();
    await expect.poll(async () => (await live()).cases[1].timer!.pausedAt).toBeUndefined();
    await controls.getByRole('button', { name: 'Extend 5 minutes' }).click();
    await expect.poll(async () => (await live()).cases[1].timer!.deadline).toBe(deadline + 5 * 60_000);
    await h.settle();
    expect(caseCard(2)!.Time).toMatch(/^28:25 left at 09:\d\d · ends 09:5\d$/);

    await controls.getByRole('button', { name: 'Next case' }).click();
    await expect.poll(async () => (await live()).current).toBe(2);
    expect((await live()).cases[1].status).toBe('heard');
    await controls.getByLabel('Defer this case: reason').fill('referrer not present');
    await controls.getByRole('button', { name: 'Defer case' }).click();
    await expect.poll(async () => (await live()).cases[2].status).toBe('deferred');
    expect((await live()).cases[2].deferReason).toBe('referrer not present');
    await h.settle();
    const texts = h.connector
      .messages(chat.conversationId)
      .map((m) => m.text ?? '')
      .join('\n');
    expect(texts).toMatch(/Read-back for case 2 \(MC-2026-0002\)/);
    expect(texts).toMatch(/Case 3 \(MC-2026-0003\) deferred/);
    expect(caseCard(4)).toMatchObject({ Phase: 'Referral' });
    await bothShow(performance.now(), 'case-reference', /^MC-2026-0004$/);
  }, 60_000);

  it('catches up after the stream drops, missing nothing', async () => {
    const before = Number(await stage.getByTestId('live').getAttribute('data-connects'));
    // Drop every open connection (the streams included), then move the meeting while they are down.
    h.server.server.closeAllConnections();
    await say(chair, 'next');
    await say(chair, 'pause');
    const state: LiveMeeting = await live();
    const head = await h.server.store.repos.events.lastSeq();
    await Promise.all(
      [panel, stage].map((p) =>
        p.waitForFunction(
          ([seq]) =>
            Number(document.querySelector('[data-testid="live"]')?.getAttribute('data-last-seq')) >= seq,
          [head] as const,
          { timeout: 15_000 },
        ),
      ),
    );
    for (const p of [panel, stage]) {
      expect(Number(await p.getByTestId('live').getAttribute('data-connects'))).toBeGreaterThan(before);
      expect(await p.getByTestId('live').getAttribute('data-version')).toBe(String(state.version));
      expect(await p.getByTestId('now-speaking').textContent()).toBe('Police Rep (Police)');
      expect(await p.getByTestId('countdown').getAttribute('data-paused')).toBe('true');
    }
    await expect.poll(() => stage.getByTestId('connection').textContent()).toBe('Live');
  }, 60_000);

  it("opens the cue page each notification carries: '<Agency> — your turn on case N (MC-…)'", async () => {
    const cue = h.connector
      .notifications('MCMeeting-demo')
      .filter((n) => /your turn/.test(n.title ?? ''))
      .at(-1)!;
    const url = new URL(cue.url!);
    expect(url.pathname).toBe('/cue');
    const agencyId = url.searchParams.get('agencyId')!;
    const run = (await live()).cases.find((c) => c.caseId === url.searchParams.get('caseId'))!;
    const token = await h.devToken(`p-${agencyId}`);
    // Teams shows it in a 400 × 240 frame on the recipient's meeting stage.
    const ctx = await browser.newContext({ viewport: { width: 400, height: 240 } });
    contexts.push(ctx);
    await ctx.addInitScript(
      (session) => sessionStorage.setItem('marac.dev-session', session),
      JSON.stringify({ token, mode: 'dev', personId: `p-${agencyId}` }),
    );
    const page = await ctx.newPage();
    await page.goto(`${h.url}${url.pathname}${url.search}`);
    const heading = page.getByTestId('cue-heading');
    await heading.waitFor({ timeout: 20_000 });
    const agency = cue.title!.split(':')[0];
    expect(await heading.textContent()).toBe(
      `${agency} — your turn on case ${run.position} (${run.reference})`,
    );
    // Only the cue: no chair's controls, even for a rep who could not use them anyway.
    expect(await page.getByTestId('chair-controls').count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'cue-page');
  }, 60_000);

  it("takes the victim's views in the IDVA's side panel; the chair reads them there, the stage and chat say only 'recorded'", async () => {
    const VIEWS = 'She wants the locks changed before he is released.';
    const idva = await openView('p-idva', 'sidepanel');
    await idva.getByTestId('victim-views-panel').waitFor({ timeout: 20_000 });
    const current = await panel.getByTestId('case-reference').textContent();
    expect(await idva.getByTestId('victim-views-panel').locator('h2').textContent()).toContain(current!);
    await idva.getByLabel('What the victim wants the meeting to know').fill(VIEWS);
    await idva.getByRole('button', { name: "Save the victim's views" }).click();
    await idva.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await expect
      .poll(() => panel.getByTestId('victim-views-text').textContent(), { timeout: 15_000 })
      .toBe(VIEWS);
    await expect
      .poll(() => stage.getByTestId('victim-views').textContent(), { timeout: 15_000 })
      .toBe("Victim's views: recorded by the IDVA");
    expect(await stage.locator('main').innerText()).not.toContain('locks changed');
    expect(JSON.stringify(h.connector.messages(chat.conversationId))).not.toContain('locks changed');
    expect(await seriousViolations(idva)).toEqual([]);
    await screenshot(idva, 'live-sidepanel-idva-views');
  }, 60_000);

  it('is accessible in both layouts, and shows nothing of a closed session to the uninvited', async () => {
    expect(await seriousViolations(panel)).toEqual([]);
    expect(await seriousViolations(stage)).toEqual([]);
    await screenshot(panel, 'live-sidepanel-chair');
    await screenshot(stage, 'live-stage');
    const hidden = await openView('p-housing', 'sidepanel', 'm-demo-closed');
    await hidden.getByText('That meeting was not found.').waitFor();
    expect(await hidden.locator('main').innerText()).not.toMatch(/Closed session|MC-20/);
    expect(await seriousViolations(hidden)).toEqual([]);
    const viewer = await openView('p-housing', 'sidepanel');
    await viewer.getByTestId('case-reference').waitFor();
    expect(await viewer.getByTestId('chair-controls').count()).toBe(0);
    // A plain stream stays open too while the server stops (afterAll).
    const s = await openSse(`${h.url}/api/meetings/m-demo/events`, { token: await h.devToken('p-police') });
    await s.waitFor((m) => m.event === 'snapshot');
  }, 60_000);
});
