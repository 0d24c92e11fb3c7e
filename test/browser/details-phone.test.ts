import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../local/demo.ts';
import { launchBrowser, signInThroughPage, waitForIslands } from '../helpers/browser.ts';
import { startTestStack, type TestStack } from '../helpers/stack.ts';

let stack: TestStack;
let browser: Browser;
beforeAll(async () => {
  [stack, browser] = await Promise.all([startTestStack({ site: true }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

it("on a phone, an appointment's facts put each label above its value: the time zone and the e-mail are never cut inside a word", async () => {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
  await signInThroughPage(page, stack.url, 'jean.dupont@example.com', DEMO_PASSWORD);
  await page.waitForURL(/\/dashboard\/$/);
  await page.goto(`${stack.url}/dashboard/appointments/`);
  const link = page.locator('a[href*="/appointments/"][href*="-"]').first();
  await link.waitFor();
  await page.goto(`${stack.url}${await link.getAttribute('href')}`);
  await waitForIslands(page);
  const when = page.locator('.details .facts dd').first();
  await when.waitFor();
  const [label, value] = await Promise.all([page.locator('.details .facts dt').first().boundingBox(), when.boundingBox()]);
  expect(value!.x).toBe(label!.x);
  expect(value!.y).toBeGreaterThan(label!.y);
  await page.close();
});
