import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, seriousViolations, signedInPage, useOwnSeededTable } from '../helpers/browser.ts';
import { demoTokens } from '../helpers/fixtures.ts';
import { call, startTestStack, type TestStack } from '../helpers/stack.ts';

/** The admin's start page (issue 17): what needs attention, each figure opening its list. */
let stack: TestStack;
let browser: Browser;
let tokens: Awaited<ReturnType<typeof demoTokens>>;

beforeAll(async () => {
  await useOwnSeededTable('dashboard');
  [stack, browser, tokens] = await Promise.all([startTestStack({ site: true }), launchBrowser(), demoTokens()]);
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('the admin dashboard', () => {
  it("shows today's appointments, the requests awaiting the team and what is to collect, each linking to the filtered list", async () => {
    // A client request later today (or tomorrow early, near midnight): it waits for the team.
    // Two to three hours ahead: past the two hours' minimum notice a client's request keeps.
    const start = new Date(Date.now() + 3 * 3_600_000);
    start.setMinutes(0, 0, 0);
    const created = await call(`${stack.url}/api/appointments`, {
      method: 'POST',
      token: tokens.client,
      json: { title: 'Demande du tableau de bord', startTime: start.toISOString(), endTime: new Date(start.getTime() + 1_800_000).toISOString() },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const pending = (await call(`${stack.url}/api/admin/appointments?status=pending&limit=100`, { token: tokens.admin })).body.data as Array<{ awaiting: string }>;
    const waiting = pending.filter((a) => a.awaiting === 'admin').length;

    const page = await signedInPage(browser, stack.url, 'admin@example.com');
    const tile = (name: string) => page.getByRole('region', { name });
    await tile('Requests awaiting the team').waitFor();
    expect(await tile('Requests awaiting the team').locator('.tile-figure').textContent()).toBe(String(waiting));
    expect(await tile('Requests awaiting the team').getByRole('link', { name: /Demande du tableau de bord/ }).count()).toBe(1);
    expect(await tile('To collect this month').locator('.tile-figure').textContent()).toMatch(/^€/);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'admin-dashboard-1280');

    await tile('Requests awaiting the team').getByRole('link', { name: 'Pending appointments →' }).click();
    await page.waitForURL(/\/admin\/appointments\/\?status=pending$/);
    expect(await page.getByLabel('Status').inputValue()).toBe('pending');
    await page.goBack();
    await tile('Today').getByRole('link', { name: 'Today’s list →' }).click();
    await page.waitForURL(/from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}$/);
    const today = new URL(page.url()).searchParams.get('from');
    expect(await page.getByRole('textbox', { name: 'From', exact: true }).inputValue()).toBe(today);
    expect(await page.getByRole('textbox', { name: 'To', exact: true }).inputValue()).toBe(today);
    await page.close();
  });
});
