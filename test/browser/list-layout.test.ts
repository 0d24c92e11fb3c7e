import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../local/demo.ts';
import { launchBrowser, screenshot, signInThroughPage, useOwnSeededTable } from '../helpers/browser.ts';
import { call, createTestUser, startTestStack, type TestStack } from '../helpers/stack.ts';

/**
 * The admin appointments list as it reads at desktop, tablet and phone width (issue 17): the
 * client's e-mail is never cut in the middle of a word, the month's figures sit whole in tiles
 * laid out in rows, and a phone card's last fact keeps its distance from the card's buttons.
 * Measured in the page, not eyeballed: the tests fail on the layout they replace.
 */
let stack: TestStack;
let browser: Browser;
let longEmail: string;

beforeAll(async () => {
  await useOwnSeededTable('list-layout');
  [stack, browser] = await Promise.all([startTestStack({ site: true }), launchBrowser()]);
  // An address longer than the Client column, as some are: it must not widen the table.
  const [admin, client] = await Promise.all([createTestUser({ admin: true }), createTestUser({ prefix: 'accounts-payable-department-of-the-company' })]);
  longEmail = client.email;
  await Promise.all([admin, client].map((user) => call(`${stack.url}/api/me`, { token: user.idToken })));
  const start = new Date(Date.now() + 2 * 86_400_000);
  start.setUTCHours(8, 0, 0, 0);
  const created = await call(`${stack.url}/api/admin/appointments`, {
    method: 'POST',
    token: admin.idToken,
    json: { action: 'create', clientEmail: client.email, title: 'Adresse longue', startTime: start.toISOString(), endTime: new Date(start.getTime() + 3_600_000).toISOString() },
  });
  expect(created.status).toBe(201);
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function adminList(width: number, height: number): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height } });
  await signInThroughPage(page, stack.url, 'admin@example.com', DEMO_PASSWORD);
  await page.waitForURL(/\/admin\/$/);
  await page.goto(`${stack.url}/admin/appointments/`);
  await page.getByRole('table').waitFor();
  await page.getByRole('region', { name: /^Statistics for/ }).locator('dd').first().waitFor();
  return page;
}

/** Each Client cell's e-mail: its text's line boxes, its box and the whole address it offers. */
const emails = (page: Page) =>
  page.getByRole('table').evaluate((table) =>
    [...table.querySelectorAll('tbody td[data-label="Client"]')].map((cell) => {
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      let node: Node | null;
      while ((node = walker.nextNode()) && !node.textContent!.includes('@'));
      const range = document.createRange();
      range.selectNodeContents(node!);
      const tops = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)));
      const holder = node!.parentElement!;
      return { text: node!.textContent!.trim(), lines: tops.size, title: holder.getAttribute('title'), cut: holder.scrollWidth > holder.clientWidth, insideCell: holder.getBoundingClientRect().right <= cell.getBoundingClientRect().right + 0.5 };
    }),
  );

