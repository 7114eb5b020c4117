import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
export const SCREENSHOTS = resolve(dirname(fileURLToPath(import.meta.url)), '../../../screenshots');

/** Debian's Chromium, headless; never a downloaded browser. A missing browser fails the tests loudly. */
export function launchChromium(): Promise<Browser> {
  if (!hasChromium)
    throw new Error(
      `Browser tests need Debian's Chromium at ${CHROMIUM}: apt-get install -y chromium (.ci/run does).`,
    );
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export async function screenshot(page: Page, name: string) {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Serious or critical WCAG 2.x A/AA violations on the page as it is now. */
export async function seriousViolations(page: Page) {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
    }));
}

/** Signs in with the development sign-in as the demo person with this display name. */
export async function devSignIn(page: Page, url: string, displayName: string) {
  await page.goto(url);
  await page.getByText('Development sign-in').first().waitFor();
  const select = page.getByLabel('Sign in as');
  const option = select.locator('option', { hasText: displayName });
  await select.selectOption((await option.getAttribute('value'))!);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByText(`Signed in as ${displayName}`).waitFor();
}

/**
 * A page already signed in with the development sign-in as `personId` (the session the sign-in
 * page would store), in a context of its own.
 */
export async function signedInPage(
  browser: Browser,
  token: string,
  personId: string,
  options: Parameters<Browser['newContext']>[0] = {},
): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  await context.addInitScript(
    (session) => sessionStorage.setItem('marac.dev-session', session),
    JSON.stringify({ token, mode: 'dev', personId }),
  );
  return context.newPage();
}
