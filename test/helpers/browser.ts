import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { inject } from 'vitest';
import { DEMO_PASSWORD } from '../../local/demo.ts';
import { ROOT } from '../../local/runtime.ts';
import { seedDemoData } from '../../local/seed.ts';
import { ensureTable } from '../../local/table.ts';
import { resetConfig } from '../../shared/config.ts';

/** Debian's Chromium (installed by .ci/run / the pretest step); no browser download. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = path.join(ROOT, 'test-results', 'screenshots');

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install it (apt-get install chromium) or set CHROMIUM_PATH`);
  }
  await mkdir(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    // This machine has no network beyond loopback: keep Chromium from trying.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

export async function signInThroughPage(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/signin/`);
  await waitForIslands(page);
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe').fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
}

/** Astro drops an island's `ssr` attribute once React has hydrated it. */
export async function waitForIslands(page: Page): Promise<void> {
  await page.waitForSelector('astro-island:not([ssr])', { state: 'attached' });
}

/** Signs a demo account in through the page and waits for its home (dashboard or admin). */
export async function signedInPage(browser: Browser, baseUrl: string, email: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  await signInThroughPage(page, baseUrl, email, DEMO_PASSWORD);
  await page.waitForURL(/\/(admin|dashboard)\/$/);
  return page;
}

/**
 * This worker's handlers on a table of their own, freshly seeded with the demo data: what a page
 * shows is then only the seed plus what the test file does (other files write to the shared one).
 */
export async function useOwnSeededTable(prefix: string): Promise<void> {
  const table = `${prefix}-${randomUUID()}`;
  await ensureTable(inject('env').DYNAMODB_ENDPOINT!, table);
  process.env.TABLE_NAME = table;
  resetConfig();
  await seedDemoData(inject('demoUserIds'));
}

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
let axeScript: string | undefined;
const axeSource = () => (axeScript ??= readFileSync(axePath, 'utf8'));

type AxeNode = { target: string[] };
type AxeViolation = { id: string; impact: string; nodes: AxeNode[] };
type Axe = { run: (context: unknown, options: object) => Promise<{ violations: AxeViolation[] }> };

/**
 * The visible headings that skip a level after the one before them (an h3 straight after the h1),
 * as "h1 → h3 Décembre 2026": a screen reader's list of headings then reads as if a section were missing.
 */
export async function skippedHeadingLevels(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const headings = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].filter((h) => h.getClientRects().length > 0);
    const skipped: string[] = [];
    headings.forEach((heading, index) => {
      const level = Number(heading.tagName[1]);
      const before = index > 0 ? Number(headings[index - 1]!.tagName[1]) : 0;
      if (level > before + 1) skipped.push(`h${before} → h${level} ${heading.textContent?.trim()}`);
    });
    return skipped;
  });
}

/**
 * axe-core's serious and critical findings on the page as it is now. Text inside a scrolled area
 * (the calendar's time grid shows 08:00 onwards) is checked where a person sees it: axe measures
 * the contrast of text scrolled out of its container against whatever is at that point (the
 * day column behind it), so such a finding is measured again with the text scrolled into view.
 */
export async function seriousViolations(page: Page) {
  // Evaluated through the DevTools protocol, not as a <script> tag: the site's Content-Security-
  // Policy (sent locally as CloudFront sends it) refuses inline scripts it has no hash for.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource());
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: Axe }).axe;
    const { violations } = await axe.run(document, { resultTypes: ['violations'] });
    const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    for (const violation of serious.filter((v) => v.id === 'color-contrast')) {
      const remaining: AxeNode[] = [];
      for (const node of violation.nodes) {
        const element = document.querySelector(node.target.join(' '));
        if (!element) {
          remaining.push(node);
          continue;
        }
        element.scrollIntoView({ block: 'center' });
        const again = await axe.run(element, { runOnly: ['color-contrast'], resultTypes: ['violations'] });
        if (again.violations.length > 0) remaining.push(node);
      }
      violation.nodes = remaining;
    }
    return serious.filter((v) => v.nodes.length > 0);
  });
  return violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/**
 * A date-and-time group of the site (ui/DateTimeFields.tsx, named by its legend) filled as a
 * person types it: the date in the page's format (jj/mm/aaaa in French, YYYY-MM-DD in English),
 * then the 24-hour time. `local` is "YYYY-MM-DDTHH:mm" in the viewer's zone.
 */
export async function typeDateTime(scope: Page | Locator, legend: string, local: string, language: 'fr' | 'en'): Promise<void> {
  const group = scope.getByRole('group', { name: legend, exact: true });
  const [date = '', time = ''] = local.split('T');
  const [y, m, d] = date.split('-');
  for (const [name, text] of [
    ['Date', language === 'fr' ? `${d}/${m}/${y}` : date],
    [language === 'fr' ? 'Heure' : 'Time', time],
  ] as const) {
    const box = group.getByRole('textbox', { name, exact: true });
    await box.click();
    await box.press('Control+A');
    await box.pressSequentially(text);
  }
}

/** What a date-and-time group of an English page shows, as "YYYY-MM-DDTHH:mm" (its date is typed YYYY-MM-DD). */
export async function dateTimeValue(scope: Page | Locator, legend: string): Promise<string> {
  const group = scope.getByRole('group', { name: legend, exact: true });
  const date = await group.getByRole('textbox', { name: 'Date', exact: true }).inputValue();
  const time = await group.getByRole('textbox', { name: 'Time', exact: true }).inputValue();
  return `${date}T${time}`;
}