describe('the admin appointments list', () => {
  it('at 1280 px, shows each client e-mail on one line under the name, cut with an ellipsis only when longer than the column, the whole address in its title; no word is cut in two', async () => {
    const page = await adminList(1280, 900);
    const shown = await emails(page);
    expect(shown.length).toBeGreaterThan(3);
    for (const email of shown) {
      expect(email.lines, email.text).toBe(1);
      expect(email.insideCell, email.text).toBe(true);
      expect(email.title).toBe(email.text);
    }
    // The demo addresses fit whole; the long one is cut, and the table still needs no sideways scroll.
    expect(shown.find((e) => e.text === 'jean.dupont@example.com')?.cut).toBe(false);
    expect(shown.find((e) => e.text === longEmail)?.cut).toBe(true);
    expect(await page.locator('.table-wrap').evaluate((wrap) => wrap.scrollWidth <= wrap.clientWidth)).toBe(true);
    // Nor is a word of the other short columns cut in two ("Unassigne" / "d" in a narrow column).
    const broken = await page.getByRole('table').evaluate((table) =>
      [...table.querySelectorAll('tbody td[data-label="When"], tbody td[data-label="Status"], tbody td[data-label="Type"], tbody td[data-label="Assigned admin"]')].flatMap((cell) => {
        const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
        const split: string[] = [];
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          for (const match of node.textContent!.matchAll(/\S+/g)) {
            const range = document.createRange();
            range.setStart(node, match.index!);
            range.setEnd(node, match.index! + match[0].length);
            if (new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size > 1) split.push(match[0]);
          }
        }
        return split;
      }),
    );
    expect(broken).toEqual([]);
    await screenshot(page, 'admin-list-emails-1280');
    await page.close();
  });

  for (const [width, height, countsInARow] of [
    [1280, 900, true],
    [820, 1180, false],
    [390, 844, false],
  ] as const) {
    it(`at ${width} px, shows every figure of the month on one line, in tiles of even rows`, async () => {
      const page = await adminList(width, height);
      const tiles = await page.getByRole('region', { name: /^Statistics for/ }).evaluate((panel) =>
        [...panel.querySelectorAll('dl > div')].map((tile) => {
          const figure = tile.querySelector('strong')!;
          const line = parseFloat(getComputedStyle(figure).lineHeight) || parseFloat(getComputedStyle(figure).fontSize) * 1.3;
          const box = tile.getBoundingClientRect();
          return { label: tile.querySelector('dt')!.textContent!, oneLine: figure.getBoundingClientRect().height < line * 1.5, fits: figure.getBoundingClientRect().right <= box.right, top: Math.round(box.top), height: Math.round(box.height) };
        }),
      );
      expect(tiles.map((t) => t.label)).toEqual(['Total', 'Pending', 'Confirmed', 'Completed', 'Cancelled / no-show', 'Revenue', 'Unpaid']);
      for (const tile of tiles) {
        expect(tile.oneLine, `${tile.label} at ${width}`).toBe(true);
        expect(tile.fits, `${tile.label} at ${width}`).toBe(true);
      }
      const [, pending, confirmed, completed, cancelled, revenue, unpaid] = tiles;
      // Revenue and unpaid side by side, as tall as each other, whatever the width.
      expect(revenue!.top).toBe(unpaid!.top);
      expect(revenue!.height).toBe(unpaid!.height);
      // The counts: all in one row where there is room, else two by two.
      if (countsInARow) expect(new Set(tiles.slice(0, 5).map((t) => t.top)).size).toBe(1);
      else {
        expect(pending!.top).toBe(confirmed!.top);
        expect(completed!.top).toBe(cancelled!.top);
      }
      await screenshot(page, `admin-list-stats-${width}`);
      await page.close();
    });
  }

  it('on a phone, each card keeps its facts inside their lines and apart from its Actions button', async () => {
    const page = await adminList(390, 844);
    const cards = await page.getByRole('table').evaluate((table) =>
      [...table.querySelectorAll('tbody tr')].map((row) => {
        const assigned = row.querySelector<HTMLElement>('td[data-label="Assigned admin"]')!;
        const button = row.querySelector<HTMLElement>('button[aria-haspopup]') ?? row.querySelector<HTMLElement>('td:last-child button')!;
        return {
          // A label longer than its column ("Assigned admin" on two lines) must grow its line, not stick out of it.
          overflows: assigned.scrollHeight > assigned.clientHeight + 1,
          gap: button.getBoundingClientRect().top - assigned.getBoundingClientRect().bottom,
        };
      }),
    );
    expect(cards.length).toBeGreaterThan(3);
    for (const card of cards) {
      expect(card.overflows).toBe(false);
      expect(card.gap).toBeGreaterThanOrEqual(12);
    }
    await screenshot(page, 'admin-list-cards-390');
    await page.close();
  });
});
