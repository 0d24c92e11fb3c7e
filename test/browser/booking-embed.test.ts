import http from 'node:http';
import type { Browser, Frame } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen } from '../../local/gateway.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { startTestStack, type TestStack } from '../helpers/stack.ts';

/**
 * The booking pages in an <iframe> on a business's own site (issue 18): Chromium shows /book/ in
 * a page of an origin listed in BOOKING_EMBED_ORIGINS and refuses it in a page of any other origin,
 * and refuses every other page of the site to both, from the headers the local gateway sends as
 * CloudFront does.
 */
/** Where Chromium leaves a frame whose document refused to be framed there. */
const REFUSED = 'chrome-error://chromewebdata/';

let stack: TestStack;
let browser: Browser;
const hosts: http.Server[] = [];
let allowed: string;
let other: string;

/** A stand-in for a business's site: one page framing whatever `?src=` names. */
async function hostSite(): Promise<string> {
  const server = http.createServer((request, response) => {
    const src = new URL(request.url ?? '/', 'http://localhost').searchParams.get('src') ?? '';
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(`<!doctype html><title>Business</title><iframe src="${src.replace(/"/g, '&quot;')}" title="Booking"></iframe>`);
  });
  hosts.push(server);
  return `http://localhost:${await listen(server, 0)}`;
}

beforeAll(async () => {
  [allowed, other] = await Promise.all([hostSite(), hostSite()]);
  [stack, browser] = await Promise.all([startTestStack({ site: true, embedOrigins: [allowed] }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  for (const server of hosts) server.closeAllConnections(), server.close();
});

/** The framed document once its frame has loaded: the page asked for, or Chromium's error page when framing was refused. */
async function framed(host: string, path: string): Promise<Frame> {
  const page = await browser.newPage();
  await page.goto(`${host}/?src=${encodeURIComponent(`${stack.url}${path}`)}`);
  const frame = await (await page.locator('iframe').elementHandle())!.contentFrame();
  await frame!.waitForLoadState('load');
  return frame!;
}

describe('framing the booking pages', () => {
  it('shows /book/ in a page of an allowed origin, and in no other', async () => {
    expect((await framed(allowed, '/book/?embed=1')).url()).toBe(`${stack.url}/book/?embed=1`);
    expect((await framed(other, '/book/?embed=1')).url()).toBe(REFUSED);
  });

  it('never shows another page of the site in a frame, even to an allowed origin', async () => {
    expect((await framed(allowed, '/signin/')).url()).toBe(REFUSED);
    expect((await framed(allowed, '/admin/products/')).url()).toBe(REFUSED);
  });
});
