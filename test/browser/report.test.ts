/**
 * The HTML report in a real browser (Debian chromium through playwright-core): it opens from a
 * file URL, filters and searches, never runs attacker payloads, makes no network request, and
 * stays bounded at 10,000 findings. Skips visibly when chromium is absent, unless
 * PROTON_AUDIT_REQUIRE_BROWSER=1 (CI), where absence fails.
 */
import type { Finding } from '../../src/model/index.ts';
import { findingsOf } from '../../src/engine/outcomes.ts';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditResult } from '../../src/model/index.ts';
import { render } from '../../src/render/index.ts';
import { openWatched, type WatchedPage } from '../helpers/watched-page.ts';
import { PAYLOADS, buildResult } from '../helpers/build-result.ts';

const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
const required = process.env.PROTON_AUDIT_REQUIRE_BROWSER === '1';

if (!available && !required) {
  process.stderr.write(`\n[browser tests] SKIPPED: ${CHROMIUM} not found (apt-get install -y chromium); set PROTON_AUDIT_REQUIRE_BROWSER=1 to make this a failure.\n\n`);
}

describe.skipIf(!available && !required)('HTML report in chromium', () => {
  let context: BrowserContext;
  let dir: string;
  let attackerUrl: string;
  let bigUrl: string;
  let attacker: AuditResult;
  let big: AuditResult;

  beforeAll(async () => {
    if (!available) throw new Error(`${CHROMIUM} is missing and PROTON_AUDIT_REQUIRE_BROWSER=1: install it with apt-get install -y chromium`);
    dir = mkdtempSync(join(tmpdir(), 'proton-audit-browser-'));
    attacker = buildResult({ attacker: true, baseline: true, perCombination: 3 });
    big = buildResult({ total: 10_000, failShare: 0.6 });
    writeFileSync(join(dir, 'attacker.html'), render('html', attacker, { color: false, includePassed: true }));
    writeFileSync(join(dir, 'big.html'), render('html', big, { color: false, includePassed: true }));
    attackerUrl = pathToFileURL(join(dir, 'attacker.html')).href;
    bigUrl = pathToFileURL(join(dir, 'big.html')).href;
    context = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });

  afterAll(async () => {
    await context?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const open = (url: string): Promise<WatchedPage> => openWatched(context, url);

  const rowCount = (page: Page) => page.locator('#findings-body tr[data-index]').count();
  const status = (page: Page) => page.locator('#p-status').textContent();
  const tab = (page: Page, key: string) => page.click(`#status-tabs [data-tab="${key}"]`);

  it('opens from a file URL, with its own CSS and script allowed by the CSP and nothing else loaded', async () => {
    const w = await open(attackerUrl);
    // The default view lists open failing findings only.
    expect(await rowCount(w.page)).toBe(Math.min(100, findingsOf(attacker).filter((f) => f.status === 'fail' && !f.waiver).length));
    expect(new Set(await w.page.locator('#findings-body td[class^="status-"]').allTextContents())).toEqual(new Set(['fail']));
    // The hashed stylesheet applied: cards have their 5px severity border.
    expect(await w.page.locator('.card').first().evaluate((el) => getComputedStyle(el).borderLeftWidth)).toBe('5px');
    expect(await w.page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)).toEqual([]);
    expect(w.errors).toEqual([]);
    expect(w.requests).toEqual([attackerUrl]);
    await w.page.close();
  });

  it('filters by severity, status, rule and resource type, and searches text', async () => {
    const w = await open(attackerUrl);
    const { page } = w;
    const shown = findingsOf(attacker);
    await tab(page, 'all');
    await page.selectOption('#f-severity', { label: 'critical' });
    expect(await rowCount(page)).toBe(shown.filter((f) => f.severity === 'critical').length);
    expect(new Set(await page.locator('#findings-body td.sev').allTextContents())).toEqual(new Set(['critical']));
    await page.selectOption('#f-severity', '');

    await tab(page, 'waived');
    expect(await rowCount(page)).toBe(shown.filter((f) => f.waiver).length);
    await tab(page, 'fail');
    expect(await rowCount(page)).toBe(shown.filter((f) => f.status === 'fail' && !f.waiver).length);
    // Skips have their own tab, apart from the failures.
    await tab(page, 'skip');
    expect(await rowCount(page)).toBe(shown.filter((f) => f.status === 'skip').length);
    expect(new Set(await page.locator('#findings-body td[class^="status-"]').allTextContents())).toEqual(new Set(['skip']));
    await tab(page, 'all');

    await page.selectOption('#f-rule', { label: 'PA-VER-001 Service instances run the recommended template version' });
    expect(await rowCount(page)).toBe(shown.filter((f) => f.ruleId === 'PA-VER-001').length);
    await page.selectOption('#f-rule', '');

    await page.selectOption('#f-type', { label: 'role' });
    expect(await rowCount(page)).toBe(shown.filter((f) => f.resource.type === 'role').length);
    await page.selectOption('#f-type', '');

    // Search matches every term as a substring of the row's rule, text, resource and fingerprint.
    const haystack = (f: Finding) =>
      [f.ruleId, f.title, f.message, f.resource.arn, f.resource.name, f.resource.type, f.resource.accountId, f.resource.region, f.subKey ?? '', f.skipReason ?? f.error ?? '', f.fingerprint].join('\n').toLowerCase();
    await page.fill('#f-search', 'bucket-res-7 EU-WEST');
    const expected = shown.filter((f) => haystack(f).includes('bucket-res-7') && haystack(f).includes('eu-west')).length;
    expect(expected).toBeGreaterThan(0);
    expect(await rowCount(page)).toBe(expected);
    await page.fill('#f-search', 'no-such-thing-anywhere');
    expect(await rowCount(page)).toBe(0);
    expect(await status(page)).toContain('No findings match');
    await page.fill('#f-search', '');

    await page.check('#f-new');
    expect(await rowCount(page)).toBe(shown.filter((f) => attacker.baseline?.newFingerprints.includes(f.fingerprint)).length);
    expect(w.errors).toEqual([]);
    await page.close();
  });

  it('never runs payloads from names, messages, specs, policy values or waivers', async () => {
    const w = await open(attackerUrl);
    const { page } = w;
    // Open the detail of every row (evidence, waivers, remediation, references), clicking in the page.
    await tab(page, 'all');
    await page.selectOption('#f-size', '500');
    const opened = await page.evaluate(() => {
      const count = document.querySelectorAll('#findings-body tr[data-index]').length;
      let details = 0;
      for (let i = 0; i < count; i += 1) {
        const row = document.querySelectorAll<HTMLElement>('#findings-body tr[data-index]')[i];
        row?.click();
        if (document.querySelector('#findings-body tr.detail-row')) details += 1;
      }
      return { count, details };
    });
    expect(opened.details).toBe(opened.count);
    expect(opened.count).toBe(findingsOf(attacker).length);
    // Each detail's fingerprint, rebuilt in the page from rule, ARN and sub-key (attacker text
    // and non-ASCII included), is the engine's.
    const shown = await page.evaluate(() => {
      const out: string[] = [];
      const count = document.querySelectorAll('#findings-body tr[data-index]').length;
      for (let i = 0; i < count; i += 1) {
        document.querySelectorAll<HTMLElement>('#findings-body tr[data-index]')[i]?.click();
        const dt = Array.from(document.querySelectorAll('#findings-body tr.detail-row dt')).find((d) => d.textContent === 'Fingerprint');
        out.push(dt?.nextElementSibling?.textContent ?? '');
      }
      return out;
    });
    expect(new Set(shown)).toEqual(new Set(findingsOf(attacker).map((f) => f.fingerprint)));
    await page.fill('#f-search', 'script');
    await page.locator('#findings-body tr[data-index]').first().click();
    await page.locator('#findings-body tr[data-index]').first().press('Enter');
    const state = await page.evaluate(() => ({
      pwned: (window as unknown as { __pwned?: unknown }).__pwned,
      injected: document.querySelectorAll('main img, main script, main iframe, #findings-body svg, [onerror], [onload]').length,
      text: document.body.innerText,
    }));
    expect(state.pwned).toBeUndefined();
    expect(state.injected).toBe(0);
    expect(w.dialogs).toEqual([]);
    expect(w.errors).toEqual([]);
    // The payloads are shown as text, so a reader sees what the resource owner wrote.
    expect(state.text).toContain(PAYLOADS.script);
    expect(w.requests).toEqual([attackerUrl]);
    await page.close();
  });

  it('opens 10,000 findings, pages and filters them, keeping the DOM bounded', async () => {
    const w = await open(bigUrl);
    const { page } = w;
    await tab(page, 'all');
    expect(await rowCount(page)).toBe(100);
    expect(await status(page)).toContain(`1–100 of ${findingsOf(big).length} matching`);
    await page.click('#p-next');
    expect(await rowCount(page)).toBe(100);
    expect(await status(page)).toContain(`101–200 of ${findingsOf(big).length}`);
    const firstIndex = await page.locator('#findings-body tr[data-index]').first().getAttribute('data-index');
    expect(firstIndex).toBe('100');

    await page.selectOption('#f-severity', { label: 'high' });
    const high = findingsOf(big).filter((f) => f.severity === 'high').length;
    expect(await status(page)).toContain(`of ${high} matching`);
    expect(await rowCount(page)).toBe(Math.min(100, high));

    await page.selectOption('#f-size', '500');
    expect(await rowCount(page)).toBe(Math.min(500, high));
    await page.fill('#f-search', 'res-9999');
    expect(await rowCount(page)).toBe(findingsOf(big).filter((f) => f.severity === 'high' && f.resource.name.includes('res-9999')).length);

    // Fingerprints are rebuilt in the page (sha256 of rule, ARN and sub-key), not shipped per row:
    // a full fingerprint finds exactly its finding, and the detail shows the engine's value.
    await page.selectOption('#f-severity', '');
    const target = findingsOf(big)[7321] as Finding;
    await page.fill('#f-search', target.fingerprint);
    expect(await rowCount(page)).toBe(1);
    await page.locator('#findings-body tr[data-index]').first().click();
    const shownFingerprint = await page.locator('#findings-body tr.detail-row dt:text-is("Fingerprint") + dd').textContent();
    expect(shownFingerprint).toBe(target.fingerprint);
    expect(await page.locator('#findings-body tr.detail-row dt:text-is("ARN") + dd').textContent()).toBe(target.resource.arn);

    const elements = await page.evaluate(() => document.getElementsByTagName('*').length);
    expect(elements).toBeLessThan(6000);
    expect(w.errors).toEqual([]);
    expect(w.requests).toEqual([bigUrl]);
    await page.close();
  });
});
