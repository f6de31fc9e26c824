/**
 * The HTML report's compliance view, risk breakdowns, trend and CSV export in a real browser
 * (Debian chromium through playwright-core), at a desktop width and at 390 px: no horizontal
 * scroll in any state, failing-only defaults, framework and status switches, links from a
 * requirement or a risky resource to exactly its findings, and CSV downloads that equal what
 * `--format csv` writes for the same rows. Skips visibly when chromium is absent, unless
 * PROTON_AUDIT_REQUIRE_BROWSER=1.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditResult, Finding } from '../../src/model/index.ts';
import { render } from '../../src/render/index.ts';
import { openWatched, type WatchedPage } from '../helpers/watched-page.ts';
import { EXPECTED_STATUS, FRAMEWORK, HISTORY, SECOND, complianceResult } from '../helpers/compliance-fixture.ts';
import { withFindings } from '../helpers/build-result.ts';
import { parseCsv } from '../helpers/handoff.ts';
import { findingsOf } from '../../src/engine/outcomes.ts';

const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
const required = process.env.PROTON_AUDIT_REQUIRE_BROWSER === '1';

if (!available && !required) {
  process.stderr.write(`\n[browser tests] SKIPPED: ${CHROMIUM} not found (apt-get install -y chromium); set PROTON_AUDIT_REQUIRE_BROWSER=1 to make this a failure.\n\n`);
}

const WIDTHS = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
] as const;

/** The fixture, plus a finding whose owner-chosen text would run as a spreadsheet formula. */
function reportResult(): AuditResult {
  const result = complianceResult({ attacker: true });
  const findings = findingsOf(result);
  const target = findings.find((f) => f.ruleId === 'PA-SEC-001' && f.status === 'fail') as Finding;
  target.resource = { ...target.resource, name: '=HYPERLINK("https://evil.example","open")' };
  target.message = '=1+2 spec holds a secret';
  return withFindings(result, findings);
}

const isOpen = (f: Finding): boolean => f.status === 'fail' && !f.waiver;

