/**
 * One step of bench:evaluate, in its own process so its peak RSS is its own:
 *   --write <file> --scale N --seed S   build the synthetic estate's snapshot and write it
 *   --read <file>                        load it as `evaluate --snapshot` does and run the pack
 *   --read <file> --render F --out P     then write format F to P as `evaluate --format F -o P` does
 * Prints one JSON line with the figures.
 */
import { parseArgs } from 'node:util';
import { defaultConfig } from '../src/config/defaults.ts';
import { DEFAULT_RULE_BUDGET_MS } from '../src/engine/budget.ts';
import { BUILTIN_RULES_DIR, evaluate, loadRules, prepareFacts } from '../src/engine/index.ts';
import { renderChunks, type FormatName } from '../src/render/index.ts';
import { readSnapshot, writeSnapshot } from '../src/snapshot/io.ts';
import { writeChunks } from '../src/util/write-chunks.ts';
import { snapshotOfEstate } from './estate-snapshot.ts';
import { syntheticEstate } from './synthetic-estate.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const { values } = parseArgs({ options: { write: { type: 'string' }, read: { type: 'string' }, render: { type: 'string' }, out: { type: 'string' }, scale: { type: 'string', default: '1' }, seed: { type: 'string', default: '2026' } } });
const seconds = (from: number): number => (performance.now() - from) / 1000;

if (values.write) {
  const start = performance.now();
  const snapshot = snapshotOfEstate(syntheticEstate({ scale: Number(values.scale), seed: Number(values.seed) }), '2026-11-01T00:00:00Z');
  const { bytes } = await writeSnapshot(values.write, snapshot);
  process.stdout.write(`${JSON.stringify({ bytes, buildS: seconds(start) })}\n`);
} else if (values.read) {
  const t0 = performance.now();
  await prepareFacts();
  const { rules, frameworks } = await loadRules({ builtinDir: BUILTIN_RULES_DIR, config: defaultConfig() });
  const prepareS = seconds(t0);
  const baselineRssMb = process.memoryUsage().rss / 2 ** 20;
  const t1 = performance.now();
  const { snapshot, sha256 } = await readSnapshot(values.read);
  const loadS = seconds(t1);
  const t2 = performance.now();
  const cpu0 = process.cpuUsage();
  // With the per-rule time budget the CLI gives every evaluation (its clock is read before each resource).
  const budget = { perRuleMs: DEFAULT_RULE_BUDGET_MS, clock: () => performance.now() };
  const result = evaluate({ snapshot, sha256, rules, config: defaultConfig(), now: new Date('2026-11-02T00:00:00Z'), toolVersion: 'bench', budget });
  const evaluateS = seconds(t2);
  const cpu = process.cpuUsage(cpu0);
  const evaluateCpuS = (cpu.user + cpu.system) / 1e6;
  const byStatus: Record<string, number> = { ...result.summary.byStatus };
  const findings = Object.values(byStatus).reduce((a, b) => a + b, 0);
  let resources = 0;
  for (const a of snapshot.accounts) {
    resources += a.iam?.roles.length ?? 0;
    for (const r of a.regions) for (const list of Object.values(r.proton ?? {})) if (Array.isArray(list)) resources += list.length;
  }
  let rendered: Record<string, number> = {};
  if (values.render !== undefined && values.out !== undefined) {
    const format = values.render as FormatName;
    const t3 = performance.now();
    const cpu1 = process.cpuUsage();
    const { bytes } = await writeChunks(values.out, renderChunks(format, result, { color: false, includePassed: true, compliance: { frameworks } }));
    const rcpu = process.cpuUsage(cpu1);
    rendered = { renderS: seconds(t3), renderCpuS: (rcpu.user + rcpu.system) / 1e6, bytes };
  }
  process.stdout.write(
    `${JSON.stringify({ ...rendered, rules: rules.length, resources, findings, byStatus, prepareS, loadS, evaluateS, evaluateCpuS, loadAverage: (await import('node:os')).loadavg()[0], baselineRssMb, peakRssMb: process.resourceUsage().maxRSS / 1024 })}\n`,
  );
}
