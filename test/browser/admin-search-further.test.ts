import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FILTERED_READ_BUDGET, searchTextOf } from '../../shared/db/appointments.ts';
import { db } from '../../shared/db/service.ts';
import { launchBrowser, signedInPage, useOwnSeededTable } from '../helpers/browser.ts';
import { startTestStack, type TestStack } from '../helpers/stack.ts';

/**
 * A filtered admin list page reads at most FILTERED_READ_BUDGET appointments; when none of them
 * matched, the page says so and offers to search further, which finds the match beyond them.
 */
let stack: TestStack;
let browser: Browser;
const HOUR = 3_600_000;
const needle = `Introuvable ${randomUUID().slice(0, 6)}`;

beforeAll(async () => {
  await useOwnSeededTable('search-further');
  // After the demo data (weeks around today): a budget's worth of appointments in 2040, then the one searched for in 2042.
  const userId = randomUUID();
  const at = (ms: number, title: string) => ({
    id: randomUUID(),
    userId,
    title,
    status: 'confirmed' as const,
    startTime: new Date(ms).toISOString(),
    endTime: new Date(ms + HOUR / 2).toISOString(),
    createdBy: userId,
    searchText: searchTextOf({ title }),
  });
  const fillers = Array.from({ length: FILTERED_READ_BUDGET }, (_, k) => at(Date.UTC(2040, 0, 2, 8) + k * HOUR, `Séance ${k}`));
  const { unprocessed } = await db().entities.appointment.put([...fillers, at(Date.UTC(2042, 0, 5, 9), needle)]).go({ concurrency: 6 });
  expect(unprocessed).toEqual([]);
  [stack, browser] = await Promise.all([startTestStack({ site: true }), launchBrowser()]);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('searching the admin list past what one page reads', () => {
  it('says nothing matched so far and searches further on request, until the appointment shows', async () => {
    const page = await signedInPage(browser, stack.url, 'admin@example.com');
    await page.goto(`${stack.url}/admin/appointments/`);
    await page.getByRole('search').getByRole('searchbox').fill(needle.toLowerCase());
    await page.getByText('No match among the appointments searched so far.').waitFor();
    // Not "no appointment matches": more remain unread.
    expect(await page.getByText('No appointment matches these filters.').count()).toBe(0);
    await page.getByRole('button', { name: 'Search further' }).click();
    await page.getByRole('link', { name: needle }).first().waitFor();
    expect(await page.getByRole('button', { name: 'Search further' }).count()).toBe(0);
    await page.close();
  });
});
