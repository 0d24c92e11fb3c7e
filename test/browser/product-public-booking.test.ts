import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../local/demo.ts';
import { embedSnippet, suggestSlug } from '../../site/src/lib/public-link.ts';
import { launchBrowser, screenshot, seriousViolations, signInThroughPage, useOwnSeededTable, waitForIslands } from '../helpers/browser.ts';
import { call, idTokenFor, startTestStack, type TestStack } from '../helpers/stack.ts';

/**
 * An admin makes a product bookable without an account on /admin/products (issue 18): the link
 * name suggested from the product's name, the public link shown in the list and copied from Share
 * with its embed snippet, a link name another product has refused beside the field, and the
 * product made private again from Edit. On a desktop and on a phone.
 */
const DESKTOP = { viewport: { width: 1280, height: 900 } };
const PHONE = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true };

let stack: TestStack;
let browser: Browser;

beforeAll(async () => {
  await useOwnSeededTable('product-public-booking');
  [stack, browser] = await Promise.all([startTestStack({ site: true }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function productsPage(options: typeof DESKTOP | typeof PHONE): Promise<Page> {
  // The page copies through the Clipboard API; the test reads what it wrote.
  const context = await browser.newContext({ ...options, permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  await signInThroughPage(page, stack.url, 'admin@example.com', DEMO_PASSWORD);
  await page.waitForURL(/\/admin\/$/);
  await page.goto(`${stack.url}/admin/products/`);
  await waitForIslands(page);
  await page.getByRole('row').nth(1).waitFor();
  return page;
}

const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
const clipboard = (page: Page) => page.evaluate(() => navigator.clipboard.readText());

describe('public booking settings of a product', () => {
  it.each([
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const)('on a %s: made public with a link, shared, refused a taken link name, made private again', async (label, options) => {
    const page = await productsPage(options);
    const name = `Bilan découverte ${label} ${randomUUID().slice(0, 6)}`;
    const slug = suggestSlug(name);
    const link = `${stack.url}/book/${slug}/`;

    // Ticking "bookable by visitors" gives the product a link name from its name, and says the link.
    await page.getByLabel('Name *').fill(name);
    await page.getByLabel('Bookable by visitors without an account').check();
    const slugField = page.locator('#new-slug');
    expect(await slugField.inputValue()).toBe(slug);
    expect(await page.locator('#new-slug-hint').textContent()).toBe(`Link: ${link}`);
    await page.getByLabel('A team member confirms each booking').uncheck();
    await page.getByRole('button', { name: 'Create product' }).click();

    const row = page.getByRole('row').filter({ hasText: name });
    await row.waitFor();
    const shown = row.getByRole('link', { name: `/book/${slug}/` });
    expect(await shown.getAttribute('href')).toBe(link);
    expect(await row.getByText('Confirmed at once').count()).toBe(1);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, `product-public-${label}-list`);
    const created = (await call(`${stack.url}/api/public/products`)).body.data.find((p: { name: string }) => p.name === name);
    expect(created).toMatchObject({ slug, requiresConfirmation: false });

    // Share: the link and the embed code, each copied with a confirmation that is read out.
    const share = row.getByRole('button', { name: `Share ${name}` });
    // On a phone it is a finger's size, like the card's other buttons.
    if (label === 'phone') expect((await share.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    await share.click();
    const dialog = page.getByRole('dialog', { name: `Share “${name}”` });
    await dialog.getByRole('button', { name: 'Copy link' }).click();
    const status = dialog.getByRole('status');
    await expect.poll(() => status.textContent()).toBe('Link copied to the clipboard.');
    expect(await clipboard(page)).toBe(link);
    await dialog.getByRole('button', { name: 'Copy code' }).click();
    await expect.poll(() => status.textContent()).toBe('Embed code copied to the clipboard.');
    expect(await clipboard(page)).toBe(embedSnippet(stack.url, slug, name));
    expect(await clipboard(page)).toContain(`src="${link}?embed=1"`);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, `product-public-${label}-share`);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await share.evaluate((button) => button === document.activeElement)).toBe(true);

    // Another product asking for the same link name: refused beside the field, in plain words.
    await page.getByLabel('Name *').fill(name);
    await page.getByLabel('Bookable by visitors without an account').check();
    await page.getByRole('button', { name: 'Create product' }).click();
    const problem = page.locator('#new-slug-error');
    await problem.waitFor();
    expect(await problem.textContent()).toBe('Another product already uses this link name: choose another.');
    expect(await slugField.getAttribute('aria-invalid')).toBe('true');
    expect(await slugField.getAttribute('aria-describedby')).toContain('new-slug-error');
    // A link name the API cannot take (its 400) is explained there too.
    await slugField.fill('Bilan Découverte');
    await page.getByRole('button', { name: 'Create product' }).click();
    await expect.poll(() => problem.textContent()).toBe('Use only lower-case letters (a–z), digits and single hyphens between them, such as first-consultation.');
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, `product-public-${label}-taken`);

    // Edit: made private again; the list says so and offers nothing to share.
    await row.getByRole('button', { name: `Edit ${name}` }).click();
    const edit = page.getByRole('dialog', { name: `Edit “${name}”` });
    expect(await edit.getByLabel('Link name').inputValue()).toBe(slug);
    await edit.getByLabel('Bookable by visitors without an account').uncheck();
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await edit.waitFor({ state: 'detached' });
    await expect.poll(() => row.getByText('Accounts only').count()).toBe(1);
    expect(await row.getByRole('button', { name: `Share ${name}` }).count()).toBe(0);
    const admin = await idTokenFor('admin@example.com');
    const stored = (await call(`${stack.url}/api/admin/products`, { token: admin })).body.data.find((p: { name: string; slug?: string }) => p.name === name && p.slug === slug);
    expect(stored).toMatchObject({ isPublic: false, slug, requiresConfirmation: false });
    await page.context().close();
  });
});

describe('deleting a product', () => {
  it.each([
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const)('on a %s: asks first, keeps it on "Keep it", deletes it on confirmation, and says why a product a weekly slot uses stays', async (label, options) => {
    const admin = await idTokenFor('admin@example.com');
    const product = async (name: string) => {
      const created = await call(`${stack.url}/api/admin/products`, { method: 'POST', token: admin, json: { name, durationMinutes: 30 } });
      expect(created.status).toBe(201);
      return created.body.data as { id: string; name: string };
    };
    const spare = await product(`Atelier ${label} ${randomUUID().slice(0, 6)}`);
    const used = await product(`Suivi ${label} ${randomUUID().slice(0, 6)}`);
    const slot = await call(`${stack.url}/api/admin/availability/slots`, {
      method: 'POST',
      token: admin,
      json: { dayOfWeek: 3, startTime: '09:00', endTime: '10:00', duration: 30, productId: used.id },
    });
    expect(slot.status, JSON.stringify(slot.body)).toBe(201);
    const listed = async () => ((await call(`${stack.url}/api/admin/products`, { token: admin })).body.data as Array<{ id: string }>).map((p) => p.id);

    const page = await productsPage(options);
    const row = page.getByRole('row').filter({ hasText: spare.name });
    const remove = row.getByRole('button', { name: `Delete ${spare.name}`, exact: true });
    await remove.click();
    const dialog = page.getByRole('alertdialog', { name: `Delete “${spare.name}”?` });
    await dialog.waitFor();
    // The safe choice has the focus; keeping it changes nothing.
    expect(await dialog.getByRole('button', { name: 'Keep it' }).evaluate((button) => button === document.activeElement)).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, `product-delete-${label}-confirm`);
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    expect(await listed()).toContain(spare.id);

    await remove.click();
    await dialog.getByRole('button', { name: 'Delete product' }).click();
    await row.waitFor({ state: 'detached' });
    expect(await listed()).not.toContain(spare.id);
    await expect.poll(() => page.getByText(`“${spare.name}” deleted`).count()).toBe(1);
    // Its button is gone: the focus is on the page's heading, not lost.
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Products');

    // A weekly slot offers the other one: the team is told why it stays, and it does.
    const usedRow = page.getByRole('row').filter({ hasText: used.name });
    await usedRow.getByRole('button', { name: `Delete ${used.name}`, exact: true }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Delete product' }).click();
    await expect.poll(() => page.getByText(/used by 1 weekly slot/).count()).toBeGreaterThan(0);
    expect(await listed()).toContain(used.id);
    expect(await usedRow.count()).toBe(1);
    await screenshot(page, `product-delete-${label}-refused`);
    await page.context().close();
  });
});
