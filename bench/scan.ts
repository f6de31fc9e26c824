/**
 * The pull-request gate at scale: a synthetic template repository of 100 bundles and 300 specs
 * (bench/synthetic-templates.ts) written to a temporary directory and scanned end to end —
 * discovery, binding, every render with its variations, parsing and every analysis. Target:
 * under 10 s on the project's 2-core machine.
 *
 *   npm run bench:scan [-- --bundles 100 --specs 300]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fsTree } from '../src/scan/source/fs-tree.ts';
import { prepareScan, scanTree } from '../src/scan/scan.ts';
import { syntheticBindings, writeSyntheticRepository } from './synthetic-templates.ts';

const { values } = parseArgs({ options: { bundles: { type: 'string', default: '100' }, specs: { type: 'string', default: '300' } } });
const bundles = Number(values.bundles);
const specs = Number(values.specs);
const dir = mkdtempSync(join(tmpdir(), 'bench-scan-'));
try {
  const written = writeSyntheticRepository(dir, bundles, specs);
  const t0 = performance.now();
  await prepareScan();
  const t1 = performance.now();
  const result = scanTree(fsTree(dir, ['.']), { bindings: syntheticBindings(bundles) });
  const t2 = performance.now();
  const renders = result.renderings.length;
  const bound = result.bindings.filter((b) => b.bundle).length;
  const mem = process.memoryUsage();
  const lines = [
    `repository: ${bundles} bundles, ${specs} specs, ${written.files} files, ${(written.bytes / 1024).toFixed(0)} KB`,
    `prepare (WASM parsers + IAM reference data): ${((t1 - t0) / 1000).toFixed(2)} s`,
    `scan: ${((t2 - t1) / 1000).toFixed(2)} s (${renders} renderings, ${bound}/${result.bindings.length} specs bound, ${result.issues.length} issues)`,
    `total: ${((t2 - t0) / 1000).toFixed(2)} s  (target < 10 s)`,
    `heap used ${(mem.heapUsed / 1e6).toFixed(0)} MB, rss ${(mem.rss / 1e6).toFixed(0)} MB`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
