/**
 * Reports at scale: the full rule pack over the synthetic estate at 100× (every finding, passes
 * included, not a slice), then each format written to a file the way `evaluate --format F -o`
 * writes it: JSON, JSON Lines, SARIF, HTML and Markdown. Each format runs in its own process
 * (load, evaluate, write), so its peak RSS is its own: size, gzipped size, write time and peak.
 *
 * The HTML report is then opened in real Chromium (/usr/bin/chromium, headless; bench/browser-load.ts)
 * and timed until its first table page is drawn, then the "All" tab and a search.
 *
 *   npm run bench:render
 *   npm run bench:render -- --scale 10 --formats json,html
 *   npm run bench:render -- --browser false     (no Chromium timing)
 */
import { execFile } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseArgs, promisify } from 'node:util';
import { createGzip } from 'node:zlib';
import { Writable } from 'node:stream';
import Table from 'cli-table3';
import { CHROMIUM, timeHtmlLoad, type BrowserLoad } from './browser-load.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const run = promisify(execFile);
const { values } = parseArgs({ options: { scale: { type: 'string', default: '100' }, seed: { type: 'string', default: '2026' }, formats: { type: 'string', default: 'json,jsonl,sarif,html,markdown,csv,ocsf' }, browser: { type: 'string', default: 'true' } } });
const scale = Number(values.scale);
const formats = (values.formats ?? '').split(',').filter(Boolean);
const mb = (bytes: number): string => (bytes / 1e6).toFixed(1);

async function gzippedBytes(path: string): Promise<number> {
  let n = 0;
  await pipeline(createReadStream(path), createGzip(), new Writable({ write: (chunk: Buffer, _e, done) => ((n += chunk.length), done()) }));
  return n;
}

const step = async (args: string[]): Promise<Record<string, unknown>> => {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', new URL('./evaluate-run.ts', import.meta.url).pathname, ...args], { maxBuffer: 1 << 20 });
  return JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as Record<string, unknown>;
};

const dir = mkdtempSync(join(tmpdir(), 'pa-bench-render-'));
const table = new Table({ head: ['format', 'size MB', 'gzipped MB', 'write s (CPU s)', 'evaluate s', 'peak RSS MB', 'load avg'], style: { head: [], border: [] } });
try {
  const snapshot = join(dir, 'snapshot.json');
  process.stderr.write(`${scale}×: building the snapshot...\n`);
  await step(['--write', snapshot, '--scale', String(scale), '--seed', String(values.seed)]);
  let findings = 0;
  let browser: BrowserLoad | string | undefined;
  for (const format of formats) {
    process.stderr.write(`${scale}×: evaluating and writing ${format}...\n`);
    const out = join(dir, `report.${format}`);
    const r = await step(['--read', snapshot, '--render', format, '--out', out]);
    findings = Number(r.findings);
    table.push([format, mb(Number(r.bytes)), mb(await gzippedBytes(out)), `${Number(r.renderS).toFixed(2)} (${Number(r.renderCpuS).toFixed(2)})`, Number(r.evaluateS).toFixed(2), Number(r.peakRssMb).toFixed(0), Number(r.loadAverage).toFixed(1)]);
    if (format === 'html' && values.browser !== 'false') {
      if (!existsSync(CHROMIUM)) browser = `${CHROMIUM} not found: not timed in a browser`;
      else {
        process.stderr.write(`${scale}×: opening the HTML report in Chromium...\n`);
        try {
          browser = await timeHtmlLoad(out);
        } catch (err) {
          browser = `not timed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`;
        }
      }
    }
    rmSync(out, { force: true });
  }
  process.stdout.write(`${scale}× estate, ${findings.toLocaleString('en-US')} findings (every outcome, passes included), ${cpus().length} cores, load average now ${(loadavg()[0] ?? 0).toFixed(1)}\n`);
  process.stdout.write(`${table.toString()}\n`);
  if (typeof browser === 'string') process.stdout.write(`HTML in Chromium: ${browser}\n`);
  else if (browser) {
    process.stdout.write(
      `HTML in Chromium (headless, load average ${(loadavg()[0] ?? 0).toFixed(1)}): first table page drawn ${(browser.openMs / 1000).toFixed(2)} s after navigation (page clock ${(browser.pageMs / 1000).toFixed(2)} s), JS heap ${browser.heapMb === null ? '?' : browser.heapMb.toFixed(0)} MB; "All" tab ${browser.allTabMs.toFixed(0)} ms; search ${browser.searchMs.toFixed(0)} ms (${browser.searchStatus})${browser.errors.length ? `; page errors: ${browser.errors.join('; ')}` : ''}\n`,
    );
  }
  process.stdout.write('Peak RSS is the whole process: snapshot loaded, evaluated, report written. SARIF keeps at most 25,000 results (GitHub code scanning limit), open failures first, and says when it left some out.\n');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
