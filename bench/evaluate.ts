/**
 * Evaluation at scale: the full built-in rule pack over synthetic estates at 1×, 10× and 100×
 * (100× = 100 environments, 1,000 services, 100,000 instances, 500 roles). Each evaluation runs
 * in its own process, loading the snapshot and evaluating it (per-rule time budget included) as
 * `evaluate --snapshot` does, so its peak RSS is measured alone. First checks at 1× that the
 * snapshot built from the estate (bench/estate-snapshot.ts) gives the same findings as a real
 * collection through the emulator.
 *
 *   npm run bench:evaluate
 *   npm run bench:evaluate -- --scales 1,10
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseArgs } from 'node:util';
import Table from 'cli-table3';
import { collect } from '../src/collect/index.ts';
import { defaultConfig } from '../src/config/defaults.ts';
import { startEmulator } from '../src/emulator/index.ts';
import { BUILTIN_RULES_DIR, evaluate, loadRules, prepareFacts } from '../src/engine/index.ts';
import type { Finding, Snapshot } from '../src/model/index.ts';
import { serializeSnapshot } from '../src/snapshot/io.ts';
import { sha256Hex } from '../src/util/canonical-json.ts';
import { findingsOf } from '../src/engine/outcomes.ts';
import { snapshotOfEstate } from './estate-snapshot.ts';
import { syntheticEstate } from './synthetic-estate.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const run = promisify(execFile);
const { values } = parseArgs({ options: { scales: { type: 'string', default: '1,10,100' }, seed: { type: 'string', default: '2026' } } });
const scales = (values.scales ?? '').split(',').map(Number);
const seed = Number(values.seed);

// ---- 1× check: converted snapshot ≡ collected snapshot, as far as the rules can tell.
async function findingsOfSnapshot(snapshot: Snapshot): Promise<Finding[]> {
  await prepareFacts();
  const { rules } = await loadRules({ builtinDir: BUILTIN_RULES_DIR, config: defaultConfig() });
  return findingsOf(evaluate({ snapshot, sha256: sha256Hex(serializeSnapshot(snapshot)), rules, config: defaultConfig(), now: new Date('2026-11-02T00:00:00Z'), toolVersion: 'bench' }));
}
const essence = (f: Finding): string => JSON.stringify([f.fingerprint, f.status, f.message]);
{
  const estate = syntheticEstate({ scale: 1, seed });
  const emulator = await startEmulator({ estate });
  try {
    const collected = await collect({ endpointUrl: emulator.url, credentials: async () => ({ accessKeyId: 'AKIDBENCHMARK', secretAccessKey: 'bench' }), regions: ['us-east-1'], env: {} });
    const [a, b] = await Promise.all([findingsOfSnapshot(collected), findingsOfSnapshot(snapshotOfEstate(estate, '2026-11-01T00:00:00Z'))]);
    const same = a.length === b.length && a.every((f, i) => essence(f) === essence(b[i] as Finding));
    process.stdout.write(`1× check: the snapshot built from the estate gives ${same ? 'the same' : 'DIFFERENT'} ${b.length} findings as a collection through the emulator (${a.length})\n`);
  } finally {
    await emulator.close();
  }
}

const dir = mkdtempSync(join(tmpdir(), 'pa-bench-eval-'));
const step = async (args: string[]): Promise<Record<string, unknown>> => {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', new URL('./evaluate-run.ts', import.meta.url).pathname, ...args], { maxBuffer: 1 << 20 });
  return JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as Record<string, unknown>;
};

const table = new Table({
  head: ['scale', 'resources', 'findings', 'fail / skip / pass', 'snapshot MB', 'load s', 'evaluate s', 'evaluate CPU s', 'load avg', 'findings/s', 'peak RSS MB', 'CPU µs per resource'],
  style: { head: [], border: [] },
});
try {
  for (const scale of scales) {
    const file = join(dir, `snapshot-${scale}.json`);
    process.stderr.write(`${scale}×: building the snapshot...\n`);
    const built = await step(['--write', file, '--scale', String(scale), '--seed', String(seed)]);
    process.stderr.write(`${scale}×: evaluating...\n`);
    const r = await step(['--read', file]);
    const by = r.byStatus as Record<string, number>;
    const evaluateS = Number(r.evaluateS);
    table.push([
      `${scale}×`,
      Number(r.resources),
      Number(r.findings),
      `${by.fail ?? 0} / ${by.skip ?? 0} / ${by.pass ?? 0}`,
      (Number(built.bytes) / 1e6).toFixed(1),
      Number(r.loadS).toFixed(2),
      evaluateS.toFixed(2),
      Number(r.evaluateCpuS).toFixed(2),
      Number(r.loadAverage).toFixed(1),
      Math.round(Number(r.findings) / evaluateS),
      Math.round(Number(r.peakRssMb)),
      ((Number(r.evaluateCpuS) * 1e6) / Number(r.resources)).toFixed(0),
    ]);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.stdout.write(`${table.toString()}\n`);
process.stdout.write('evaluate = the rule pack over a loaded snapshot (facts, rules, findings); load = read + schema validation; rules and IAM reference data load once, before both\n');
process.stdout.write('targets: 100× evaluate < 3 s and peak RSS < 800 MB on 2 cores, growing linearly (CPU µs per resource flat); load avg is the 1-minute average when the evaluation ended (the machine is shared: CPU seconds are the steadier figure)\n');