describe.skipIf(!available && !required)('HTML compliance view in chromium', () => {
  let context: BrowserContext;
  let dir: string;
  let url: string;
  const result = reportResult();
  const compliance = { frameworks: [FRAMEWORK, SECOND], history: HISTORY };

  beforeAll(async () => {
    if (!available) throw new Error(`${CHROMIUM} is missing and PROTON_AUDIT_REQUIRE_BROWSER=1: install it with apt-get install -y chromium`);
    dir = mkdtempSync(join(tmpdir(), 'proton-audit-compliance-'));
    writeFileSync(join(dir, 'report.html'), render('html', result, { color: false, includePassed: true, compliance }));
    url = pathToFileURL(join(dir, 'report.html')).href;
    context = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      acceptDownloads: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });

  afterAll(async () => {
    await context?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function openAt(width: number, height: number): Promise<WatchedPage> {
    const w = await openWatched(context, url);
    await w.page.setViewportSize({ width, height });
    return w;
  }

  /** The page never scrolls sideways: everything fits the viewport's width. */
  async function expectNoSideScroll(page: Page, state: string): Promise<void> {
    const m = await page.evaluate(() => {
      const e = document.scrollingElement as Element;
      return { scrollWidth: e.scrollWidth, clientWidth: e.clientWidth };
    });
    expect(m.scrollWidth, `horizontal scroll ${state}`).toBeLessThanOrEqual(m.clientWidth);
  }

  const visibleRequirements = (page: Page, fw: number) => page.locator(`#fw-panel-${fw} tbody tr[data-req]:visible td[data-label="Requirement"] strong`).allTextContents();
  const findingRows = (page: Page) => page.locator('#findings-body tr[data-index]').count();
  const fingerprintsShown = async (page: Page): Promise<string[]> => {
    // Each row's fingerprint, from its detail (rebuilt in the page from rule, ARN and sub-key).
    return page.evaluate(() => {
      const out: string[] = [];
      const count = document.querySelectorAll('#findings-body tr[data-index]').length;
      for (let i = 0; i < count; i += 1) {
        document.querySelectorAll<HTMLElement>('#findings-body tr[data-index]')[i]?.click();
        const dt = Array.from(document.querySelectorAll('#findings-body tr.detail-row dt')).find((d) => d.textContent === 'Fingerprint');
        out.push(dt?.nextElementSibling?.textContent ?? '');
      }
      document.querySelector<HTMLElement>('#d-close')?.click();
      return out;
    });
  };
  async function download(page: Page, click: () => Promise<void>): Promise<{ name: string; rows: string[][] }> {
    const [dl] = await Promise.all([page.waitForEvent('download'), click()]);
    return { name: dl.suggestedFilename(), rows: parseCsv(readFileSync(await dl.path(), 'utf8')) };
  }

  for (const size of WIDTHS) {
    it(`${size.name} (${size.width} px): failing-only defaults, switches and links, with no horizontal scroll`, async () => {
      const w = await openAt(size.width, size.height);
      const { page } = w;
      await expectNoSideScroll(page, 'on load');

      // Compliance: the first framework shows its failing requirements; the second is hidden.
      const failing = Object.entries(EXPECTED_STATUS).filter(([, s]) => s === 'fail').map(([id]) => id);
      expect(await visibleRequirements(page, 0)).toEqual(failing);
      expect(await page.locator('#fw-panel-1').isVisible()).toBe(false);
      await page.click('#fw-panel-0 .chip-btn[data-status="not-assessed"]');
      expect(await visibleRequirements(page, 0)).toEqual(['CM-3', 'LG-1', 'LG-2']);
      await page.click('#fw-panel-0 .chip-btn[data-status="all"]');
      expect(await visibleRequirements(page, 0)).toEqual(FRAMEWORK.requirements.map((r) => r.id));
      await expectNoSideScroll(page, 'with every requirement shown');
      await page.click('#fw-tab-1');
      expect(await page.locator('#fw-panel-0').isVisible()).toBe(false);
      expect(await visibleRequirements(page, 1)).toEqual(['X-1', 'X-2']);
      await page.click('#fw-tab-0');

      // Findings: open failures by default; skips in their own tab.
      expect(await findingRows(page)).toBe(Math.min(100, findingsOf(result).filter(isOpen).length));
      expect(new Set(await page.locator('#findings-body td[class^="status-"]').allTextContents())).toEqual(new Set(['fail']));
      await page.click('#status-tabs [data-tab="skip"]');
      expect(new Set(await page.locator('#findings-body td[class^="status-"]').allTextContents())).toEqual(new Set(['skip']));
      await expectNoSideScroll(page, 'on the skipped tab');

      // A requirement's link lists exactly the findings behind its status.
      await page.click('#fw-panel-0 a.req-link[data-req="0"]');
      expect(await page.locator('#req-filter').isVisible()).toBe(true);
      expect(await page.locator('#req-filter-label').textContent()).toContain('AC-1');
      const behind = findingsOf(result).filter((f) => f.ruleId === 'PA-IAM-001' && (isOpen(f) || f.status === 'error' || (f.status === 'skip' && f.notCollected === true)));
      expect(await findingRows(page)).toBe(behind.length);
      expect(new Set(await fingerprintsShown(page))).toEqual(new Set(behind.map((f) => f.fingerprint)));
      await page.locator('#findings-body tr[data-index]').first().click();
      expect(await page.locator('#findings-body tr.detail-row dt:text-is("Compliance") + dd').textContent()).toBe('acme-baseline AC-1');
      await expectNoSideScroll(page, 'with a finding detail open');
      await page.click('#req-clear');
      expect(await page.locator('#req-filter').isVisible()).toBe(false);

      // The riskiest resource's link lists its open failing findings.
      const arn = (await page.locator('a.arn-link').first().getAttribute('data-arn')) ?? '';
      await page.locator('a.arn-link').first().click();
      expect(await findingRows(page)).toBe(findingsOf(result).filter((f) => isOpen(f) && f.resource.arn === arn).length);
      expect(await findingRows(page)).toBeGreaterThan(0);

      await page.locator('#trend').scrollIntoViewIfNeeded();
      expect(await page.locator('#trend tbody tr').count()).toBe(HISTORY.length + 1);
      await expectNoSideScroll(page, 'at the end');
      expect(w.errors).toEqual([]);
      expect(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)).toEqual([]);
      expect(w.requests).toEqual([url]);
      await page.close();
    });
  }

  it('exports the shown findings and requirements as CSV equal to --format csv, formulas neutralised', async () => {
    const w = await openAt(1280, 800);
    const { page } = w;
    const reference = parseCsv(render('csv', result, { color: false, includePassed: true, compliance }));
    const byFingerprint = new Map(reference.slice(1).map((r) => [r[0], r]));

    // The default (failing) tab: every open failure, on every page.
    const failing = await download(page, () => page.click('#export-findings'));
    expect(failing.name).toMatch(/^proton-audit-findings-\w+\.csv$/);
    expect(failing.rows[0]).toEqual(reference[0]);
    const open = findingsOf(result).filter(isOpen);
    expect(failing.rows).toHaveLength(open.length + 1);
    for (const row of failing.rows.slice(1)) expect(row).toEqual(byFingerprint.get(row[0] ?? ''));
    const hostile = failing.rows.find((r) => r[13]?.includes('spec holds a secret'));
    expect(hostile?.[11]).toBe('\'=HYPERLINK("https://evil.example","open")');
    expect(hostile?.[13]).toBe("'=1+2 spec holds a secret");

    // All tab, filtered by severity: the filters decide the rows, not the page size.
    await page.click('#status-tabs [data-tab="all"]');
    await page.selectOption('#f-severity', { label: 'critical' });
    const critical = await download(page, () => page.click('#export-findings'));
    expect(new Set(critical.rows.slice(1).map((r) => r[0]))).toEqual(new Set(findingsOf(result).filter((f) => f.severity === 'critical').map((f) => f.fingerprint)));
    for (const row of critical.rows.slice(1)) expect(row).toEqual(byFingerprint.get(row[0] ?? ''));

    // Requirements: the rows the panel's filter shows.
    const reqs = await download(page, () => page.click('#fw-panel-0 [data-export="requirements"]'));
    expect(reqs.name).toMatch(/^proton-audit-acme-baseline-\w+\.csv$/);
    expect(reqs.rows[0]).toEqual(['framework', 'requirement', 'section', 'title', 'status', 'rules', 'findings', 'note']);
    expect(reqs.rows.slice(1).map((r) => [r[1], r[4]])).toEqual(Object.entries(EXPECTED_STATUS).filter(([, s]) => s === 'fail'));
    await page.click('#fw-panel-0 .chip-btn[data-status="all"]');
    const all = await download(page, () => page.click('#fw-panel-0 [data-export="requirements"]'));
    expect(all.rows.slice(1).map((r) => [r[1], r[4]])).toEqual(Object.entries(EXPECTED_STATUS));
    expect(all.rows.find((r) => r[1] === 'SC-1')?.[5]).toBe('PA-VER-001 PA-SEC-001');

    expect(w.errors).toEqual([]);
    expect(w.requests).toEqual([url]);
    await page.close();
  });
});
