/**
 * Opening an HTML report in real Chromium (/usr/bin/chromium, headless, the way the browser
 * tests drive it: test/helpers/watched-page.ts) and timing it: from navigation until the first
 * page of the findings table is drawn (body[data-ready]), then switching to the "All" tab and a
 * search, each timed inside the page. Used by bench:render; on its own:
 *
 *   node --import tsx bench/browser-load.ts report.html [more.html ...]
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { openWatched } from '../test/helpers/watched-page.ts';

export const CHROMIUM = '/usr/bin/chromium';

export interface BrowserLoad {
  /** Navigation start to the first table page drawn, wall ms (as the reader waits). */
  openMs: number;
  /** The same on the page's own clock: navigation start to DOMContentLoaded (the script runs before it). */
  pageMs: number;
  /** The JS heap the page holds once drawn (Chromium's performance.memory), MB. */
  heapMb: number | null;
  /** Clicking "All": every finding filtered and the first page drawn, ms in the page. */
  allTabMs: number;
  /** Typing a search term over every finding ("All" tab), ms in the page. */
  searchMs: number;
  /** What the pager said after the search. */
  searchStatus: string;
  errors: string[];
}

/** Times one report; `term` is what the search types (a resource name is a realistic one). */
export async function timeHtmlLoad(file: string, term = 'svc-12', timeoutMs = 600_000): Promise<BrowserLoad> {
  const dir = mkdtempSync(join(tmpdir(), 'pa-bench-browser-'));
  const context = await chromium.launchPersistentContext(join(dir, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--enable-precise-memory-info'],
  });
  try {
    context.setDefaultTimeout(timeoutMs);
    context.setDefaultNavigationTimeout(timeoutMs);
    const url = pathToFileURL(resolve(file)).href;
    const started = performance.now();
    const w = await openWatched(context, url);
    const openMs = performance.now() - started;
    const pageMs = await w.page.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined)?.domContentLoadedEventStart ?? -1);
    const heapMb = await w.page.evaluate(() => {
      const memory = (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory;
      return memory ? memory.usedJSHeapSize / 1e6 : null;
    });
    const allTabMs = await w.page.evaluate(() => {
      const t = performance.now();
      document.querySelector<HTMLElement>('#status-tabs [data-tab="all"]')?.click();
      return performance.now() - t;
    });
    const searchMs = await w.page.evaluate((q) => {
      const input = document.querySelector<HTMLInputElement>('#f-search');
      if (!input) return -1;
      const t = performance.now();
      input.value = q;
      input.dispatchEvent(new Event('input'));
      return performance.now() - t;
    }, term);
    const searchStatus = (await w.page.locator('#p-status').textContent()) ?? '';
    await w.page.close();
    return { openMs, pageMs, heapMb, allTabMs, searchMs, searchStatus, errors: w.errors };
  } finally {
    await context.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found`);
  for (const file of process.argv.slice(2)) {
    const r = await timeHtmlLoad(file);
    process.stdout.write(`${JSON.stringify({ file, ...r })}\n`);
  }
}
