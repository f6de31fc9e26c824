/**
 * The pull-request gate at scale: a synthetic template repository of 100 bundles and 300 specs
 * (bench/synthetic-templates.ts) written to a temporary directory and scanned end to end —
 * discovery, binding, every render with its variations, parsing, every analysis, the scan rules
 * and the SARIF report (what `proton-audit scan` does after loading). Target:
 * under 10 s on the project's 2-core machine.
 *
 *   npm run bench:scan [-- --bundles 100 --specs 300]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultConfig } from '../src/config/defaults.ts';
import { BUILTIN_RULES_DIR, loadRules, prepareFacts } from '../src/engine/index.ts';
import { evaluateScan } from '../src/engine/scan-evaluate.ts';
import { renderSarif } from '../src/render/sarif.ts';
import { fsTree } from '../src/scan/source/fs-tree.ts';
import { prepareScan, scanTree } from '../src/scan/scan.ts';
import { syntheticBindings, writeSyntheticRepository } from './synthetic-templates.ts';

const { values } = parseArgs({ options: { bundles: { type: 'string', default: '100' }, specs: { type: 'string', default: '300' } } });
const bundles = Number(values.bundles);
const specs = Number(values.specs);
const dir = mkdtempSync(join(tmpdir(), 'bench-scan-'));
try {
  const written = writeSyntheticRepository(dir, bundles, specs);
  const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const config = defaultConfig();
  const { rules } = await loadRules({ builtinDir: BUILTIN_RULES_DIR, config });
  await Promise.all([prepareFacts(), prepareScan()]);
  const t1 = performance.now();
  const result = scanTree(fsTree(dir, ['.']), { bindings: syntheticBindings(bundles) });
  const t2 = performance.now();
  const evaluated = await evaluateScan({ scan: result, rules, config, now: new Date('2026-12-01T00:00:00Z'), toolVersion: 'bench', sha256: '0'.repeat(64), summary: { paths: ['.'], bundles: result.inventory.bundles.length, specs: result.inventory.specs.length, renderings: result.renderings.length } });
  const t3 = performance.now();
  const sarif = renderSarif(evaluated);
  const t4 = performance.now();
  const renders = result.renderings.length;
  const bound = result.bindings.filter((b) => b.bundle).length;
  const failing = evaluated.summary.byStatus.fail;
  const findings = Object.values(evaluated.summary.byStatus).reduce((a, b) => a + b, 0);
  const mem = process.memoryUsage();
  const cpu = process.cpuUsage(cpu0);
  const [load1] = loadavg();
  const lines = [
    `repository: ${bundles} bundles, ${specs} specs, ${written.files} files, ${(written.bytes / 1024).toFixed(0)} KB`,
    `prepare (rules, WASM parsers, IAM reference data): ${s(t1 - t0)}`,
    `scan (discover, bind, render, parse, analyse): ${s(t2 - t1)} (${renders} renderings, ${bound}/${result.bindings.length} specs bound, ${result.issues.length} issues)`,
    `evaluate (${evaluated.rules.length} scan rules): ${s(t3 - t2)} (${findings} findings, ${failing} failing)`,
    `SARIF: ${s(t4 - t3)} (${(sarif.length / 1024).toFixed(0)} KB)`,
    `total: ${s(t4 - t0)} wall, ${s((cpu.user + cpu.system) / 1000)} CPU  (target < 10 s; load average ${(load1 ?? 0).toFixed(1)} on ${cpus().length} cores)`,
    `heap used ${(mem.heapUsed / 1e6).toFixed(0)} MB, rss ${(mem.rss / 1e6).toFixed(0)} MB`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
