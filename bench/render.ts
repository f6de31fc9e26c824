/**
 * Reports at scale: real findings (the full rule pack over the 10× synthetic estate, passes
 * included) rendered as HTML and SARIF at 10,000 and 100,000 findings — size, gzipped size and
 * render time — then the 100,000-finding HTML opened in Chromium (when /usr/bin/chromium exists):
 * time until the first page is drawn, a search, a filter change, a detail, and the JS heap.
 *
 *   npm run bench:render
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import Table from 'cli-table3';
import { defaultConfig } from '../src/config/defaults.ts';
import { BUILTIN_RULES_DIR, evaluate, loadRules, prepareFacts } from '../src/engine/index.ts';
import type { AuditResult } from '../src/model/index.ts';
import { render } from '../src/render/index.ts';
import { serializeSnapshot } from '../src/snapshot/io.ts';
import { sha256Hex } from '../src/util/canonical-json.ts';
import { snapshotOfEstate } from './estate-snapshot.ts';
import { syntheticEstate } from './synthetic-estate.ts';

const CHROMIUM = '/usr/bin/chromium';
const SIZES = [10_000, 100_000];
const mb = (bytes: number): string => (bytes / 1e6).toFixed(1);

process.stderr.write('evaluating the 10× estate for real findings...\n');
await prepareFacts();
const { rules } = await loadRules({ builtinDir: BUILTIN_RULES_DIR, config: defaultConfig() });
const snapshot = snapshotOfEstate(syntheticEstate({ scale: 10, seed: 2026 }), '2026-11-01T00:00:00Z');
const full = evaluate({ snapshot, sha256: sha256Hex(serializeSnapshot(snapshot)), rules, config: defaultConfig(), now: new Date('2026-11-02T00:00:00Z'), toolVersion: 'bench' });
if (full.findings.length < Math.max(...SIZES)) throw new Error(`only ${full.findings.length} findings; need ${Math.max(...SIZES)}`);

/** The first n findings, with the summary recounted so the report is consistent. */
function slice(n: number): AuditResult {
  const findings = full.findings.slice(0, n);
  const byStatus = { fail: 0, error: 0, skip: 0, pass: 0 };
  for (const f of findings) byStatus[f.status]++;
  return { ...full, findings, summary: { ...full.summary, byStatus } };
}

const dir = mkdtempSync(join(tmpdir(), 'pa-bench-render-'));
const table = new Table({ head: ['findings', 'format', 'size MB', 'gzipped MB', 'render s'], style: { head: [], border: [] } });
let bigHtml = '';
try {
  for (const n of SIZES) {
    const result = slice(n);
    for (const format of ['html', 'sarif'] as const) {
      const start = performance.now();
      const text = render(format, result, { color: false, includePassed: true });
      const seconds = (performance.now() - start) / 1000;
      const bytes = Buffer.byteLength(text);
      table.push([n.toLocaleString('en-US'), format, mb(bytes), mb(gzipSync(text).length), seconds.toFixed(2)]);
      if (format === 'html' && n === Math.max(...SIZES)) bigHtml = text;
    }
  }
  process.stdout.write(`${table.toString()}\n`);
  process.stdout.write('SARIF keeps at most 25,000 results (GitHub code scanning limit), open failures first, and says when it left some out.\n');

  const { existsSync } = await import('node:fs');
  if (!existsSync(CHROMIUM)) {
    process.stdout.write(`Chromium: ${CHROMIUM} not found, the in-browser figures are skipped (apt-get install -y chromium)\n`);
  } else {
    const file = join(dir, 'report.html');
    writeFileSync(file, bigHtml);
    const url = pathToFileURL(file).href;
    const { chromium } = await import('playwright-core');
    const context = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--enable-precise-memory-info'],
    });
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      const t0 = performance.now();
      await page.goto(url);
      await page.waitForSelector('body[data-ready="1"]', { timeout: 120_000 });
      const openS = (performance.now() - t0) / 1000;
      const timed = async (action: () => Promise<unknown>): Promise<number> => {
        const before = await page.locator('#p-status').textContent();
        const start = performance.now();
        await action();
        await page.waitForFunction((prev) => document.getElementById('p-status')?.textContent !== prev, before, { timeout: 60_000 });
        return (performance.now() - start) / 1000;
      };
      const firstSearch = await timed(() => page.fill('#f-search', 'svc-7'));
      const secondSearch = await timed(() => page.fill('#f-search', 'svc-71 i3'));
      const filter = await timed(() => page.selectOption('#f-status', 'fail'));
      await timed(() => page.selectOption('#f-status', ''));
      const fingerprintSearch = await timed(() => page.fill('#f-search', (full.findings[99_999] as AuditResult['findings'][number]).fingerprint.slice(0, 16)));
      const detailStart = performance.now();
      await page.locator('#findings-body tr[data-index]').first().click();
      await page.waitForSelector('#findings-body tr.detail-row');
      const detailS = (performance.now() - detailStart) / 1000;
      const heap = await page.evaluate(() => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0);
      const elements = await page.evaluate(() => document.getElementsByTagName('*').length);
      const browser = new Table({ head: ['100,000 findings in Chromium', 'value'], style: { head: [], border: [] } });
      browser.push(
        ['open to first page drawn', `${openS.toFixed(2)} s`],
        ['first search (builds the search index)', `${firstSearch.toFixed(2)} s`],
        ['next search', `${secondSearch.toFixed(2)} s`],
        ['status filter change', `${filter.toFixed(2)} s`],
        ['fingerprint search (rebuilds 100,000 fingerprints once)', `${fingerprintSearch.toFixed(2)} s`],
        ['open a finding’s detail', `${detailS.toFixed(2)} s`],
        ['JS heap after these', `${mb(heap)} MB`],
        ['DOM elements', String(elements)],
        ['script errors', String(errors.length)],
      );
      process.stdout.write(`${browser.toString()}\n`);
    } finally {
      await context.close();
    }
  }
  process.stdout.write('targets: HTML at 100,000 findings < 20 MB and responsive in Chromium\n');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
