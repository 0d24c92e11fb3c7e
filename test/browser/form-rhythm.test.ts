import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../local/demo.ts';
import { launchBrowser, screenshot, signInThroughPage } from '../helpers/browser.ts';
import { startTestStack, type TestStack } from '../helpers/stack.ts';

/**
 * Forms at phone width keep one vertical rhythm (issue 17): the space between a field and the
 * next field's label is the same everywhere in a form, also where a row of fields wraps (a row
 * added its own gap on top of the fields' space, so some gaps were twice the others).
 */
let stack: TestStack;
let browser: Browser;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startTestStack({ site: true }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function phonePage(email: string, path: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  await signInThroughPage(page, stack.url, email, DEMO_PASSWORD);
  await page.waitForURL(/\/(admin|dashboard)\/$/);
  await page.goto(`${stack.url}${path}`);
  return page;
}

/**
 * For each field of the form, the space between the control above it and its label (or the
 * legend of a date-and-time group), in px: the labels inside such a group are its parts, not fields.
 */
const gapsIn = (page: Page, form: string) =>
  page.locator(form).evaluate((root) => {
    const controls = [...root.querySelectorAll<HTMLElement>('input:not([type="hidden"]):not([type="checkbox"]), select, textarea')].filter((el) => el.offsetParent);
    const heads = [...root.querySelectorAll<HTMLElement>('label, legend')].filter((el) => el.offsetParent && !el.closest('.datetime-field label') && !el.closest('.checkbox'));
    return heads
      .map((head) => {
        const top = head.getBoundingClientRect().top;
        const above = controls.map((c) => c.getBoundingClientRect().bottom).filter((bottom) => bottom <= top + 0.5);
        return above.length ? { field: head.textContent!.trim(), gap: Math.round(top - Math.max(...above)) } : undefined;
      })
      .filter((g): g is { field: string; gap: number } => g !== undefined);
  });

describe('forms on a phone', () => {
  for (const [who, email, path, form] of [
    ['the French request form', 'jean.dupont@example.com', '/dashboard/appointments/new/', 'form.form'],
    ['the weekly window form', 'admin@example.com', '/admin/availability/', 'form[aria-label="Add a weekly window"]'],
    ['the exception form', 'admin@example.com', '/admin/availability/', 'form[aria-label="Add an exception"]'],
  ] as const) {
    it(`${who}: the same space between every field and the next`, async () => {
      const page = await phonePage(email, path);
      await page.locator(form).locator('input, select').first().waitFor();
      const gaps = await gapsIn(page, form);
      expect(gaps.length).toBeGreaterThan(3);
      // The site's one field gap, in every form.
      const rhythm = await page.evaluate(() => Math.round(parseFloat(getComputedStyle(document.documentElement).getPropertyValue('--field-gap')) * parseFloat(getComputedStyle(document.documentElement).fontSize)));
      expect(rhythm).toBeGreaterThan(8);
      expect(new Set(gaps.map((g) => g.gap)), JSON.stringify(gaps)).toEqual(new Set([rhythm]));
      await screenshot(page, `form-rhythm-${path.replace(/\//g, '_')}-390`);
      await page.close();
    });
  }
});
