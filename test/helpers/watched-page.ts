/**
 * A Chromium page on a report file that records every request, dialog, script error and CSP
 * violation (in window.__csp), and aborts any request other than the file itself.
 */
import type { BrowserContext, Page } from 'playwright-core';

export interface WatchedPage {
  page: Page;
  url: string;
  requests: string[];
  dialogs: string[];
  errors: string[];
}

export async function openWatched(context: BrowserContext, url: string): Promise<WatchedPage> {
  const page = await context.newPage();
  const w: WatchedPage = { page, url, requests: [], dialogs: [], errors: [] };
  page.on('request', (r) => w.requests.push(r.url()));
  page.on('dialog', (d) => {
    w.dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('pageerror', (e) => w.errors.push(e.message));
  await page.route('**/*', (route) => (route.request().url() === url ? route.continue() : route.abort()));
  await page.addInitScript(() => {
    const win = window as unknown as { __csp: string[] };
    win.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => win.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.goto(url);
  await page.waitForSelector('body[data-ready="1"]');
  return w;
}
