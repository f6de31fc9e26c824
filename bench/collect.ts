/**
 * Collection at scale: synthetic estates at 1×, 10× and 100× served by the emulator (in a worker
 * thread, with per-call latency and a server-side TPS limit), collected with the budget set to
 * that TPS; then the same estate re-collected incrementally (`--since`). Prints, per run: API
 * calls against the computed minimum, wall time against the TPS-bound limit (calls ÷ TPS),
 * throttles and failed calls.
 *
 *   npm run bench:collect                       # 1×, 10×, 100×
 *   npm run bench:collect -- --scales 1,10 --latency 20 --tps 100,300
 */
import { parseArgs } from 'node:util';
import Table from 'cli-table3';
import { createProgress } from '../src/cli/pipeline/progress.ts';
import { collect, type CollectOptions } from '../src/collect/index.ts';
import type { CollectStats } from '../src/collect/stats.ts';
import { serializeSnapshot } from '../src/snapshot/io.ts';
import type { Snapshot } from '../src/model/index.ts';
import { sha256Hex } from '../src/util/canonical-json.ts';
import { minimumCalls } from './minimum-calls.ts';
import { estateCounts, syntheticEstate, type SyntheticOptions } from './synthetic-estate.ts';
import { startWorkerEmulator } from './worker-emulator.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const { values } = parseArgs({
  options: {
    scales: { type: 'string', default: '1,10,100' },
    // Per scale; the 100× run uses a higher rate to stay within a few minutes on 2 cores.
    tps: { type: 'string', default: '100,300,800' },
    latency: { type: 'string', default: '20' },
    concurrency: { type: 'string', default: '32' },
    seed: { type: 'string', default: '2026' },
  },
});
const scales = (values.scales ?? '').split(',').map(Number);
const tpsList = (values.tps ?? '').split(',').map(Number);
const latencyMs = Number(values.latency);
const concurrency = Number(values.concurrency);
const seed = Number(values.seed);

interface Row {
  run: string;
  estate: string;
  calls: number;
  minimum: number;
  wallS: number;
  /** max(calls ÷ TPS, longest page chain × latency): the fastest this run could be. */
  limitS: number;
  throttles: number;
  failed: number;
  note: string;
}

const rows: Row[] = [];
const credentials = async () => ({ accessKeyId: 'AKIDBENCHMARK', secretAccessKey: 'bench' });

async function timed(options: CollectOptions): Promise<{ snapshot: Snapshot; stats: CollectStats; seconds: number }> {
  let stats: CollectStats | undefined;
  const progress = createProgress({ stream: process.stderr, tty: false, intervalMs: 15_000 });
  const start = performance.now();
  const snapshot = await collect({
    ...options,
    progress: {
      start: (s) => {
        stats = s as CollectStats;
        progress.start(s);
      },
      stop: () => progress.stop(),
    },
  });
  return { snapshot, stats: stats as CollectStats, seconds: (performance.now() - start) / 1000 };
}

for (const [i, scale] of scales.entries()) {
  const tps = tpsList[i] ?? tpsList[tpsList.length - 1] ?? 100;
  const options: SyntheticOptions = { scale, seed };
  const estate = syntheticEstate(options);
  const counts = estateCounts(estate);
  const minimum = minimumCalls(estate);
  const size = `${counts.environments} env, ${counts.services} svc, ${counts.instances} inst, ${counts.roles} roles`;
  process.stderr.write(`${scale}×: ${size}; emulator latency ${latencyMs} ms, ${tps} TPS; --max-rps ${tps}, --concurrency ${concurrency}\n`);
  const emulator = await startWorkerEmulator(options, { latencyMs, tps });
  try {
    const base: CollectOptions = { endpointUrl: emulator.url, credentials, regions: ['us-east-1'], maxRps: tps, concurrency, env: {} };
    const full = await timed(base);
    const failed = full.snapshot.coverage.reduce((n, e) => n + e.failures, 0);
    rows.push({
      run: `${scale}× full`,
      estate: size,
      calls: full.stats.calls,
      minimum: minimum.total,
      wallS: full.seconds,
      limitS: Math.max(full.stats.calls / tps, (minimum.chain * latencyMs) / 1000),
      throttles: full.stats.throttles,
      failed,
      note: `${tps} TPS`,
    });
    const text = serializeSnapshot(full.snapshot);
    emulator.reset();
    const again = await timed({ ...base, since: { snapshot: full.snapshot, sha256: sha256Hex(text) } });
    const served = await emulator.calls();
    const detailCalls = Object.entries(served)
      .filter(([op]) => /^proton:Get(?!AccountSettings|ResourcesSummary)|^iam:GetPolicyVersion/.test(op))
      .reduce((n, [, c]) => n + c, 0);
    const inc = again.snapshot.collection.incremental;
    rows.push({
      run: `${scale}× incremental`,
      estate: 'unchanged',
      calls: again.stats.calls,
      minimum: minimum.lists,
      wallS: again.seconds,
      // Listing pages follow one another, so an incremental run is bound by the longest listing.
      limitS: Math.max(again.stats.calls / tps, (minimum.chain * latencyMs) / 1000),
      throttles: again.stats.throttles,
      failed: again.snapshot.coverage.reduce((n, e) => n + e.failures, 0),
      note: `${inc?.reused ?? 0} reused, ${inc?.fetched ?? 0} fetched, ${detailCalls} detail calls`,
    });
  } finally {
    await emulator.close();
  }
}

const table = new Table({
  head: ['run', 'estate', 'calls', 'minimum', 'calls ÷ min', 'wall s', 'limit s', 'wall ÷ limit', 'throttles', 'failed', 'note'],
  style: { head: [], border: [] },
});
for (const r of rows) {
  table.push([
    r.run,
    r.estate,
    r.calls,
    r.minimum,
    (r.calls / r.minimum).toFixed(3),
    r.wallS.toFixed(1),
    r.limitS.toFixed(1),
    (r.wallS / r.limitS).toFixed(2),
    r.throttles,
    r.failed,
    r.note,
  ]);
}
process.stdout.write(`${table.toString()}\n`);
process.stdout.write(
  `limit = max(calls ÷ TPS, longest page chain × ${latencyMs} ms latency); the chain only binds incremental runs, whose few calls are mostly one listing's consecutive pages\n` +
    `targets: calls ÷ minimum ≤ 1.2; wall ÷ limit ≤ 1.2 with 0 failed calls; incremental = list pages only (calls = minimum lists, 0 detail calls)\n`,
);
